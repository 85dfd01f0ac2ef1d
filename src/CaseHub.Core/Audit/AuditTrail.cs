using CaseHub.Core.Accounts;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Audit;

/// <summary>What the administrators' search looks for; every part is optional. <c>Until</c> is exclusive.</summary>
public sealed record AuditSearch(string? ActionPrefix, string? ActorEmail, string? TargetId, DateTimeOffset? From, DateTimeOffset? Until);

/// <summary>One entry as the search shows it: the actor as "name &lt;e-mail&gt;" (their id when the account is gone).</summary>
public sealed record AuditRow(long? Seq, DateTimeOffset At, string? Actor, string Action, string TargetType, string? TargetId, string? Details);

/// <summary>
/// The audit trail as pages use it: searching and verifying it (administrators) and recording that someone read or
/// exported personal data (a read has no change to ride along with, so it is saved on its own).
/// </summary>
public sealed class AuditTrail(CaseHubDbContext db, AuditLog log, People people)
{
    /// <summary>Records a read or an export by <paramref name="actorId"/>. Saves (and drops anything else pending).</summary>
    public Task RecordViewAsync(Guid? actorId, string action, string targetType, object? targetId, CancellationToken ct = default)
        => log.RecordViewAsync(db, actorId, action, targetType, targetId, ct);

    /// <summary>One page of entries, newest first, and whether more follow.</summary>
    public async Task<(List<AuditRow> Rows, bool HasMore)> SearchAsync(AuditSearch search, int page, int pageSize, CancellationToken ct = default)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search.ActionPrefix))
        {
            var prefix = search.ActionPrefix.Trim();
            query = query.Where(e => e.Action.StartsWith(prefix));
        }
        if (!string.IsNullOrWhiteSpace(search.TargetId))
        {
            var target = search.TargetId.Trim();
            query = query.Where(e => e.TargetId == target);
        }
        if (!string.IsNullOrWhiteSpace(search.ActorEmail))
        {
            var ids = await people.IdsByEmailAsync(search.ActorEmail, ct);
            query = query.Where(e => e.ActorId != null && ids.Contains(e.ActorId.Value));
        }
        if (search.From is { } from) query = query.Where(e => e.At >= from);
        if (search.Until is { } until) query = query.Where(e => e.At < until);

        var entries = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        var actors = await people.ByIdAsync(entries.Where(e => e.ActorId != null).Select(e => e.ActorId!.Value), ct);
        var rows = entries.Take(pageSize).Select(e => new AuditRow(e.Seq, e.At,
            e.ActorId is { } a ? actors.TryGetValue(a, out var p) ? p.Name + " <" + p.Email + ">" : a.ToString() : null,
            e.Action, e.TargetType, e.TargetId, e.Details)).ToList();
        return (rows, entries.Count > pageSize);
    }

    /// <summary>Verifies the hash chain and records who did it and what came out. Saves.</summary>
    public async Task<AuditChain.Verification> VerifyAsync(Guid actorId, CancellationToken ct = default)
    {
        var verification = await AuditChain.VerifyAsync(db, ct);
        log.Record(db, actorId, "Audit.Verified", "AuditTrail", null, verification.Intact ? "intact" : "broken");
        await db.SaveChangesAsync(ct);
        return verification;
    }
}
