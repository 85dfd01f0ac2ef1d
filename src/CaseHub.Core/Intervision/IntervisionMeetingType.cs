using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Intervision;

/// <summary>
/// One intervision session in the meetings' life cycle: its animateur or the series' organiser organises it; only the
/// team's members may sit in it (confidential by rule); people prepare on the session page — the narrator chooses the
/// situation (its theme), everyone accepts the confidentiality rule. Its invitation is an occurrence of the series
/// until a change the series cannot carry (people, chair, place) gives it one of its own.
/// </summary>
public sealed class IntervisionMeetingType(CaseHubDbContext db, People people, CalendarService calendar) : MeetingType(db, people)
{
    public override string Key => IntervisionSessions.ContextType;

    public override string PreparationTextKey => "Intervision.Prepare";

    public override async Task<bool> MayOrganiseAsync(Meeting meeting, Guid userId, CancellationToken ct)
    {
        var id = meeting.ContextId;
        return await Db.IntervisionSessions.AnyAsync(s => s.Id == id && (s.AnimateurId == userId || Db.IntervisionSeries.Any(x => x.Id == s.SeriesId && x.CreatedBy == userId)), ct);
    }

    public override async Task RequireInvitableAsync(Meeting meeting, Guid userId, CancellationToken ct)
    {
        if (!await TeamMembers(meeting).AnyAsync(m => m == userId, ct)) throw new DomainException("Intervision.Error.NotTeamMember") { Field = "PersonId" };
    }

    public override async Task<IReadOnlyList<Person>> InvitableAsync(Meeting meeting, CancellationToken ct)
        => await People.ReachableAsync(await TeamMembers(meeting).ToListAsync(ct), ct);

    public override Task<string> PreparationPathAsync(Meeting meeting, CancellationToken ct) => Task.FromResult($"/intervision/sessions/{meeting.ContextId}");

    /// <summary>The narrator has chosen the situation (its theme); the others have accepted the confidentiality rule.</summary>
    public override async Task<IReadOnlyDictionary<Guid, bool>> PreparedAsync(Meeting meeting, IReadOnlyList<RoomParticipant> participants, CancellationToken ct)
    {
        var id = meeting.ContextId;
        var session = await Db.IntervisionSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return new Dictionary<Guid, bool>();
        var acknowledged = await Db.IntervisionAcknowledgements.AsNoTracking().Where(a => a.SessionId == session.Id).Select(a => a.UserId).ToListAsync(ct);
        return participants.Where(p => p.UserId != session.AnimateurId && p.Role != RoomRole.Observer)
            .ToDictionary(p => p.UserId, p => p.UserId == session.NarratorId ? session.Theme is not null : acknowledged.Contains(p.UserId));
    }

    /// <summary>The session keeps its own copy of the start and of the animateur; a narrator or rapporteur is not removed before the roles change.</summary>
    public override async Task FollowAsync(Meeting meeting, MeetingChange change, CancellationToken ct)
    {
        var id = meeting.ContextId;
        var session = await Db.IntervisionSessions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null || meeting.Room is not { } room) return;
        switch (change.Kind)
        {
            case MeetingChangeKind.Moved:
                session.Start = room.ScheduledStart;
                break;
            case MeetingChangeKind.ChairChanged when change.UserId is { } chair:
                session.AnimateurId = chair;
                break;
            case MeetingChangeKind.ParticipantRemoved when change.UserId == session.NarratorId || change.UserId == session.RapporteurId:
                throw new DomainException("Intervision.Error.RemoveRole") { Field = "PersonId" };
        }
    }

    /// <summary>The team's series and this session's start in its rule.</summary>
    public override async Task<SeriesOccurrence?> SeriesOccurrenceAsync(Meeting meeting, CancellationToken ct)
    {
        var id = meeting.ContextId;
        var session = await Db.IntervisionSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return null;
        var entry = await calendar.FindAsync(IntervisionScheduling.CalendarOwnerType, session.SeriesId, ct);
        if (entry is null) return null;
        var starts = CalendarTime.RuleStarts(entry.Start, entry.End, entry.Recurrence, IntervisionScheduling.MaxOccurrences);
        return session.Occurrence < starts.Count ? new SeriesOccurrence(IntervisionScheduling.CalendarOwnerType, session.SeriesId, starts[session.Occurrence]) : null;
    }

    private IQueryable<Guid> TeamMembers(Meeting meeting)
    {
        var id = meeting.ContextId;
        return Db.IntervisionTeamMembers.Where(m => Db.IntervisionSessions.Any(s => s.Id == id && s.TeamId == m.TeamId)).Select(m => m.UserId);
    }
}
