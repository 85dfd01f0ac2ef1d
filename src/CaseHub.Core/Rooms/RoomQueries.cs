using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

public sealed record MeetingSummary(Guid Id, string Title, string ProtocolKey, RoomStatus Status, DateTimeOffset Start, DateTimeOffset End,
    string? Location, RoomRole MyRole, int ParticipantCount);

public sealed record ActionSummary(Guid Id, Guid RoomId, string RoomTitle, string Text, DateOnly? DueDate, ActionStatus Status);

/// <summary>
/// Read models for lists and dashboards: only rooms the user takes part in and may still see (a feature's
/// <see cref="IRoomAccessGuard"/> can withdraw a room, e.g. a conference of a case the user was removed from).
/// </summary>
public sealed class RoomQueries(CaseHubDbContext db, IEnumerable<IRoomAccessGuard> guards)
{
    public async Task<List<MeetingSummary>> MeetingsForAsync(Guid userId, bool upcoming, DateTimeOffset now, int take = 50, CancellationToken ct = default)
    {
        var query = db.RoomParticipants.AsNoTracking().Where(p => p.UserId == userId)
            .Join(db.Rooms, p => p.RoomId, r => r.Id, (p, r) => new { p, r });
        query = upcoming
            ? query.Where(x => x.r.Status == RoomStatus.Live || (x.r.Status == RoomStatus.Scheduled && x.r.ScheduledEnd >= now))
            : query.Where(x => x.r.Status == RoomStatus.Closed || x.r.Status == RoomStatus.Cancelled || (x.r.Status == RoomStatus.Scheduled && x.r.ScheduledEnd < now));
        var rows = await (upcoming ? query.OrderBy(x => x.r.ScheduledStart) : query.OrderByDescending(x => x.r.ScheduledStart))
            .Take(take)
            .Select(x => new
            {
                x.r.ContextType, x.r.ContextId,
                Summary = new MeetingSummary(x.r.Id, x.r.Title, x.r.ProtocolKey, x.r.Status, x.r.ScheduledStart, x.r.ScheduledEnd, x.r.Location, x.p.Role,
                    db.RoomParticipants.Count(o => o.RoomId == x.r.Id)),
            })
            .ToListAsync(ct);
        var visible = new List<MeetingSummary>(rows.Count);
        foreach (var row in rows)
            if (await guards.AllowAsync(row.ContextType, row.ContextId, userId, ct)) visible.Add(row.Summary);
        return visible;
    }

    /// <summary>Open action items the user owns, soonest due first (no due date last).</summary>
    public async Task<List<ActionSummary>> OpenActionsForAsync(Guid userId, int take = 50, CancellationToken ct = default)
    {
        var rows = await db.ActionItems.AsNoTracking().Where(a => a.OwnerId == userId && a.Status == ActionStatus.Open)
            .Join(db.Rooms, a => a.RoomId, r => r.Id, (a, r) => new { r.ContextType, r.ContextId, Summary = new ActionSummary(a.Id, r.Id, r.Title, a.Text, a.DueDate, a.Status) })
            .ToListAsync(ct);
        var visible = new List<ActionSummary>(rows.Count);
        foreach (var row in rows)
            if (await guards.AllowAsync(row.ContextType, row.ContextId, userId, ct)) visible.Add(row.Summary);
        return visible.OrderBy(a => a.DueDate ?? DateOnly.MaxValue).Take(take).ToList();
    }
}
