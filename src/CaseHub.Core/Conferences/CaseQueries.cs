using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Conferences;

/// <summary>
/// What the case pages show about a case: the case, who works on it and its conferences. No access check here: the
/// pages ask <see cref="CaseService"/> for the reader's membership (or the facilitator's) first, as the hub does.
/// </summary>
public sealed class CaseQueries(CaseHubDbContext db)
{
    /// <summary>The case; throws when the id is unknown.</summary>
    public Task<ConferenceCase> CaseAsync(Guid caseId, CancellationToken ct = default)
        => db.ConferenceCases.AsNoTracking().FirstAsync(c => c.Id == caseId, ct);

    /// <summary>The case's members (but <paramref name="except"/>) with their display names, ordered by party.</summary>
    public async Task<List<(CaseMember Member, string Name)>> MembersAsync(Guid caseId, Guid? except = null, CancellationToken ct = default)
        => (await db.CaseMembers.AsNoTracking().Where(m => m.CaseId == caseId && m.UserId != except).Include(m => m.User).ToListAsync(ct))
            .OrderBy(m => m.Party).Select(m => (m, m.User!.DisplayName)).ToList();

    /// <summary>The case's conferences with their rooms, latest first.</summary>
    public async Task<List<(Conference Conference, Room Room)>> ConferencesAsync(Guid caseId, CancellationToken ct = default)
        => (await db.Conferences.AsNoTracking().Where(c => c.CaseId == caseId).Join(db.Rooms, c => c.RoomId, r => r.Id, (c, r) => new { c, r }).ToListAsync(ct))
            .OrderByDescending(x => x.r.ScheduledStart).Select(x => (x.c, x.r)).ToList();

    /// <summary>Whether the handover belongs to the case.</summary>
    public Task<bool> HasHandoverAsync(Guid caseId, Guid handoverId, CancellationToken ct = default)
        => db.Handovers.AnyAsync(h => h.Id == handoverId && h.CaseId == caseId, ct);
}
