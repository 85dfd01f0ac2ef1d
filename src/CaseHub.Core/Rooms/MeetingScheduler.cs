using CaseHub.Core.Localization;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

/// <summary>Which meeting: a room, or — for a meeting type without a room (<see cref="IMeetingType.WithoutRoom"/>) — its calendar entry.</summary>
public readonly record struct MeetingRef(Guid Id, bool IsRoom)
{
    public static MeetingRef OfRoom(Guid roomId) => new(roomId, true);
    public static MeetingRef OfCalendarEntry(Guid entryId) => new(entryId, false);
}

/// <summary>Where and when a meeting moves to (times UTC; shown in Europe/Brussels).</summary>
public sealed record MeetingMove(DateTimeOffset Start, DateTimeOffset End, string? Location, string? VideoUrl);

/// <summary>One person on the manage panel: a participant (room) or an invitee (meeting without a room, <see cref="Id"/> is then the invitee's).</summary>
public sealed record MeetingPerson(Guid Id, string Name, RoomRole? Role, string? ProtocolRole, bool IsChair, bool IsOrganiser,
    CalendarResponse? Response, bool? Prepared);

/// <summary>What the shared "manage" panel shows and offers.</summary>
public sealed record MeetingPanel(MeetingRef Ref, string Title, RoomStatus Status, DateTimeOffset Start, DateTimeOffset End, string? Location,
    string? VideoUrl, DateTimeOffset? StartedAt, string? CancelReason, bool CanOrganise, bool WithoutRoom, bool InSeries, string PreparationPath,
    string PreparationTextKey, IReadOnlyList<MeetingPerson> People, IReadOnlyList<Person> Invitable)
{
    public bool Open => Status is RoomStatus.Scheduled or RoomStatus.Live;
    public bool CanMove => CanOrganise && Status == RoomStatus.Scheduled;
    public bool CanChangePeople => CanOrganise && Open;
    public int Prepared => People.Count(p => p.Prepared == true);
    public int ToPrepare => People.Count(p => p.Prepared is not null);
}

