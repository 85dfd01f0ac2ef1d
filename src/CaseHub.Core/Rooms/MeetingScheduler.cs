using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

/// <summary>
/// A meeting and its calendar invitation kept together: creating, rescheduling, inviting, removing and cancelling
/// change the room and send the matching iCalendar request, update or cancellation in one transaction.
/// </summary>
public sealed class MeetingScheduler(CaseHubDbContext db, RoomService rooms, CalendarService calendar, IRoomBroadcaster broadcaster, TimeProvider clock,
    IEnumerable<IRoomDetailsFollower> followers, People people)
{
    public const string CalendarOwnerType = "room";

    public async Task<Room> CreateAsync(RoomSpec spec, Guid organiserId, CancellationToken ct = default)
    {
        var room = await rooms.CreateAsync(spec, organiserId, ct);
        var organiser = await db.Users.FirstAsync(u => u.Id == organiserId, ct);
        await calendar.ScheduleAsync(CalendarSpec(room, organiser.DisplayName, organiser.Email!), await InviteesAsync(room.Participants.Select(p => p.UserId), ct), ct);
        await db.SaveChangesAsync(ct);
        return room;
    }

    /// <summary>Changes title, time, place, link or purpose; invitees get an update saying what changed.</summary>
    public async Task UpdateDetailsAsync(Guid roomId, Guid userId, string? title, DateTimeOffset start, DateTimeOffset end,
        string? location, string? videoUrl, string? purpose, CancellationToken ct = default)
    {
        var room = await ManageableAsync(roomId, userId, ct);
        if (room.Status != RoomStatus.Scheduled && (start != room.ScheduledStart || end != room.ScheduledEnd))
            throw new DomainException("Rooms.Error.AlreadyStarted");
        room.Title = Validation.RequireText(title, Room.TitleMaxLength, "Title");
        RoomService.ValidateSchedule(start, end);
        room.ScheduledStart = start;
        room.ScheduledEnd = end;
        var loc = Validation.RequireText(location, Room.LocationMaxLength, "Location", required: false);
        room.Location = loc.Length == 0 ? null : loc;
        room.VideoUrl = RoomService.ValidateUrl(videoUrl);
        var p = Validation.RequireText(purpose, Room.PurposeMaxLength, "Purpose", required: false);
        room.Purpose = p.Length == 0 ? null : p;
        if (await calendar.FindAsync(CalendarOwnerType, room.Id, ct) is { } entry)
            await calendar.UpdateAsync(entry, CalendarSpec(room, entry.OrganizerName, entry.OrganizerEmail), null, ct);
        // A feature that keeps its own copy of the meeting's time (an immersion event…) follows in the same save.
        if (room.ContextType is { } context)
            foreach (var follower in followers.Where(f => f.ContextType == context))
                await follower.OnDetailsChangedAsync(room, ct);
        room.StateVersion++;
        await db.SaveChangesAsync(ct);
        await broadcaster.PatchAsync(room.Id, new RoomPatch(RoomLiveState.Deserialize(room.StateJson).Version, clock.GetUtcNow()));
    }

    public async Task AddParticipantAsync(Guid roomId, Guid userId, ParticipantSpec spec, CancellationToken ct = default)
    {
        var participant = await rooms.AddParticipantAsync(roomId, userId, spec, ct);
        if (await calendar.FindAsync(CalendarOwnerType, roomId, ct) is { } entry)
            await calendar.InviteAsync(entry, await InviteesAsync([participant.UserId], ct), ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveParticipantAsync(Guid roomId, Guid userId, Guid participantId, CancellationToken ct = default)
    {
        var email = await db.Users.Where(u => u.Id == participantId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        await rooms.RemoveParticipantAsync(roomId, userId, participantId, ct);
        if (email is not null && await calendar.FindAsync(CalendarOwnerType, roomId, ct) is { } entry)
        {
            await calendar.UninviteAsync(entry, [email], ct);
            await db.SaveChangesAsync(ct);
        }
    }

    public async Task CancelAsync(Guid roomId, Guid userId, string? reason, CancellationToken ct = default)
    {
        var room = await ManageableAsync(roomId, userId, ct);
        if (room.Status != RoomStatus.Scheduled) throw new DomainException("Rooms.Error.AlreadyStarted");
        room.Status = RoomStatus.Cancelled;
        room.StateVersion++;
        if (await calendar.FindAsync(CalendarOwnerType, room.Id, ct) is { } entry)
            await calendar.CancelAsync(entry, Validation.RequireText(reason, 500, "Reason", required: false), ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task<Room> ManageableAsync(Guid roomId, Guid userId, CancellationToken ct)
    {
        var room = await db.Rooms.FirstOrDefaultAsync(r => r.Id == roomId, ct) ?? throw DomainException.NotFound();
        var state = RoomLiveState.Deserialize(room.StateJson);
        if (room.OrganiserId != userId && state.ActingChairId != userId)
            throw await db.RoomParticipants.AnyAsync(p => p.RoomId == roomId && p.UserId == userId, ct) ? DomainException.Forbidden() : DomainException.NotFound();
        if (room.Status is RoomStatus.Closed or RoomStatus.Cancelled) throw new DomainException("Rooms.Error.Closed");
        return room;
    }

    private static CalendarEntrySpec CalendarSpec(Room room, string organiserName, string organiserEmail) => new()
    {
        OwnerType = CalendarOwnerType,
        OwnerId = room.Id,
        Start = room.ScheduledStart,
        End = room.ScheduledEnd,
        Title = LocalizedText.Same(room.Title),
        Description = LocalizedText.Same(room.Purpose),
        Location = room.Location,
        OnlineUrl = room.VideoUrl,
        LinkPath = $"/meetings/{room.Id}",
        OrganizerName = organiserName,
        OrganizerEmail = organiserEmail,
        OrganizerUserId = room.OrganiserId,
        ShowInviteeList = true,
    };

    private async Task<List<InviteeSpec>> InviteesAsync(IEnumerable<Guid> userIds, CancellationToken ct)
        => (await people.ReachableAsync(userIds, ct)).Select(p => new InviteeSpec(p.Email!, p.Name, p.Language, p.Id, false)).ToList();
}

/// <summary>
/// A feature whose own record mirrors a meeting's details (matched by <see cref="Room.ContextType"/>): told when the
/// meeting is changed from its own page, before the change is saved, so both move in one save and never drift apart.
/// </summary>
public interface IRoomDetailsFollower
{
    string ContextType { get; }
    /// <summary>Updates the feature's tracked entities from <paramref name="room"/>; must not save.</summary>
    Task OnDetailsChangedAsync(Room room, CancellationToken ct);
}

/// <summary>A "No" to a meeting invitation marks the person excused (with their reason) in the meeting's attendance.</summary>
public sealed class RoomCalendarReplies : ICalendarReplyListener
{
    public string OwnerType => MeetingScheduler.CalendarOwnerType;

    public async Task OnReplyAsync(CaseHubDbContext db, CalendarEntry entry, CalendarInvitee invitee, CancellationToken ct)
    {
        if (invitee.UserId is not { } userId) return;
        var p = await db.RoomParticipants.FirstOrDefaultAsync(x => x.RoomId == entry.OwnerId && x.UserId == userId, ct);
        if (p is null) return;
        if (invitee.Response == CalendarResponse.Declined)
        {
            p.Attendance = Attendance.Excused;
            var reason = invitee.DeclineReason?.Trim();
            p.AttendanceNote = string.IsNullOrEmpty(reason) ? null : reason[..Math.Min(reason.Length, RoomParticipant.AttendanceNoteMaxLength)];
        }
        else if (p.Attendance == Attendance.Excused)
        {
            // They changed their mind: no longer excused.
            p.Attendance = Attendance.Unknown;
            p.AttendanceNote = null;
        }
    }
}
