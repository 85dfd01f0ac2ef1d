using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Audit;

/// <summary>What features call: add an audit entry to the current unit of work (saved with the change it records).</summary>
public sealed class AuditLog(TimeProvider clock)
{
    public AuditEntry Record(CaseHubDbContext db, Guid? actorId, string action, string targetType, object? targetId, string? details = null)
    {
        if (string.IsNullOrWhiteSpace(action) || action.Length > AuditEntry.ActionMaxLength) throw new ArgumentException("Audit action code is required (≤ 80 characters).", nameof(action));
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = actorId,
            Action = action,
            TargetType = Truncate(targetType, AuditEntry.TargetTypeMaxLength)!,
            TargetId = Truncate(targetId?.ToString(), AuditEntry.TargetIdMaxLength),
            Details = Truncate(details, AuditEntry.DetailsMaxLength),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>For reads (someone viewed a record): recorded on its own, as there is no change to ride along with.</summary>
    public async Task RecordViewAsync(CaseHubDbContext db, Guid? actorId, string action, string targetType, object? targetId, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        Record(db, actorId, action, targetType, targetId);
        await db.SaveChangesAsync(ct);
    }

    private static string? Truncate(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];
}

/// <summary>The hash chain: how an entry's hash is computed, sealing, verification.</summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string HashOf(AuditEntry e, long seq, string previousHash)
    {
        var canonical = string.Join('\n', previousHash, seq.ToString(CultureInfo.InvariantCulture), e.Id.ToString("N"),
            e.At.UtcTicks.ToString(CultureInfo.InvariantCulture), e.ActorId?.ToString("N") ?? "-", e.Action, e.TargetType, e.TargetId ?? "-", e.Details ?? "-");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant();
    }

    /// <summary>Chains unsealed entries (oldest first). Safe on several nodes: the head row's version admits one sealer.</summary>
    public static async Task<int> SealAsync(CaseHubDbContext db, int batch = 500, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var head = await db.AuditChainHeads.SingleOrDefaultAsync(h => h.Id == 1, ct);
        if (head is null)
        {
            head = new AuditChainHead();
            db.AuditChainHeads.Add(head);
        }
        var pending = await db.AuditEntries.Where(e => e.Seq == null).OrderBy(e => e.At).ThenBy(e => e.Id).Take(batch).ToListAsync(ct);
        if (pending.Count == 0) return 0;
        foreach (var e in pending)
        {
            var seq = head.LastSeq + 1;
            e.Seq = seq;
            e.PreviousHash = head.LastHash;
            e.Hash = HashOf(e, seq, head.LastHash);
            head.LastSeq = seq;
            head.LastHash = e.Hash;
        }
        head.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
            return pending.Count;
        }
        catch (DbUpdateException)
        {
            // Another node sealed these first (head version or Seq conflict): nothing lost, try again next round.
            db.ChangeTracker.Clear();
            return 0;
        }
    }

    /// <summary>
    /// Retention: removes sealed entries older than <paramref name="before"/> and records where the remaining chain
    /// starts (seq and hash of the last removed entry), so what is left still verifies. Idempotent.
    /// </summary>
    public static async Task<int> PruneAsync(CaseHubDbContext db, DateTimeOffset before, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var head = await db.AuditChainHeads.SingleOrDefaultAsync(h => h.Id == 1, ct);
        if (head is null) return 0;
        // Only a prefix of the chain can go: stop at the first entry that is still young.
        var firstYoung = await db.AuditEntries.Where(e => e.Seq != null && e.At >= before).MinAsync(e => e.Seq, ct) ?? head.LastSeq + 1;
        var last = await db.AuditEntries.AsNoTracking().Where(e => e.Seq != null && e.Seq < firstYoung).OrderByDescending(e => e.Seq).FirstOrDefaultAsync(ct);
        if (last is null) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        head.PrunedThroughSeq = last.Seq!.Value;
        head.PrunedThroughHash = last.Hash!;
        head.Version++;
        await db.SaveChangesAsync(ct);
        var removed = await db.AuditEntries.Where(e => e.Seq != null && e.Seq <= last.Seq).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return removed;
    }

    public sealed record Verification(bool Intact, long Sealed, int Unsealed, long? FirstBrokenSeq, string? Problem);

    /// <summary>Recomputes every hash from the first entry; reports the first place where the chain does not hold.</summary>
    /// <remarks>The head is read first and only entries up to its last seq are checked: the sealer keeps running while
    /// we verify, and entries it seals after that snapshot are not "removed from the end".</remarks>
    public static async Task<Verification> VerifyAsync(CaseHubDbContext db, CancellationToken ct = default)
    {
        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        var previous = head?.PrunedThroughHash ?? Genesis;
        long expected = (head?.PrunedThroughSeq ?? 0) + 1, count = 0;
        var last = head?.LastSeq ?? 0;
        const int page = 2000;
        while (expected <= last)
        {
            var from = expected;
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Seq >= from && e.Seq <= last).OrderBy(e => e.Seq).Take(page).ToListAsync(ct);
            foreach (var e in entries)
            {
                if (e.Seq != expected) return new(false, count, 0, expected, $"entry {expected} is missing");
                if (e.PreviousHash != previous) return new(false, count, 0, e.Seq, $"entry {e.Seq} does not follow entry {e.Seq - 1}");
                if (e.Hash != HashOf(e, e.Seq!.Value, previous)) return new(false, count, 0, e.Seq, $"entry {e.Seq} was changed after it was sealed");
                previous = e.Hash!;
                expected++;
                count++;
            }
            if (entries.Count < page) break;
        }
        if (head is not null && (expected - 1 != last || head.LastHash != previous))
            return new(false, count, 0, expected, $"the chain ends at entry {expected - 1} but {last} were sealed (entries removed from the end)");
        var unsealed = await db.AuditEntries.CountAsync(e => e.Seq == null, ct);
        return new(true, count, unsealed, null, null);
    }
}

/// <summary>Seals new audit entries every few seconds, on every node (one wins each round).</summary>
public sealed class AuditSealer(IServiceScopeFactory scopes, WorkerClock pacing, ILogger<AuditSealer> log) : PeriodicWorker(pacing, log)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(3);

    protected override async Task<bool> RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        while (await AuditChain.SealAsync(db, ct: ct) > 0) { }
        return false;
    }
}
