using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Intervision;

/// <summary>Recurring sessions: a series (one room per occurrence and one calendar series), rotating roles, moving and cancelling one session, the team's list.</summary>
public sealed class IntervisionScheduling(CaseHubDbContext db, IntervisionTeams teams, IntervisionSessions sessions, RoomService rooms, RoomEngine engine,
    ProtocolCatalog protocols, CalendarService calendar, MeetingScheduler scheduler, People people, TimeProvider clock)
{
    public const string CalendarOwnerType = "intervision-series";
    public const int MaxOccurrences = 24;

    /// <summary>
    /// The narrator and rapporteur of occurrence <paramref name="occurrence"/>: everyone in turn, in the team's order,
    /// the rapporteur being the next in line. The animateur is left out of the rotation when at least two others remain.
    /// </summary>
    public static RoleTurn Rotation(IReadOnlyList<Guid> members, Guid animateurId, int occurrence)
    {
        var pool = members.Where(m => m != animateurId).ToList();
        if (pool.Count < 2) pool = [.. members];
        if (pool.Count < 2) throw new DomainException("Intervision.Error.TooFewMembers") { Field = "Members" };
        return new RoleTurn(pool[occurrence % pool.Count], pool[(occurrence + 1) % pool.Count]);
    }

    /// <summary>
    /// Creates the series: one recurring calendar invitation to the team, and one session (room) per occurrence with
    /// the rotating roles. The rotation continues from the team's earlier sessions.
    /// </summary>
    public async Task<IntervisionSeries> CreateSeriesAsync(SeriesSpec spec, Guid userId, CancellationToken ct = default)
    {
        var team = await teams.RequireTeamMemberAsync(spec.TeamId, userId, ct);
        var members = team.Members.OrderBy(m => m.Order).Select(m => m.UserId).ToList();
        if (!members.Contains(spec.AnimateurId)) throw new DomainException("Intervision.Error.AnimateurNotMember") { Field = "Animateur" };
        var title = Validation.RequireText(spec.Title, IntervisionSeries.TitleMaxLength, "Title");
        var location = Validation.RequireText(spec.Location, 300, "Location", required: false);
        if (spec.DurationMinutes is < 15 or > 480) throw new DomainException("Error.OutOfRange", 15, 480) { Field = "Duration" };

        IReadOnlyList<PhaseSpec>? plan = null;
        var protocolKey = spec.ProtocolKey;
        if (spec.TemplateId is { } templateId)
        {
            var template = await db.IntervisionTemplates.FirstOrDefaultAsync(t => t.Id == templateId && t.TeamId == team.Id, ct)
                           ?? throw new DomainException("Intervision.Error.UnknownTemplate") { Field = "Method" };
            protocolKey = template.ProtocolKey;
            plan = IntervisionTemplates.ParsePlan(template.Plan);
        }
        IntervisionTemplates.RequireProtocol(protocols, protocolKey);
        var end = spec.FirstStart.AddMinutes(spec.DurationMinutes);
        RoomService.ValidateSchedule(spec.FirstStart, end);
        if (spec.FirstStart < clock.GetUtcNow().AddMinutes(-5)) throw new DomainException("Intervision.Error.InPast") { Field = "Start" };
        if (spec.Recurrence?.Count is > MaxOccurrences) throw new DomainException("Error.OutOfRange", 1, MaxOccurrences) { Field = "Count" };

        var series = new IntervisionSeries
        {
            TeamId = team.Id, Title = title, ProtocolKey = protocolKey, TemplateId = spec.TemplateId, AnimateurId = spec.AnimateurId,
            RecurrenceRule = spec.Recurrence?.ToRule(), FirstStart = spec.FirstStart, DurationMinutes = spec.DurationMinutes,
            Location = location.Length == 0 ? null : location, CreatedBy = userId, CreatedAt = clock.GetUtcNow(),
        };
        db.IntervisionSeries.Add(series);

        var animateur = team.Members.First(m => m.UserId == spec.AnimateurId).User!;
        var invitees = team.Members.Where(m => m.User is { Email: not null, ErasedAt: null })
            .Select(m => new InviteeSpec(m.User!.Email!, m.User.DisplayName, m.User.Language, m.UserId)).ToList();
        var entry = await calendar.ScheduleAsync(new CalendarEntrySpec
        {
            OwnerType = CalendarOwnerType, OwnerId = series.Id, Start = spec.FirstStart, End = end,
            Title = LocalizedText.Same(title), Location = series.Location, LinkPath = $"/intervision/teams/{team.Id}",
            OrganizerName = animateur.DisplayName, OrganizerEmail = animateur.Email!, OrganizerUserId = animateur.Id,
            Recurrence = spec.Recurrence, ShowInviteeList = true,
        }, invitees, ct);

        var starts = CalendarTime.RuleStarts(entry.Start, entry.End, spec.Recurrence, MaxOccurrences);
        var offset = await db.IntervisionSessions.CountAsync(s => s.TeamId == team.Id, ct);
        for (var i = 0; i < starts.Count; i++)
        {
            var turn = Rotation(members, spec.AnimateurId, offset + i);
            var session = new IntervisionSession
            {
                TeamId = team.Id, SeriesId = series.Id, Occurrence = i, Start = starts[i],
                AnimateurId = spec.AnimateurId, NarratorId = turn.NarratorId, RapporteurId = turn.RapporteurId,
            };
            var participants = members.Select(m => new ParticipantSpec(m, m == spec.AnimateurId ? RoomRole.Chair : RoomRole.Participant,
                m == turn.NarratorId ? IntervisionProtocols.Narrator : m == turn.RapporteurId ? IntervisionProtocols.Rapporteur : null)).ToList();
            var roomSpec = new RoomSpec(title, protocolKey, starts[i], starts[i].AddMinutes(spec.DurationMinutes),
                series.Location, null, null, participants, plan)
            {
                ContextType = IntervisionSessions.ContextType, ContextId = session.Id,
            };
            var room = await rooms.CreateAsync(roomSpec, spec.AnimateurId, ct);
            session.RoomId = room.Id;
            db.IntervisionSessions.Add(session);
        }
        await db.SaveChangesAsync(ct);
        return series;
    }

    /// <summary>The animateur changes who narrates or reports (someone is absent, a colleague has an urgent situation).</summary>
    public async Task SetRolesAsync(Guid sessionId, Guid userId, Guid narratorId, Guid rapporteurId, CancellationToken ct = default)
    {
        var session = await sessions.RequireSessionMemberAsync(sessionId, userId, ct);
        if (narratorId == rapporteurId) throw new DomainException("Intervision.Error.SamePerson") { Field = "Rapporteur" };
        await engine.ExecuteAsync(session.RoomId, userId, async c =>
        {
            c.RequireChair();
            c.RequireOpen();
            var participants = await c.Db.RoomParticipants.Where(p => p.RoomId == session.RoomId).ToListAsync(ct);
            if (participants.All(p => p.UserId != narratorId) || participants.All(p => p.UserId != rapporteurId))
                throw new DomainException("Rooms.Error.NotAParticipant");
            foreach (var p in participants)
                p.ProtocolRole = p.UserId == narratorId ? IntervisionProtocols.Narrator : p.UserId == rapporteurId ? IntervisionProtocols.Rapporteur : null;
            var s = await c.Db.IntervisionSessions.FirstAsync(x => x.Id == sessionId, ct);
            s.NarratorId = narratorId;
            s.RapporteurId = rapporteurId;
            return RoomSlices.Participants;
        }, ct);
    }

    /// <summary>
    /// Moves one session of the series (the animateur or the series' organiser, before it starts), keeping its
    /// duration and place: through the meetings' life cycle, so the room and the calendar occurrence move together and
    /// every invitee gets the update.
    /// </summary>
    public async Task MoveSessionAsync(Guid sessionId, Guid userId, DateTimeOffset newStart, CancellationToken ct = default)
    {
        var session = await sessions.RequireSessionMemberAsync(sessionId, userId, ct);
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == session.RoomId, ct);
        await scheduler.MoveAsync(MeetingRef.OfRoom(room.Id), userId,
            new MeetingMove(newStart, newStart + (room.ScheduledEnd - room.ScheduledStart), room.Location, room.VideoUrl), ct);
    }

    /// <summary>Cancels one session of the series (before it starts), with a reason: its room is cancelled and every invitee gets the calendar update.</summary>
    public async Task CancelSessionAsync(Guid sessionId, Guid userId, string? reason, CancellationToken ct = default)
    {
        var session = await sessions.RequireSessionMemberAsync(sessionId, userId, ct);
        await scheduler.CancelAsync(MeetingRef.OfRoom(session.RoomId), userId, reason, ct);
    }

    public sealed record SessionRow(IntervisionSession Session, RoomStatus Status, string Title, string NarratorName, string RapporteurName, string AnimateurName);

    public async Task<List<SessionRow>> TeamSessionsAsync(Guid teamId, CancellationToken ct = default)
    {
        var rows = await (from s in db.IntervisionSessions.AsNoTracking()
                          join r in db.Rooms.AsNoTracking() on s.RoomId equals r.Id
                          where s.TeamId == teamId
                          select new { s, r.Status, r.Title }).ToListAsync(ct);
        var ids = rows.SelectMany(x => new[] { x.s.NarratorId, x.s.RapporteurId, x.s.AnimateurId }).Distinct().ToList();
        var names = await people.NamesAsync(ids, ct);
        string N(Guid id) => names.GetValueOrDefault(id, "—");
        return rows.OrderBy(x => x.s.Start).Select(x => new SessionRow(x.s, x.Status, x.Title, N(x.s.NarratorId), N(x.s.RapporteurId), N(x.s.AnimateurId))).ToList();
    }
}
