using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Conferences;

/// <summary>
/// A conference room is only for people still on its case: checked on every read (room page, hub, generic minutes,
/// notes), so a worker taken off the case also loses the closed conferences they once sat in.
/// </summary>
public sealed class ConferenceRoomAccess(CaseHubDbContext db) : IRoomAccessGuard
{
    public string ContextType => ConferenceService.ContextType;

    public Task<bool> AllowsAsync(Guid contextId, Guid userId, CancellationToken ct)
        => db.Conferences.AsNoTracking().Where(c => c.Id == contextId)
            .AnyAsync(c => db.CaseMembers.Any(m => m.CaseId == c.CaseId && m.UserId == userId), ct);
}
