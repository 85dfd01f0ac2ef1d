using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

/// <summary>What happened in a meeting's life: what a feature's own record may have to follow.</summary>
public enum MeetingChangeKind
{
    Moved = 0,
    Cancelled = 1,
    ParticipantAdded = 2,
    ParticipantRemoved = 3,
    ChairChanged = 4,
}

/// <param name="UserId">The person added, removed or now chairing.</param>
public sealed record MeetingChange(MeetingChangeKind Kind, Guid? UserId = null);

/// <summary>A meeting as its life cycle sees it: its live room (none for a meeting that only has a calendar
/// invitation, e.g. an immersion preparation morning) and the calendar entry that carries its invitation.</summary>
public sealed class Meeting
{
    public required IMeetingType Type { get; init; }
    public Room? Room { get; init; }
    /// <summary>Its own entry, or the series it is one occurrence of (<see cref="Occurrence"/> set); null when it sent no invitation (demo data).</summary>
    public CalendarEntry? Entry { get; set; }
    /// <summary>Start of the occurrence in the series' rule (iCalendar RECURRENCE-ID) while the meeting is still part of a series.</summary>
    public DateTimeOffset? Occurrence { get; set; }
    /// <summary>The feature's record behind the meeting (a conference, a session…): the room's context, or the entry's owner.</summary>
    public Guid? ContextId => Room is { } r ? r.ContextId : Entry?.OwnerId;
    public bool InSeries => Occurrence is not null;
}

/// <summary>
/// A meeting type's own rules in the one life cycle every scheduled meeting shares (move, cancel, people, chair,
/// preparation, reminders): registered by the feature's module, matched by <see cref="Key"/>. Everything else — the
/// calendar updates and cancellations, cutting a removed person's live connection, refusing bad dates — is done once
/// by <see cref="MeetingScheduler"/>. Derive from <see cref="MeetingType"/> and override only what differs.
/// </summary>
public interface IMeetingType
{
    /// <summary>The rooms it rules (<see cref="Room.ContextType"/>; "" for plain network meetings), or for a type whose
    /// meetings have no room (<see cref="WithoutRoom"/>), the calendar owner type of their entries.</summary>
    string Key { get; }

    /// <summary>Its meetings are calendar entries only: no live room, no chair; the invitees are the participants.</summary>
    bool WithoutRoom { get; }

    /// <summary>May the user move, cancel, invite, remove and change the chair? (They already passed the membership check.)</summary>
    Task<bool> MayOrganiseAsync(Meeting meeting, Guid userId, CancellationToken ct);

    /// <summary>Refuses, with this type's message (a <see cref="DomainException"/>), someone the meeting may not have.</summary>
    Task RequireInvitableAsync(Meeting meeting, Guid userId, CancellationToken ct);

    /// <summary>People the organiser may add (the caller leaves out those already in).</summary>
    Task<IReadOnlyList<Person>> InvitableAsync(Meeting meeting, CancellationToken ct);

    /// <summary>Where a participant prepares (the link of every invitation, mail and calendar file): positions, case
    /// reading, narration choice… A local path.</summary>
    Task<string> PreparationPathAsync(Meeting meeting, CancellationToken ct);

    /// <summary>Text key saying what to prepare ("write your position", "read the cases"…), in the reminder and on the panel.</summary>
    string PreparationTextKey { get; }

    /// <summary>
    /// Who has prepared, for the participants who have something to prepare (the others are left out: the organiser,
    /// the chair, observers…). What "prepared" means is the type's: a position written, the cases opened, a narration chosen.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, bool>> PreparedAsync(Meeting meeting, IReadOnlyList<RoomParticipant> participants, CancellationToken ct);

    /// <summary>
    /// The feature's own record follows the change in the same save (an immersion event's time, an intervision
    /// session's animateur…). Must not save; may refuse the change with a <see cref="DomainException"/> (nothing is saved).
    /// </summary>
    Task FollowAsync(Meeting meeting, MeetingChange change, CancellationToken ct);

    /// <summary>The series whose occurrence carries the meeting's invitation (a recurring intervision), or null.</summary>
    Task<SeriesOccurrence?> SeriesOccurrenceAsync(Meeting meeting, CancellationToken ct);
}

/// <summary>A series' calendar entry (by owner) and the occurrence, by its start in the rule.</summary>
public sealed record SeriesOccurrence(string OwnerType, Guid OwnerId, DateTimeOffset OriginalStart);

/// <summary>The defaults of <see cref="IMeetingType"/>: what a plain network meeting does.</summary>
public abstract class MeetingType(CaseHubDbContext db, People people) : IMeetingType
{
    protected CaseHubDbContext Db => db;
    protected People People => people;

    public abstract string Key { get; }

