using CaseHub.Core.Common;

namespace CaseHub.Unit.Tests.Common;

public class KeyedTurnsTests
{
    [Fact]
    public async Task Callers_of_one_key_take_turns_while_other_keys_go_on()
    {
        var turns = new KeyedTurns<int>();
        var first = await turns.TakeAsync([1], CancellationToken.None);
        var second = turns.TakeAsync([1], CancellationToken.None);
        var other = turns.TakeAsync([2], CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully); // another key does not wait
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();
        (await other).Dispose();
        Assert.Equal(0, turns.Active);
    }

    [Fact]
    public async Task A_caller_that_gives_up_waiting_does_not_free_the_holder_turn()
    {
        var turns = new KeyedTurns<int>();
        using var holder = await turns.TakeAsync([1], CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var givingUp = turns.TakeAsync([1], cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givingUp);

        var next = turns.TakeAsync([1], CancellationToken.None);
        Assert.False(next.IsCompleted); // the holder still has it
        holder.Dispose();
        (await next).Dispose();
        Assert.Equal(0, turns.Active);
    }

    [Fact]
    public async Task Two_keys_are_taken_in_order_so_opposite_callers_never_deadlock()
    {
        var turns = new KeyedTurns<int>();
        var counter = 0;
        var tasks = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            using var turn = await turns.TakeAsync(i % 2 == 0 ? [1, 2] : [2, 1], CancellationToken.None);
            var seen = counter; // a lost update here would mean two callers held the turn at once
            await Task.Yield();
            counter = seen + 1;
        }));
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(200, counter);
        Assert.Equal(0, turns.Active);
    }
}
