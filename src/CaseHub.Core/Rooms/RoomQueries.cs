using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

public sealed record MeetingSummary(Guid Id, string Title, string ProtocolKey, RoomStatus Status, DateTimeOffset Start, DateTimeOffset End,
    string? Location, RoomRole MyRole, int ParticipantCount);

public sealed record ActionSummary(Guid Id, Guid RoomId, string RoomTitle, string Text, DateOnly? DueDate, ActionStatus Status);

/// <summary>Read models for lists and dashboards: only rooms the user takes part in.</summary>
public sealed class RoomQueries(CaseHubDbContext db)
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
            .Select(x => new MeetingSummary(x.r.Id, x.r.Title, x.r.ProtocolKey, x.r.Status, x.r.ScheduledStart, x.r.ScheduledEnd, x.r.Location, x.p.Role,
                db.RoomParticipants.Count(o => o.RoomId == x.r.Id)))
            .ToListAsync(ct);
        return rows;
    }

    /// <summary>Open action items the user owns, soonest due first (no due date last).</summary>
    public async Task<List<ActionSummary>> OpenActionsForAsync(Guid userId, int take = 50, CancellationToken ct = default)
    {
        var rows = await db.ActionItems.AsNoTracking().Where(a => a.OwnerId == userId && a.Status == ActionStatus.Open)
            .Join(db.Rooms, a => a.RoomId, r => r.Id, (a, r) => new ActionSummary(a.Id, r.Id, r.Title, a.Text, a.DueDate, a.Status))
            .ToListAsync(ct);
        return rows.OrderBy(a => a.DueDate ?? DateOnly.MaxValue).Take(take).ToList();
    }
}