    public virtual bool WithoutRoom => false;

    /// <summary>The organiser who planned it or the designated chair.</summary>
    public virtual Task<bool> MayOrganiseAsync(Meeting meeting, Guid userId, CancellationToken ct)
        => Task.FromResult(meeting.Room is { } room && (room.OrganiserId == userId || RoomLiveState.Deserialize(room.StateJson).ChairId == userId));

    /// <summary>Anyone with an active account.</summary>
    public virtual async Task RequireInvitableAsync(Meeting meeting, Guid userId, CancellationToken ct)
    {
        if (await people.FindActiveAsync(userId, ct) is null) throw new DomainException("Rooms.Error.UnknownUser") { Field = "PersonId" };
    }

    public virtual async Task<IReadOnlyList<Person>> InvitableAsync(Meeting meeting, CancellationToken ct)
        => (await people.ActiveAsync(ct: ct)).Select(u => new Person(u.Id, u.DisplayName, u.Email, u.Language)).ToList();

    /// <summary>The meeting's own page (its agenda).</summary>
    public virtual Task<string> PreparationPathAsync(Meeting meeting, CancellationToken ct) => Task.FromResult($"/meetings/{meeting.Room?.Id}");

    public virtual string PreparationTextKey => "Meetings.Prepare.Agenda";

    /// <summary>Participants (not the organiser, the chair or observers) have prepared once they opened the preparation page.</summary>
    public virtual Task<IReadOnlyDictionary<Guid, bool>> PreparedAsync(Meeting meeting, IReadOnlyList<RoomParticipant> participants, CancellationToken ct)
        => Task.FromResult<IReadOnlyDictionary<Guid, bool>>(Preparing(meeting, participants).ToDictionary(p => p.UserId, p => p.PreparationSeenAt is not null));

    public virtual Task FollowAsync(Meeting meeting, MeetingChange change, CancellationToken ct) => Task.CompletedTask;

    public virtual Task<SeriesOccurrence?> SeriesOccurrenceAsync(Meeting meeting, CancellationToken ct) => Task.FromResult<SeriesOccurrence?>(null);

    /// <summary>The participants who have something to prepare: not the organiser, not the designated chair, not observers.</summary>
    protected static IEnumerable<RoomParticipant> Preparing(Meeting meeting, IEnumerable<RoomParticipant> participants)
    {
        if (meeting.Room is not { } room) return [];
        var chair = RoomLiveState.Deserialize(room.StateJson).ChairId;
        return participants.Where(p => p.UserId != room.OrganiserId && p.UserId != chair && p.Role is not (RoomRole.Observer or RoomRole.Chair));
    }
}

/// <summary>The plain network meeting (réunion de réseau): every default of <see cref="MeetingType"/>.</summary>
public sealed class NetworkMeetingType(CaseHubDbContext db, People people) : MeetingType(db, people)
{
    public override string Key => "";
}

/// <summary>Finds the type of a room or of a calendar entry.</summary>
public sealed class MeetingTypes(IEnumerable<IMeetingType> types)
{
    public IMeetingType ForRoom(Room room)
        => types.FirstOrDefault(t => !t.WithoutRoom && t.Key == (room.ContextType ?? ""))
           ?? types.First(t => t.Key == "" && !t.WithoutRoom);

    public IMeetingType? ForEntry(CalendarEntry entry) => types.FirstOrDefault(t => t.WithoutRoom && t.Key == entry.OwnerType);
}

/// <summary>Loads meetings for the life cycle (<see cref="MeetingScheduler"/>) and the reminder job.</summary>
internal static class MeetingLoader
{
    public static async Task<Meeting> ForRoomAsync(CalendarService calendar, MeetingTypes types, Room room, CancellationToken ct)
    {
        var meeting = new Meeting { Type = types.ForRoom(room), Room = room, Entry = await calendar.FindAsync(MeetingScheduler.CalendarOwnerType, room.Id, ct) };
        if (meeting.Entry is null && await meeting.Type.SeriesOccurrenceAsync(meeting, ct) is { } series
            && await calendar.FindAsync(series.OwnerType, series.OwnerId, ct) is { } seriesEntry)
        {
            // A "series" of one session is that session's own invitation.
            meeting.Entry = seriesEntry;
            meeting.Occurrence = seriesEntry.IsSeries ? series.OriginalStart : null;
        }
        return meeting;
    }

    public static async Task<List<RoomParticipant>> ParticipantsAsync(CaseHubDbContext db, Guid roomId, bool tracked, CancellationToken ct)
    {
        var q = db.RoomParticipants.Where(p => p.RoomId == roomId);
        if (!tracked) q = q.AsNoTracking();
        return (await q.ToListAsync(ct)).OrderBy(p => p.JoinOrder).ToList();
    }
}
