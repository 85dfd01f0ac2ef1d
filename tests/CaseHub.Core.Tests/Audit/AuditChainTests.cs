using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CaseHub.Core.Tests.Audit;

/// <summary>The audit trail on a real SQLite file: entries ride along with changes, get chained, and tampering shows.</summary>
public sealed class AuditChainTests : IAsyncLifetime
{
    private CoreTestHost _host = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() => _host = await CoreTestHost.CreateAsync("audit");

    private CaseHubDbContext NewDb() => _host.NewDb();

    private async Task RecordAsync(int count, string action = "Rooms.BallotCast")
    {
        var db = NewDb();
        var log = new AuditLog(_clock);
        for (var i = 0; i < count; i++)
        {
            log.Record(db, Guid.NewGuid(), action, "Vote", Guid.NewGuid(), $"n={i}");
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Entries_are_chained_in_order_and_the_chain_verifies()
    {
        await RecordAsync(5);
        Assert.Equal(5, await AuditChain.SealAsync(NewDb()));
        await RecordAsync(3);
        var before = await AuditChain.VerifyAsync(NewDb());
        Assert.True(before.Intact);
        Assert.Equal(5, before.Sealed);
        Assert.Equal(3, before.Unsealed);

        Assert.Equal(3, await AuditChain.SealAsync(NewDb()));
        Assert.Equal(0, await AuditChain.SealAsync(NewDb()));
        var entries = await NewDb().AuditEntries.OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long?)i), entries.Select(e => e.Seq));
        Assert.Equal(AuditChain.Genesis, entries[0].PreviousHash);
        Assert.All(entries.Skip(1).Zip(entries), p => Assert.Equal(p.Second.Hash, p.First.PreviousHash));
        Assert.Equal(new AuditChain.Verification(true, 8, 0, null, null), await AuditChain.VerifyAsync(NewDb()));
    }

    [Fact]
    public async Task Changing_an_entry_after_sealing_is_detected_at_that_entry()
    {
        await RecordAsync(6);
        await AuditChain.SealAsync(NewDb());
        await NewDb().AuditEntries.Where(e => e.Seq == 4).ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, "n=99"));

        var result = await AuditChain.VerifyAsync(NewDb());
        Assert.False(result.Intact);
        Assert.Equal(4, result.FirstBrokenSeq);
        Assert.Contains("changed", result.Problem);
    }

    [Fact]
    public async Task Removing_an_entry_in_the_middle_or_at_the_end_is_detected()
    {
        await RecordAsync(6);
        await AuditChain.SealAsync(NewDb());
        await NewDb().AuditEntries.Where(e => e.Seq == 6).ExecuteDeleteAsync();
        var atEnd = await AuditChain.VerifyAsync(NewDb());
        Assert.False(atEnd.Intact);
        Assert.Contains("removed from the end", atEnd.Problem);

        await NewDb().AuditEntries.Where(e => e.Seq == 2).ExecuteDeleteAsync();
        var inMiddle = await AuditChain.VerifyAsync(NewDb());
        Assert.False(inMiddle.Intact);
        Assert.Equal(2, inMiddle.FirstBrokenSeq);
    }

    [Fact]
    public async Task Rehashing_a_changed_entry_does_not_hide_it_because_the_next_entry_still_points_to_the_old_hash()
    {
        await RecordAsync(4);
        await AuditChain.SealAsync(NewDb());
        var db = NewDb();
        var e2 = await db.AuditEntries.SingleAsync(e => e.Seq == 2);
        e2.Details = "n=forged";
        e2.Hash = AuditChain.HashOf(e2, 2, e2.PreviousHash!);
        await db.SaveChangesAsync();

        var result = await AuditChain.VerifyAsync(NewDb());
        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSeq);
    }

    [Fact]
    public async Task Two_sealers_at_once_never_fork_the_chain()
    {
        await RecordAsync(40);
        var sealedCounts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var total = 0;
            for (var round = 0; round < 20; round++) total += await AuditChain.SealAsync(NewDb(), batch: 7);
            return total;
        })));
        Assert.Equal(40, sealedCounts.Sum());
        Assert.Equal(new AuditChain.Verification(true, 40, 0, null, null), await AuditChain.VerifyAsync(NewDb()));
    }

    [Fact]
    public async Task Verifying_while_the_sealer_runs_never_reports_a_broken_chain()
    {
        // The admin page verifies while every node's sealer keeps chaining new entries: what was sealed after the
        // verification started is not "removed from the end".
        using var stop = new CancellationTokenSource();
        var rounds = 0;
        var sealing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await RecordAsync(3);
                await AuditChain.SealAsync(NewDb(), batch: 2);
                Interlocked.Increment(ref rounds);
            }
        });
        // At least 40 verifications, and until the sealer has chained for a while (a fast machine could otherwise
        // finish verifying before the first seal, and the test would prove nothing).
        var results = new List<AuditChain.Verification>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((results.Count < 40 || Volatile.Read(ref rounds) < 10) && DateTime.UtcNow < deadline)
            results.Add(await AuditChain.VerifyAsync(NewDb()));
        await stop.CancelAsync();
        await sealing;
        Assert.All(results, r => Assert.True(r.Intact, r.Problem));
        Assert.Contains(results, r => r.Sealed > 0);
    }

    [Fact]
    public void An_action_code_is_required()
    {
        var log = new AuditLog(_clock);
        Assert.Throws<ArgumentException>(() => log.Record(NewDb(), null, "", "User", null));
        Assert.Throws<ArgumentException>(() => log.Record(NewDb(), null, new string('x', 81), "User", null));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
