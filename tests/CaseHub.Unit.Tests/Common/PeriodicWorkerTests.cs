using CaseHub.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CaseHub.Unit.Tests.Common;

/// <summary>The one shape of background loops: paced by its own clock (here a fake one), failures logged without
/// messages, "more waiting" goes again at once, and a manual round never overlaps the loop's.</summary>
public class PeriodicWorkerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private sealed class CountingWorker(FakeTimeProvider pacing, ILogger log) : PeriodicWorker(new WorkerClock(pacing), log)
    {
        private int _running;
        public int Rounds;
        public int Overlaps;
        public Func<int, Task<bool>> Work { get; init; } = _ => Task.FromResult(false);
        protected override TimeSpan Interval => PeriodicWorkerTests.Interval;
        protected override double Jitter => 0;

        protected override async Task<bool> RoundAsync(CancellationToken ct)
        {
            if (Interlocked.Increment(ref _running) > 1) Interlocked.Increment(ref Overlaps);
            try { return await Work(Interlocked.Increment(ref Rounds)); }
            finally { Interlocked.Decrement(ref _running); }
        }
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add(formatter(state, exception) + (exception is null ? "" : " EXCEPTION:" + exception.Message));
        }
    }

    private static async Task Until(Func<bool> condition, FakeTimeProvider? advance = null)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            advance?.Advance(Interval);
            await Task.Delay(10);
        }
        Assert.True(condition());
    }

    [Fact]
    public async Task A_round_runs_at_start_then_each_time_the_pacing_clock_passes_the_interval()
    {
        var clock = new FakeTimeProvider();
        var worker = new CountingWorker(clock, new RecordingLogger());
        await worker.StartAsync(CancellationToken.None);
        await Until(() => worker.Rounds == 1);
        await Task.Delay(100);
        Assert.Equal(1, worker.Rounds); // real time passing does not matter, only the pacing clock
        await Until(() => worker.Rounds >= 3, advance: clock);
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failing_round_is_logged_with_its_exception_types_only_and_the_loop_goes_on()
    {
        var clock = new FakeTimeProvider();
        var log = new RecordingLogger();
        var worker = new CountingWorker(clock, log)
        {
            Work = n => n == 1 ? throw new InvalidOperationException("mail to someone@example.test failed", new TimeoutException("Jeanne Dupont")) : Task.FromResult(false),
        };
        await worker.StartAsync(CancellationToken.None);
        await Until(() => worker.Rounds >= 2, advance: clock);
        await worker.StopAsync(CancellationToken.None);

        var line = Assert.Single(log.Lines);
        Assert.Contains("CountingWorker: round failed (InvalidOperationException > TimeoutException)", line);
        Assert.DoesNotContain("someone@example.test", line);
        Assert.DoesNotContain("Jeanne", line);
    }

    [Fact]
    public async Task More_work_waiting_starts_the_next_round_at_once_and_manual_rounds_take_turns_with_the_loop()
    {
        var clock = new FakeTimeProvider();
        var worker = new CountingWorker(clock, new RecordingLogger()) { Work = async n => { await Task.Delay(5); return n < 5; } };
        await worker.StartAsync(CancellationToken.None);
        await Until(() => worker.Rounds == 5); // "more waiting" four times: five rounds without the clock moving
        await Task.Delay(100);
        Assert.Equal(5, worker.Rounds); // then it waits for the interval

        var manual = Task.WhenAll(Enumerable.Range(0, 5).Select(_ => worker.RunOnceAsync()));
        await Until(() => manual.IsCompleted && worker.Rounds >= 12, advance: clock);
        await worker.StopAsync(CancellationToken.None);
        Assert.Equal(0, worker.Overlaps);
    }
}
