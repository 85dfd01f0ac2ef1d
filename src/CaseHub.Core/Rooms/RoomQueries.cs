using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

/// <param name="HeldAt">When it actually started (a meeting held on another day than planned is listed under that day).</param>
public sealed record MeetingSummary(Guid Id, string Title, string ProtocolKey, RoomStatus Status, DateTimeOffset Start, DateTimeOffset End,
    string? Location, RoomRole MyRole, int ParticipantCount, DateTimeOffset? HeldAt = null)
{
    /// <summary>The day it is listed under: the day it was held, else the day it is planned for.</summary>
    public DateTimeOffset Day => HeldAt ?? Start;
    public bool HeldOnAnotherDay => HeldAt is { } held && Calendar.CalendarTime.LocalDate(held) != Calendar.CalendarTime.LocalDate(Start);
}

public sealed record ActionSummary(Guid Id, Guid RoomId, string RoomTitle, string Text, DateOnly? DueDate, ActionStatus Status);

/// <summary>
/// Read models for lists and dashboards: only rooms the user takes part in and may still see (a feature's
/// <see cref="IRoomAccessGuard"/> can withdraw a room, e.g. a conference of a case the user was removed from).
/// </summary>
public sealed class RoomQueries(CaseHubDbContext db, IEnumerable<IRoomAccessGuard> guards)
{
    /// <summary>The room, for a caller who checked the user's membership first; throws when the id is unknown.</summary>
    public Task<Room> GetAsync(Guid roomId, CancellationToken ct = default)
        => db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct);

    /// <summary>The room, or null.</summary>
    public Task<Room?> FindAsync(Guid roomId, CancellationToken ct = default)
        => db.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, ct);

    /// <summary>The user's place in the room, or null when they are not a participant.</summary>
    public Task<RoomParticipant?> ParticipationAsync(Guid roomId, Guid userId, CancellationToken ct = default)
        => db.RoomParticipants.AsNoTracking().FirstOrDefaultAsync(p => p.RoomId == roomId && p.UserId == userId, ct);

    /// <summary>The participants in the order they joined, with their display names.</summary>
    public async Task<List<(RoomParticipant Participant, string Name)>> ParticipantsAsync(Guid roomId, CancellationToken ct = default)
        => (await db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == roomId).OrderBy(p => p.JoinOrder)
                .Select(p => new { p, p.User!.DisplayName }).ToListAsync(ct))
            .Select(x => (x.p, x.DisplayName)).ToList();

    /// <summary>The plan, in order.</summary>
    public Task<List<RoomPhase>> PhasesAsync(Guid roomId, CancellationToken ct = default)
        => db.RoomPhases.AsNoTracking().Where(p => p.RoomId == roomId).OrderBy(p => p.Order).ToListAsync(ct);

    public async Task<List<MeetingSummary>> MeetingsForAsync(Guid userId, bool upcoming, DateTimeOffset now, int take = 50, CancellationToken ct = default)
    {
        var query = db.RoomParticipants.AsNoTracking().Where(p => p.UserId == userId)
            .Join(db.Rooms, p => p.RoomId, r => r.Id, (p, r) => new { p, r });
        query = upcoming
            ? query.Where(x => x.r.Status == RoomStatus.Live || (x.r.Status == RoomStatus.Scheduled && x.r.ScheduledEnd >= now))
            : query.Where(x => x.r.Status == RoomStatus.Closed || x.r.Status == RoomStatus.Cancelled || (x.r.Status == RoomStatus.Scheduled && x.r.ScheduledEnd < now));
        var rows = await (upcoming ? query.OrderBy(x => x.r.ScheduledStart) : query.OrderByDescending(x => x.r.StartedAt ?? x.r.ScheduledStart))
            .Take(take)
            .Select(x => new
            {
                x.r.ContextType, x.r.ContextId,
                Summary = new MeetingSummary(x.r.Id, x.r.Title, x.r.ProtocolKey, x.r.Status, x.r.ScheduledStart, x.r.ScheduledEnd, x.r.Location, x.p.Role,
                    db.RoomParticipants.Count(o => o.RoomId == x.r.Id), x.r.StartedAt),
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