/// <summary>
/// The one life cycle of every scheduled meeting — network meeting, case conference, comité à blanc, intervision
/// session, immersion team debrief, and the immersion programme's meetings without a room (speed-meeting, preparation
/// morning): create it with its invitation, then move it, cancel it, add and remove people and change its chair.
/// Each change reaches exactly the people it concerns, in their language, through <see cref="CalendarService"/>
/// (an update with a higher SEQUENCE saying what changed, an invitation for a newcomer, a CANCEL for a removed
/// person or for everyone); a removed person's live connections are cut at once. The meeting type
/// (<see cref="IMeetingType"/>) says who organises, who may be invited, where people prepare and what its own record
/// follows. A change to a room goes through <see cref="RoomEngine.ExecuteAsSystemAsync"/>: one save with the room,
/// the calendar, the queued mails and the feature's record (or nothing), then a broadcast to the room.
/// </summary>
public sealed partial class MeetingScheduler(CaseHubDbContext db, RoomService rooms, RoomEngine engine, CalendarService calendar, IRoomBroadcaster broadcaster,
    TimeProvider clock, MeetingTypes types, People people, ComposedTitles titles)
{
    public const string CalendarOwnerType = "room";
    /// <summary>How far ahead a meeting may be moved.</summary>
    public const int MaxYearsAhead = 2;

    public async Task<Room> CreateAsync(RoomSpec spec, Guid organiserId, CancellationToken ct = default)
    {
        var room = await rooms.CreateAsync(spec, organiserId, ct);
        var organiser = await db.Users.FirstAsync(u => u.Id == organiserId, ct);
        var meeting = new Meeting { Type = types.ForRoom(room), Room = room };
        await calendar.ScheduleAsync(await CalendarSpecAsync(meeting, organiser.DisplayName, organiser.Email!, ct), await InviteesAsync(room, room.Participants, ct), ct);
        await db.SaveChangesAsync(ct);
        return room;
    }

    // ------------------------------------------------------------------ the panel

    /// <summary>The meeting as its page's manage panel shows it to <paramref name="userId"/> (404 for someone not in it).</summary>
    public async Task<MeetingPanel> PanelAsync(MeetingRef r, Guid userId, CancellationToken ct = default)
    {
        if (!r.IsRoom)
        {
            var m = await EntryMeetingAsync(r.Id, ct);
            var entry = m.Entry!;
            var canOrganise = await m.Type.MayOrganiseAsync(m, userId, ct);
            if (!canOrganise && entry.CurrentInvitees.All(i => i.UserId != userId)) throw DomainException.NotFound();
            var status = EntryStatus(entry);
            var inviteesPeople = entry.CurrentInvitees.OrderBy(i => i.AddedAt).ThenBy(i => i.Name, StringComparer.CurrentCulture)
                .Select(i => new MeetingPerson(i.Id, i.Name, null, null, false, i.UserId == entry.OrganizerUserId, i.Response, null)).ToList();
            var invitable = canOrganise && status == RoomStatus.Scheduled
                ? (await m.Type.InvitableAsync(m, ct)).Where(p => p.Email is not null && entry.CurrentInvitees.All(i => i.Email != Validation.NormalizeEmail(p.Email))).OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList()
                : [];
            return new MeetingPanel(r, entry.Title.For(Localization.Languages.Default), status, entry.Start, entry.End, entry.Location, entry.OnlineUrl, null,
                entry.CancelReason, canOrganise, true, false, await m.Type.PreparationPathAsync(m, ct), m.Type.PreparationTextKey, inviteesPeople, invitable);
        }

        await engine.RequireMemberAsync(r.Id, userId, ct);
        var room = await db.Rooms.AsNoTracking().FirstAsync(x => x.Id == r.Id, ct);
        var meeting = await MeetingLoader.ForRoomAsync(calendar, types, room, ct);
        var may = await meeting.Type.MayOrganiseAsync(meeting, userId, ct);
        var participants = await MeetingLoader.ParticipantsAsync(db, room.Id, tracked: false, ct);
        var names = await people.NamesAsync(participants.Select(p => p.UserId), ct);
        var prepared = await meeting.Type.PreparedAsync(meeting, participants, ct);
        var chair = RoomLiveState.Deserialize(room.StateJson).ChairId;
        var responses = meeting.Entry is null ? [] : meeting.Entry.CurrentInvitees.Where(i => i.UserId is not null)
            .GroupBy(i => i.UserId!.Value).ToDictionary(g => g.Key, g => g.First().Response);
        var list = participants.Select(p => new MeetingPerson(p.UserId, names.GetValueOrDefault(p.UserId, "—"), p.Role, p.ProtocolRole, p.UserId == chair,
            p.UserId == room.OrganiserId, responses.TryGetValue(p.UserId, out var answer) ? answer : null,
            prepared.TryGetValue(p.UserId, out var done) ? done : null)).ToList();
        IReadOnlyList<Person> candidates = may && room.Status is RoomStatus.Scheduled or RoomStatus.Live
            ? (await meeting.Type.InvitableAsync(meeting, ct)).Where(p => participants.All(x => x.UserId != p.Id)).OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList()
            : [];
        return new MeetingPanel(r, room.Title, room.Status, room.ScheduledStart, room.ScheduledEnd, room.Location, room.VideoUrl, room.StartedAt,
            meeting.Entry is { IsCancelled: true } && !meeting.InSeries ? meeting.Entry.CancelReason : null,
            may, false, meeting.InSeries, await meeting.Type.PreparationPathAsync(meeting, ct), meeting.Type.PreparationTextKey, list, candidates);
    }

    /// <summary>
    /// "Not found" for someone outside the meeting, "not allowed" (with its message) for a participant who does not
    /// organise it: the manage panel's posts are refused before their fields are even read.
    /// </summary>
    public async Task RequireOrganiserAsync(MeetingRef r, Guid userId, CancellationToken ct = default)
    {
        if (!r.IsRoom)
        {
            var m = await EntryMeetingAsync(r.Id, ct);
            if (await m.Type.MayOrganiseAsync(m, userId, ct)) return;
            throw m.Entry!.CurrentInvitees.Any(i => i.UserId == userId) ? new DomainException("Meetings.Error.NotOrganiser") { IsForbidden = true } : DomainException.NotFound();
        }
        await engine.RequireMemberAsync(r.Id, userId, ct);
        var room = await db.Rooms.AsNoTracking().FirstAsync(x => x.Id == r.Id, ct);
        var meeting = await MeetingLoader.ForRoomAsync(calendar, types, room, ct);
        if (!await meeting.Type.MayOrganiseAsync(meeting, userId, ct)) throw new DomainException("Meetings.Error.NotOrganiser") { IsForbidden = true };
    }

    // ------------------------------------------------------------------ move

    /// <summary>
    /// Moves the meeting (date, times, place, video link) before it starts. Everyone invited gets an update saying what
    /// changed; what was already written (positions, notes, ballots) stays with it. Returns false when nothing changed.
    /// </summary>
    public async Task<bool> MoveAsync(MeetingRef r, Guid userId, MeetingMove move, CancellationToken ct = default)
    {
        var (start, end, location, video) = ValidMove(move);
        if (!r.IsRoom)
            return await ChangeEntryAsync(r.Id, userId, async m =>
            {
                var entry = m.Entry!;
                var spec = CalendarEntrySpec.From(entry) with { Start = start, End = end, Location = location ?? entry.Location, OnlineUrl = video };
                if (!await calendar.UpdateAsync(entry, spec, null, ct)) return false;
                await m.Type.FollowAsync(m, new MeetingChange(MeetingChangeKind.Moved), ct);
                return true;
            }, ct);

        return await ChangeRoomAsync(r.Id, userId, async (m, state) =>
        {
            var room = m.Room!;
            RequireNotStarted(room);
            if (room.ScheduledStart == start && room.ScheduledEnd == end && room.Location == location && room.VideoUrl == video) return RoomSlices.None;
            var timesOnly = room.Location == location && room.VideoUrl == video;
            room.ScheduledStart = start;
            room.ScheduledEnd = end;
            room.Location = location;
            room.VideoUrl = video;
            if (m.InSeries && timesOnly) await calendar.MoveOccurrenceAsync(m.Entry!, m.Occurrence!.Value, start, end, ct);
            else await SyncInvitationAsync(m, state, await MeetingLoader.ParticipantsAsync(db, room.Id, tracked: true, ct), [], ct);
            await m.Type.FollowAsync(m, new MeetingChange(MeetingChangeKind.Moved), ct);
            return RoomSlices.Room;
        }, ct);
    }

    /// <summary>
    /// A network meeting's own page changes its title and purpose as well as its time and place (one update mail
    /// with every change). Same rules as <see cref="MoveAsync"/>; title and purpose may change while it is live.
    /// </summary>
    public async Task UpdateDetailsAsync(Guid roomId, Guid userId, string? title, DateTimeOffset start, DateTimeOffset end,
        string? location, string? videoUrl, string? purpose, CancellationToken ct = default)
    {
        var newTitle = Validation.RequireText(title, Room.TitleMaxLength, "Title");
        var p = Validation.RequireText(purpose, Room.PurposeMaxLength, "Purpose", required: false);
        var newPurpose = p.Length == 0 ? null : p;
        var loc = Validation.RequireText(location, Room.LocationMaxLength, "Location", required: false);
        var newLocation = loc.Length == 0 ? null : loc;
        var newVideo = RoomService.ValidateUrl(videoUrl);
        await ChangeRoomAsync(roomId, userId, async (m, state) =>
        {
            var room = m.Room!;
            RequireOpen(room);
            var moved = CalendarTime.Truncate(start) != room.ScheduledStart || CalendarTime.Truncate(end) != room.ScheduledEnd
                        || newLocation != room.Location || newVideo != room.VideoUrl;
            if (moved)
            {
                RequireNotStarted(room);
                var (s, e, l, v) = ValidMove(new MeetingMove(start, end, newLocation, newVideo));
                (room.ScheduledStart, room.ScheduledEnd, room.Location, room.VideoUrl) = (s, e, l, v);
            }
            if (!moved && room.Title == newTitle && room.Purpose == newPurpose) return RoomSlices.None;
            room.Title = newTitle;
            room.Purpose = newPurpose;
            await SyncInvitationAsync(m, state, await MeetingLoader.ParticipantsAsync(db, room.Id, tracked: true, ct), [], ct);
            await m.Type.FollowAsync(m, new MeetingChange(MeetingChangeKind.Moved), ct);
            return RoomSlices.Room;
        }, ct);
    }

    // ------------------------------------------------------------------ cancel

    /// <summary>Cancels the meeting with a reason (before it starts): everyone invited gets a CANCEL; its room refuses entry from then on.</summary>
    public async Task CancelAsync(MeetingRef r, Guid userId, string? reason, CancellationToken ct = default)
    {
        var why = Validation.RequireText(reason, CalendarEntry.ReasonMaxLength, "Reason");
        if (!r.IsRoom)
        {
            await ChangeEntryAsync(r.Id, userId, async m =>
            {
                await calendar.CancelAsync(m.Entry!, why, ct);
                await m.Type.FollowAsync(m, new MeetingChange(MeetingChangeKind.Cancelled), ct);
                return true;
            }, ct);
            return;
        }
        await ChangeRoomAsync(r.Id, userId, async (m, _) =>
        {
            var room = m.Room!;
            RequireNotStarted(room);
            room.Status = RoomStatus.Cancelled;
            if (m.Entry is { } entry)
            {
                if (m.InSeries) await calendar.CancelOccurrenceAsync(entry, m.Occurrence!.Value, why, ct);
                else await calendar.CancelAsync(entry, why, ct);
            }
            await m.Type.FollowAsync(m, new MeetingChange(MeetingChangeKind.Cancelled), ct);
            return RoomSlices.Room;
        }, ct);
    }

    /// <summary>Cancels without a reason: for the callers that had none to give (kept for their existing pages).</summary>
    public Task CancelAsync(Guid roomId, Guid userId, string? reason, CancellationToken ct = default)
        => CancelAsync(MeetingRef.OfRoom(roomId), userId, reason, ct);

    // ------------------------------------------------------------------ people

    /// <summary>Adds someone the meeting type allows; they alone get an invitation (the others are not disturbed).</summary>
    public async Task AddParticipantAsync(MeetingRef r, Guid userId, Guid personId, RoomRole role, CancellationToken ct = default)
    {
        if (role is RoomRole.Chair || !Enum.IsDefined(role)) throw new DomainException("Error.InvalidValue") { Field = "Role" };
        if (!r.IsRoom)
        {
            await ChangeEntryAsync(r.Id, userId, async m =>
            {
                await m.Type.RequireInvitableAsync(m, personId, ct);
                var person = (await people.ReachableAsync([personId], ct)).FirstOrDefault() ?? throw new DomainException("Rooms.Error.UnknownUser") { Field = "PersonId" };
                if (m.Entry!.CurrentInvitees.Any(i => i.Email == Validation.NormalizeEmail(person.Email!))) throw new DomainException("Rooms.Error.AlreadyParticipant") { Field = "PersonId" };
                await calendar.InviteAsync(m.Entry!, [new InviteeSpec(person.Email!, person.Name, person.Language, person.Id)], ct);
                await m.Type.FollowAsync(m, new MeetingChange(MeetingChangeKind.ParticipantAdded, personId), ct);
                return true;
            }, ct);
            return;
        }
        await ChangeRoomAsync(r.Id, userId, async (m, state) =>
        {
            var room = m.Room!;
            RequireOpen(room);
            var participants = await MeetingLoader.ParticipantsAsync(db, room.Id, tracked: true, ct);
            if (participants.Any(p => p.UserId == personId)) throw new DomainException("Rooms.Error.AlreadyParticipant") { Field = "PersonId" };
            if (participants.Count >= RoomService.MaxParticipants) throw new DomainException("Rooms.Error.TooManyParticipants", RoomService.MaxParticipants);
            if (await people.FindActiveAsync(personId, ct) is null) throw new DomainException("Rooms.Error.UnknownUser") { Field = "PersonId" };
            await m.Type.RequireInvitableAsync(m, personId, ct);
            var added = new RoomParticipant
            {
                RoomId = room.Id, UserId = personId, Role = role, JoinOrder = participants.Select(p => p.JoinOrder).DefaultIfEmpty(-1).Max() + 1,
                InvitedAt = clock.GetUtcNow(),
            };
            db.RoomParticipants.Add(added);
            participants.Add(added);
            await SyncInvitationAsync(m, state, participants, [], ct);
            await m.Type.FollowAsync(m, new MeetingChange(MeetingChangeKind.ParticipantAdded, personId), ct);
            return RoomSlices.Participants;
        }, ct);
    }

    public Task AddParticipantAsync(Guid roomId, Guid userId, ParticipantSpec spec, CancellationToken ct = default)
        => spec.ProtocolRole is not null ? throw new DomainException("Rooms.Error.UnknownProtocolRole") : AddParticipantAsync(MeetingRef.OfRoom(roomId), userId, spec.UserId, spec.Role, ct);

    /// <summary>
    /// Removes someone: they alone get a CANCEL, lose access to the meeting's pages and notes at once, and their live
    /// connection is cut. The chair cannot be removed (name another chair first), nor the organiser.
    /// </summary>
    public async Task RemoveParticipantAsync(MeetingRef r, Guid userId, Guid personId, CancellationToken ct = default)
    {
        if (!r.IsRoom)
        {
            await ChangeEntryAsync(r.Id, userId, async m =>
            {
                var invitee = m.Entry!.CurrentInvitees.FirstOrDefault(i => i.Id == personId) ?? throw new DomainException("Meetings.Error.NotInvited") { Field = "PersonId" };
                await calendar.UninviteAsync(m.Entry!, [invitee.Email], ct);
                await m.Type.FollowAsync(m, new MeetingChange(MeetingChangeKind.ParticipantRemoved, invitee.UserId), ct);
                return true;
            }, ct);
            return;
        }
        List<string> connections = [];
        await ChangeRoomAsync(r.Id, userId, async (m, state) =>
        {
            var room = m.Room!;
            RequireOpen(room);
            var participants = await MeetingLoader.ParticipantsAsync(db, room.Id, tracked: true, ct);
            var gone = participants.FirstOrDefault(p => p.UserId == personId) ?? throw new DomainException("Meetings.Error.NotInvited") { Field = "PersonId" };
            if (state.ChairId == personId || state.ActingChairId == personId) throw new DomainException("Meetings.Error.RemoveChair") { Field = "PersonId" };
            if (room.OrganiserId == personId) throw new DomainException("Meetings.Error.RemoveOrganiser") { Field = "PersonId" };
            db.RoomParticipants.Remove(gone);
            participants.Remove(gone);
            state.Queue.RemoveAll(q => q.UserId == personId);
            var email = (await people.ByIdAsync([personId], ct)).GetValueOrDefault(personId)?.Email;
            await SyncInvitationAsync(m, state, participants, email is null ? [] : [email], ct);
            await m.Type.FollowAsync(m, new MeetingChange(MeetingChangeKind.ParticipantRemoved, personId), ct);
            connections = await db.RoomConnections.Where(c => c.RoomId == room.Id && c.UserId == personId).Select(c => c.ConnectionId).ToListAsync(ct);
            db.RoomConnections.RemoveRange(await db.RoomConnections.Where(c => c.RoomId == room.Id && c.UserId == personId).ToListAsync(ct));
            return RoomSlices.Participants | RoomSlices.Queue;
        }, ct);
        await broadcaster.RemovedAsync(r.Id, personId, connections);
    }

    public Task RemoveParticipantAsync(Guid roomId, Guid userId, Guid participantId, CancellationToken ct = default)
        => RemoveParticipantAsync(MeetingRef.OfRoom(roomId), userId, participantId, ct);

    // ------------------------------------------------------------------ chair

    /// <summary>Names another participant chair (for good): everyone invited gets an update saying who chairs now.</summary>
    public async Task ChangeChairAsync(MeetingRef r, Guid userId, Guid newChairId, CancellationToken ct = default)
    {
        if (!r.IsRoom) throw new DomainException("Meetings.Error.NoChair");
        await ChangeRoomAsync(r.Id, userId, async (m, state) =>
        {
            var room = m.Room!;
            RequireOpen(room);
            if (state.ChairId == newChairId && state.ActingChairId == newChairId) return RoomSlices.None;
            var participants = await MeetingLoader.ParticipantsAsync(db, room.Id, tracked: true, ct);
            var next = participants.FirstOrDefault(p => p.UserId == newChairId) ?? throw new DomainException("Meetings.Error.NotInvited") { Field = "PersonId" };
            if (next.Role == RoomRole.Observer) throw new DomainException("Rooms.Error.ObserverCannotChair") { Field = "PersonId" };
            foreach (var p in participants.Where(p => p.Role == RoomRole.Chair && p.UserId != newChairId)) p.Role = RoomRole.Participant;
            next.Role = RoomRole.Chair;
            state.HandOver(newChairId, permanent: true);
            await SyncInvitationAsync(m, state, participants, [], ct);
            await m.Type.FollowAsync(m, new MeetingChange(MeetingChangeKind.ChairChanged, newChairId), ct);
            return RoomSlices.Chair | RoomSlices.Participants;
        }, ct);
    }

    // ------------------------------------------------------------------ preparation

    /// <summary>The participant opened the meeting's preparation page before it started (kept the first time only).</summary>
    public Task RecordPreparationSeenAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return db.RoomParticipants
            .Where(p => p.RoomId == roomId && p.UserId == userId && p.PreparationSeenAt == null && db.Rooms.Any(r => r.Id == roomId && r.Status == RoomStatus.Scheduled))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.PreparationSeenAt, now), ct);
    }

    /// <summary>Who has prepared (only the participants with something to prepare), for a participant of the room.</summary>
    public async Task<IReadOnlyDictionary<Guid, bool>> PreparedAsync(Guid roomId, CancellationToken ct = default)
    {
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct);
        var meeting = await MeetingLoader.ForRoomAsync(calendar, types, room, ct);
        return await meeting.Type.PreparedAsync(meeting, await MeetingLoader.ParticipantsAsync(db, roomId, tracked: false, ct), ct);
    }

    // ------------------------------------------------------------------ plumbing

    /// <summary>
    /// Runs a change on a room as the system (fresh state, concurrency retries, one save, broadcast of the slices)
    /// after the membership check (404) and, on the fresh state, the organiser check (403 with a message). A refusal
    /// leaves nothing pending in the unit of work.
    /// </summary>
    private async Task<bool> ChangeRoomAsync(Guid roomId, Guid userId, Func<Meeting, RoomLiveState, Task<RoomSlices>> change, CancellationToken ct)
    {
        await engine.RequireMemberAsync(roomId, userId, ct);
        try
        {
            return await engine.ExecuteAsSystemAsync(roomId, async (room, state, _) =>
            {
                var meeting = await MeetingLoader.ForRoomAsync(calendar, types, room, ct);
                if (!await meeting.Type.MayOrganiseAsync(meeting, userId, ct)) throw new DomainException("Meetings.Error.NotOrganiser") { IsForbidden = true };
                return await change(meeting, state);
            }, ct);
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>The same for a meeting without a room: its calendar entry, the type's check, one save.</summary>
    private async Task<bool> ChangeEntryAsync(Guid entryId, Guid userId, Func<Meeting, Task<bool>> change, CancellationToken ct)
    {
        try
        {
            var meeting = await EntryMeetingAsync(entryId, ct);
            if (!await meeting.Type.MayOrganiseAsync(meeting, userId, ct))
                throw meeting.Entry!.CurrentInvitees.Any(i => i.UserId == userId) ? new DomainException("Meetings.Error.NotOrganiser") { IsForbidden = true } : DomainException.NotFound();
            switch (EntryStatus(meeting.Entry!))
            {
                case RoomStatus.Cancelled: throw new DomainException("Meetings.Error.Cancelled");
                case RoomStatus.Closed: throw new DomainException("Meetings.Error.Started");
            }
            if (!await change(meeting)) return false;
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private async Task<Meeting> EntryMeetingAsync(Guid entryId, CancellationToken ct)
    {
        var entry = await calendar.GetAsync(entryId, ct) ?? throw DomainException.NotFound();
        var type = types.ForEntry(entry) ?? throw DomainException.NotFound();
        return new Meeting { Type = type, Entry = entry };
    }

    /// <summary>A meeting without a room: cancelled, held (its start has passed) or still to come.</summary>
    private RoomStatus EntryStatus(CalendarEntry entry)
        => entry.IsCancelled ? RoomStatus.Cancelled : entry.Start <= clock.GetUtcNow() ? RoomStatus.Closed : RoomStatus.Scheduled;

    /// <summary>
    /// Brings the meeting's invitation in line with its room and participants. Its own entry: one update, and the
    /// calendar works out who gets what (changes to everyone staying, an invitation to a newcomer, a CANCEL to whoever
    /// left). An occurrence of a series: it leaves the series (the people leaving get a CANCEL of that occurrence) for
    /// an entry of its own. No invitation yet (a meeting planned without mail): the first change sends one.
    /// </summary>
    private async Task SyncInvitationAsync(Meeting m, RoomLiveState state, IReadOnlyList<RoomParticipant> participants, IReadOnlyList<string> leaving, CancellationToken ct)
    {
        var room = m.Room!;
        var invitees = await InviteesAsync(room, participants, ct, state.ChairId);
        if (m.Entry is { } entry && !m.InSeries)
        {
            if (entry.IsCancelled) return;
            await calendar.UpdateAsync(entry, await CalendarSpecAsync(m, entry.OrganizerName, entry.OrganizerEmail, ct), invitees, ct);
            return;
        }
        if (m.Entry is { } series && m.InSeries && !series.IsCancelled)
            await calendar.DetachOccurrenceAsync(series, m.Occurrence!.Value, leaving, ct);
        var organiser = await db.Users.AsNoTracking().FirstAsync(u => u.Id == room.OrganiserId, ct);
        m.Entry = await calendar.ScheduleAsync(await CalendarSpecAsync(m, organiser.DisplayName, organiser.Email!, ct), invitees, ct);
        m.Occurrence = null;
    }

    private (DateTimeOffset Start, DateTimeOffset End, string? Location, string? Video) ValidMove(MeetingMove move)
    {
        var start = CalendarTime.Truncate(move.Start);
        var end = CalendarTime.Truncate(move.End);
        if (end <= start) throw new DomainException("Error.EndBeforeStart") { Field = "EndTime" };
        if (end - start > TimeSpan.FromHours(24)) throw new DomainException("Rooms.Error.TooLong") { Field = "EndTime" };
        var now = clock.GetUtcNow();
        var today = CalendarTime.LocalDate(now);
        var last = today.AddYears(MaxYearsAhead);
        // A minute's grace: "now" typed in a form is already a little in the past when it arrives.
        if (start < now.AddMinutes(-1) || CalendarTime.LocalDate(start) > last)
            throw new DomainException("Meetings.Error.DateRange", today, last) { Field = "Date" };
        var loc = Validation.RequireText(move.Location, Room.LocationMaxLength, "Location", required: false);
        return (start, end, loc.Length == 0 ? null : loc, RoomService.ValidateUrl(move.VideoUrl));
    }

    private static void RequireNotStarted(Room room)
    {
        RequireOpen(room);
        if (room.Status != RoomStatus.Scheduled) throw new DomainException("Meetings.Error.Started");
    }

    private static void RequireOpen(Room room)
    {
        if (room.Status == RoomStatus.Cancelled) throw new DomainException("Meetings.Error.Cancelled");
        if (room.Status == RoomStatus.Closed) throw new DomainException("Rooms.Error.Closed");
    }

    private async Task<CalendarEntrySpec> CalendarSpecAsync(Meeting m, string organiserName, string organiserEmail, CancellationToken ct)
    {
        var room = m.Room!;
        return new()
        {
            OwnerType = CalendarOwnerType,
            OwnerId = room.Id,
            Start = room.ScheduledStart,
            End = room.ScheduledEnd,
            Title = titles.Localized(room.Title),
            Description = LocalizedText.Same(room.Purpose),
            Location = room.Location,
            OnlineUrl = room.VideoUrl,
            // Every invitation leads to where the meeting is prepared (positions, case reading…), not to a room that has not opened.
            LinkPath = await m.Type.PreparationPathAsync(m, ct),
            OrganizerName = organiserName,
            OrganizerEmail = organiserEmail,
            OrganizerUserId = room.OrganiserId,
            ShowInviteeList = true,
        };
    }

    /// <summary>The participants who can be mailed, the designated chair marked (ROLE=CHAIR).</summary>
    private async Task<List<InviteeSpec>> InviteesAsync(Room room, IEnumerable<RoomParticipant> participants, CancellationToken ct, Guid? chairId = null)
    {
        var list = participants.ToList();
        var chair = chairId ?? list.FirstOrDefault(p => p.Role == RoomRole.Chair)?.UserId ?? RoomLiveState.Deserialize(room.StateJson).ChairId;
        var order = list.Select((p, i) => (p.UserId, i)).ToDictionary(x => x.UserId, x => x.i);
        return (await people.ReachableAsync(list.Select(p => p.UserId), ct))
            .OrderBy(p => order.GetValueOrDefault(p.Id))
            .Select(p => new InviteeSpec(p.Email!, p.Name, p.Language, p.Id, Chair: p.Id == chair)).ToList();
    }
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
