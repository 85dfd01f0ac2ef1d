using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using CaseHub.Core.Privacy;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Intervision;

public sealed record SeriesSpec(
    Guid TeamId,
    string? Title,
    string ProtocolKey,
    Guid? TemplateId,
    Guid AnimateurId,
    DateTimeOffset FirstStart,
    int DurationMinutes,
    string? Location,
    Recurrence? Recurrence);

public sealed record SummaryInput(string? Learnings, string? Proposals, string? OpenQuestions)
{
    /// <summary>The author checked the possible findings (a word that is also a colleague's surname) and keeps them.</summary>
    public bool ConfirmPossiblePii { get; init; }
}

/// <summary>What the PII guard found in a session's live notes: only the kind and how many, never the data.</summary>
public sealed record NotesFinding(string Kind, int Count, bool Possible);

/// <summary>Who narrates and who reports in occurrence <c>i</c> of a rotation.</summary>
public sealed record RoleTurn(Guid NarratorId, Guid RapporteurId);

/// <summary>Teams, their methods, their recurring sessions (one room and one calendar series), roles and summaries.</summary>
public sealed class IntervisionService(CaseHubDbContext db, RoomService rooms, RoomEngine engine, ProtocolCatalog protocols,
    CalendarService calendar, PiiGuard pii, MinutesService minutes, Outbox outbox, TextCatalog texts, IOptions<AppOptions> app,
    IRoomNotes notes, TimeProvider clock)
{
    public const string ContextType = "intervision";
    public const string CalendarOwnerType = "intervision-series";
    public const int MaxMembers = 30;
    public const int MaxOccurrences = 24;

    // ---- teams -------------------------------------------------------------------------------------------

    public async Task<IntervisionTeam> CreateTeamAsync(string? name, Guid creatorId, IReadOnlyCollection<Guid> memberIds, CancellationToken ct = default)
    {
        var team = new IntervisionTeam { Name = Validation.RequireText(name, IntervisionTeam.NameMaxLength, "Name"), CreatedBy = creatorId, CreatedAt = clock.GetUtcNow() };
        var ids = new List<Guid> { creatorId };
        ids.AddRange(memberIds.Where(id => id != creatorId).Distinct());
        if (ids.Count > MaxMembers) throw new DomainException("Intervision.Error.TooManyMembers", MaxMembers) { Field = "Members" };
        if (await db.Users.CountAsync(u => ids.Contains(u.Id) && u.ErasedAt == null, ct) != ids.Count) throw new DomainException("Rooms.Error.UnknownUser") { Field = "Members" };
        for (var i = 0; i < ids.Count; i++) team.Members.Add(new IntervisionTeamMember { UserId = ids[i], Order = i });
        db.IntervisionTeams.Add(team);
        await db.SaveChangesAsync(ct);
        return team;
    }

    /// <summary>The team, if the user is a member (else not found: non-members are not told it exists).</summary>
    public async Task<IntervisionTeam> RequireTeamMemberAsync(Guid teamId, Guid userId, CancellationToken ct = default)
    {
        var team = await db.IntervisionTeams.Include(t => t.Members.OrderBy(m => m.Order)).ThenInclude(m => m.User)
            .FirstOrDefaultAsync(t => t.Id == teamId, ct);
        if (team is null || team.Members.All(m => m.UserId != userId)) throw DomainException.NotFound();
        return team;
    }

    public async Task AddMemberAsync(Guid teamId, Guid userId, Guid newMemberId, CancellationToken ct = default)
    {
        var team = await RequireTeamMemberAsync(teamId, userId, ct);
        if (team.Members.Any(m => m.UserId == newMemberId)) throw new DomainException("Intervision.Error.AlreadyMember") { Field = "Member" };
        if (team.Members.Count >= MaxMembers) throw new DomainException("Intervision.Error.TooManyMembers", MaxMembers) { Field = "Member" };
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == newMemberId && u.ErasedAt == null, ct)
                   ?? throw new DomainException("Rooms.Error.UnknownUser") { Field = "Member" };
        var before = team.Members.OrderBy(m => m.Order).Select(m => m.UserId).ToList();
        db.IntervisionTeamMembers.Add(new IntervisionTeamMember { TeamId = teamId, UserId = newMemberId, Order = team.Members.Max(m => m.Order) + 1 });
        await JoinFutureSessionsAsync(teamId, before, user, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A newcomer joins every session of the team that has not started yet, is invited to those series, and takes turns:
    /// the roles of those sessions are dealt again with the newcomer at the end of the order, except in sessions whose
    /// roles the animateur already changed by hand (they differ from the rotation), which are kept.
    /// </summary>
    private async Task JoinFutureSessionsAsync(Guid teamId, List<Guid> before, Accounts.AppUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var after = before.Append(user.Id).ToList();
        var all = await (from s in db.IntervisionSessions
                         join x in db.IntervisionSeries on s.SeriesId equals x.Id
                         join r in db.Rooms on s.RoomId equals r.Id
                         where s.TeamId == teamId
                         select new { Session = s, x.CreatedAt, Room = r }).ToListAsync(ct);
        // The rotation index of a session: its place among the team's sessions, series after series (as when they were created).
        var ordered = all.OrderBy(x => x.CreatedAt).ThenBy(x => x.Session.SeriesId).ThenBy(x => x.Session.Occurrence).ToList();
        var invitedSeries = new HashSet<Guid>();
        for (var k = 0; k < ordered.Count; k++)
        {
            var (session, room) = (ordered[k].Session, ordered[k].Room);
            if (room.Status != RoomStatus.Scheduled || room.ScheduledStart <= now) continue;
            var participants = await db.RoomParticipants.Where(p => p.RoomId == room.Id).ToListAsync(ct);
            if (participants.All(p => p.UserId != user.Id))
            {
                var joined = new RoomParticipant
                {
                    RoomId = room.Id, UserId = user.Id, Role = RoomRole.Participant, JoinOrder = participants.Max(p => p.JoinOrder) + 1, InvitedAt = now,
                };
                db.RoomParticipants.Add(joined);
                participants.Add(joined);
            }
            var planned = Rotation(before, session.AnimateurId, k);
            if (planned.NarratorId == session.NarratorId && planned.RapporteurId == session.RapporteurId)
            {
                var turn = Rotation(after, session.AnimateurId, k);
                session.NarratorId = turn.NarratorId;
                session.RapporteurId = turn.RapporteurId;
                foreach (var p in participants)
                    p.ProtocolRole = p.UserId == turn.NarratorId ? IntervisionProtocols.Narrator : p.UserId == turn.RapporteurId ? IntervisionProtocols.Rapporteur : null;
            }
            room.StateVersion++;
            invitedSeries.Add(session.SeriesId);
        }
        if (user.Email is null) return;
        foreach (var seriesId in invitedSeries)
            if (await calendar.FindAsync(CalendarOwnerType, seriesId, ct) is { IsCancelled: false } entry)
                await calendar.InviteAsync(entry, [new InviteeSpec(user.Email, user.DisplayName, user.Language, user.Id)], ct);
    }

    public async Task SetRetentionAsync(Guid teamId, Guid userId, int days, CancellationToken ct = default)
    {
        var team = await RequireTeamMemberAsync(teamId, userId, ct);
        if (days is < 1 or > 365) throw new DomainException("Error.OutOfRange", 1, 365) { Field = "RetentionDays" };
        team.RetentionDays = days;
        await db.SaveChangesAsync(ct);
    }

    // ---- method templates --------------------------------------------------------------------------------

    /// <summary>A facilitator's own method made from a base protocol: its phases chosen, ordered and timed.</summary>
    public async Task<IntervisionTemplate> CreateTemplateAsync(Guid teamId, Guid userId, string? name, string protocolKey, IReadOnlyList<PhaseSpec> phases, CancellationToken ct = default)
    {
        await RequireTeamMemberAsync(teamId, userId, ct);
        var protocol = RequireIntervisionProtocol(protocolKey);
        if (phases.Count == 0) throw new DomainException("Rooms.Error.NoPhases") { Field = "Plan" };
        if (phases.Count > 20) throw new DomainException("Rooms.Error.TooManyPhases", 20) { Field = "Plan" };
        foreach (var p in phases)
        {
            if (protocol.Phases.All(t => t.Key != p.TemplateKey)) throw new DomainException("Rooms.Error.UnknownPhase") { Field = "Plan" };
            if (p.Minutes is < 1 or > 240) throw new DomainException("Error.OutOfRange", 1, 240) { Field = "Plan" };
        }
        var template = new IntervisionTemplate
        {
            TeamId = teamId, Name = Validation.RequireText(name, IntervisionTemplate.NameMaxLength, "Name"), ProtocolKey = protocol.Key,
            Plan = string.Join(';', phases.Select(p => $"{p.TemplateKey}:{p.Minutes}")), CreatedBy = userId, CreatedAt = clock.GetUtcNow(),
        };
        db.IntervisionTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        return template;
    }

    public static IReadOnlyList<PhaseSpec> ParsePlan(string plan) => plan.Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split(':')).Select(p => new PhaseSpec(p[0], null, int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();

    private Protocol RequireIntervisionProtocol(string key)
        => IntervisionProtocols.IsIntervision(key) && protocols.TryGet(key, out var p) ? p : throw new DomainException("Rooms.Error.UnknownProtocol") { Field = "Method" };

    // ---- series and sessions -----------------------------------------------------------------------------

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
        var team = await RequireTeamMemberAsync(spec.TeamId, userId, ct);
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
            plan = ParsePlan(template.Plan);
        }
        RequireIntervisionProtocol(protocolKey);
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
            var room = await rooms.CreateAsync(new RoomSpec(title, protocolKey, starts[i], starts[i].AddMinutes(spec.DurationMinutes),
                series.Location, null, null, participants, plan) { ContextType = ContextType, ContextId = session.Id }, spec.AnimateurId, ct);
            session.RoomId = room.Id;
            db.IntervisionSessions.Add(session);
        }
        await db.SaveChangesAsync(ct);
        return series;
    }

    /// <summary>The session, if the user is one of its participants (else not found).</summary>
    public async Task<IntervisionSession> RequireSessionMemberAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
    {
        var session = await db.IntervisionSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw DomainException.NotFound();
        await engine.RequireMemberAsync(session.RoomId, userId, ct);
        return session;
    }

    public async Task<IntervisionSession> RequireSessionByRoomAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        var session = await db.IntervisionSessions.FirstOrDefaultAsync(s => s.RoomId == roomId, ct) ?? throw DomainException.NotFound();
        await engine.RequireMemberAsync(roomId, userId, ct);
        return session;
    }

    /// <summary>The animateur changes who narrates or reports (someone is absent, a colleague has an urgent situation).</summary>
    public async Task SetRolesAsync(Guid sessionId, Guid userId, Guid narratorId, Guid rapporteurId, CancellationToken ct = default)
    {
        var session = await RequireSessionMemberAsync(sessionId, userId, ct);
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
    /// Moves one session of the series (the animateur or the series' organiser, before it starts): the room and the
    /// calendar occurrence move together and every invitee gets the update.
    /// </summary>
    public async Task MoveSessionAsync(Guid sessionId, Guid userId, DateTimeOffset newStart, CancellationToken ct = default)
    {
        var (session, room, entry) = await RequireSessionOrganiserAsync(sessionId, userId, ct);
        var duration = room.ScheduledEnd - room.ScheduledStart;
        newStart = CalendarTime.Truncate(newStart);
        if (newStart < clock.GetUtcNow().AddMinutes(-5)) throw new DomainException("Intervision.Error.InPast") { Field = "Start" };
        if (newStart == room.ScheduledStart) return;
        if (entry is not null)
        {
            if (entry.Recurrence is null)
                await calendar.UpdateAsync(entry, CalendarEntrySpec.From(entry) with { Start = newStart, End = newStart + duration }, null, ct);
            else
                await calendar.MoveOccurrenceAsync(entry, OriginalStart(entry, session), newStart, newStart + duration, ct);
        }
        room.ScheduledStart = newStart;
        room.ScheduledEnd = newStart + duration;
        room.StateVersion++;
        session.Start = newStart;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Cancels one session of the series (before it starts): its room is cancelled and every invitee gets the calendar update.</summary>
    public async Task CancelSessionAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
    {
        var (session, room, entry) = await RequireSessionOrganiserAsync(sessionId, userId, ct);
        if (entry is not null)
        {
            if (entry.Recurrence is null) await calendar.CancelAsync(entry, null, ct);
            else await calendar.CancelOccurrenceAsync(entry, OriginalStart(entry, session), ct);
        }
        room.Status = RoomStatus.Cancelled;
        room.StateVersion++;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The occurrence's start in the series' rule (the calendar's key for it, even after a move).</summary>
    private static DateTimeOffset OriginalStart(CalendarEntry entry, IntervisionSession session)
    {
        var starts = CalendarTime.RuleStarts(entry.Start, entry.End, entry.Recurrence, MaxOccurrences);
        return session.Occurrence < starts.Count ? starts[session.Occurrence] : throw DomainException.NotFound();
    }

    private async Task<(IntervisionSession Session, Room Room, CalendarEntry? Entry)> RequireSessionOrganiserAsync(Guid sessionId, Guid userId, CancellationToken ct)
    {
        var session = await RequireSessionMemberAsync(sessionId, userId, ct);
        var series = await db.IntervisionSeries.FirstAsync(x => x.Id == session.SeriesId, ct);
        if (userId != session.AnimateurId && userId != series.CreatedBy) throw DomainException.Forbidden();
        var room = await db.Rooms.FirstAsync(r => r.Id == session.RoomId, ct);
        if (room.Status != RoomStatus.Scheduled) throw new DomainException("Rooms.Error.AlreadyStarted");
        return (session, room, await calendar.FindAsync(CalendarOwnerType, series.Id, ct));
    }

    // ---- confidentiality ---------------------------------------------------------------------------------

    public async Task AcknowledgeAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
    {
        await RequireSessionMemberAsync(sessionId, userId, ct);
        if (await db.IntervisionAcknowledgements.AnyAsync(a => a.SessionId == sessionId && a.UserId == userId, ct)) return;
        db.IntervisionAcknowledgements.Add(new IntervisionAcknowledgement { SessionId = sessionId, UserId = userId, AcknowledgedAt = clock.GetUtcNow() });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { db.ChangeTracker.Clear(); } // a second click at the same moment
    }

    public Task<bool> HasAcknowledgedAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
        => db.IntervisionAcknowledgements.AnyAsync(a => a.SessionId == sessionId && a.UserId == userId, ct);

    public async Task RequireAcknowledgedAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
    {
        if (!await HasAcknowledgedAsync(sessionId, userId, ct)) throw new DomainException("Intervision.Error.NotAcknowledged") { IsForbidden = true };
    }

    // ---- theme and summary -------------------------------------------------------------------------------

    /// <summary>The narrator (or the animateur) names what the situation is about, in general words.</summary>
    public async Task SetThemeAsync(Guid sessionId, Guid userId, string? theme, CancellationToken ct = default, bool confirmPossiblePii = false)
    {
        var session = await RequireSessionMemberAsync(sessionId, userId, ct);
        if (userId != session.NarratorId && userId != session.AnimateurId) throw DomainException.Forbidden();
        var text = Validation.RequireText(theme, IntervisionSession.ThemeMaxLength, "Theme", required: false);
        await CheckPiiAsync(session.TeamId, text, "Theme", confirmPossiblePii, ct);
        session.Theme = text.Length == 0 ? null : text;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The rapporteur's summary (learnings, proposals, open questions): the record of the session that is kept.</summary>
    public async Task<IntervisionSession> SaveSummaryAsync(Guid sessionId, Guid userId, SummaryInput input, CancellationToken ct = default)
    {
        var session = await RequireSessionMemberAsync(sessionId, userId, ct);
        if (userId != session.RapporteurId) throw new DomainException("Intervision.Error.RapporteurOnly") { IsForbidden = true };
        var names = await KnownNamesAsync(session.TeamId, ct);
        string? Field(string? value, string name)
        {
            var v = Validation.RequireText(value, IntervisionSession.SummaryMaxLength, name, required: false);
            RejectPii(names, v, name, input.ConfirmPossiblePii);
            return v.Length == 0 ? null : v;
        }
        var learnings = Field(input.Learnings, "Learnings");
        var proposals = Field(input.Proposals, "Proposals");
        var questions = Field(input.OpenQuestions, "OpenQuestions");
        if (learnings == session.Learnings && proposals == session.Proposals && questions == session.OpenQuestions) return session;
        session.Learnings = learnings;
        session.Proposals = proposals;
        session.OpenQuestions = questions;
        session.SummaryUpdatedAt = clock.GetUtcNow();
        var closed = await db.Rooms.AnyAsync(r => r.Id == session.RoomId && r.Status == RoomStatus.Closed && r.MinutesQueuedAt != null, ct);
        if (!closed)
        {
            await db.SaveChangesAsync(ct);
            return session;
        }
        // After the minutes went out, each saved change of the record goes out again as updated minutes (one mail per
        // save that changed something, never per keystroke), in the same transaction as the summary.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await QueueUpdatedMinutesAsync(session, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return session;
    }

    private async Task QueueUpdatedMinutesAsync(IntervisionSession session, CancellationToken ct)
    {
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == session.RoomId, ct);
        var recipients = await db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == room.Id && p.User!.Email != null && p.User.ErasedAt == null)
            .Select(p => new { p.UserId, p.User!.Email, p.User.DisplayName, p.User.Language }).ToListAsync(ct);
        var revision = session.SummaryUpdatedAt!.Value.ToUnixTimeMilliseconds();
        var link = app.Value.Link($"/meetings/{room.Id}/minutes");
        foreach (var r in recipients)
        {
            var body = await minutes.BuildMarkdownAsync(room.Id, r.Language, r.UserId, ct);
            await outbox.EnqueueAsync(db, new MailRequest
            {
                ToAddress = r.Email!, ToName = r.DisplayName, Language = r.Language, Kind = "MinutesUpdated",
                DedupKey = $"intervision-minutes:{room.Id}:{r.UserId}:{revision}",
                Subject = texts.Format("Intervision.Mail.MinutesUpdated.Subject", r.Language, room.Title),
                BodyMarkdown = texts.Format("Intervision.Mail.MinutesUpdated.Intro", r.Language, r.DisplayName, link) + "\n\n---\n\n" + body,
            }, ct);
        }
    }

    // ---- narrator's reaction -----------------------------------------------------------------------------

    /// <summary>
    /// The narrator writes their reaction during the narrator's-reaction phase; it stays theirs until they share it
    /// with the group (then everyone sees it, and later edits too).
    /// </summary>
    public async Task<IntervisionSession> SaveReactionAsync(Guid roomId, Guid userId, string? text, bool share, bool confirmPossiblePii = false, CancellationToken ct = default)
    {
        var session = await RequireSessionByRoomAsync(roomId, userId, ct);
        await RequireAcknowledgedAsync(session.Id, userId, ct);
        if (userId != session.NarratorId) throw new DomainException("Intervision.Error.NarratorOnly") { IsForbidden = true };
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct);
        var state = RoomLiveState.Deserialize(room.StateJson);
        var phase = await db.RoomPhases.AsNoTracking().Where(p => p.RoomId == roomId && p.Order == state.PhaseIndex).Select(p => p.TemplateKey).FirstOrDefaultAsync(ct);
        if (room.Status != RoomStatus.Live || phase != IntervisionProtocols.ReactionPhase) throw new DomainException("Intervision.Error.NotReactionPhase");
        var value = Validation.RequireText(text, IntervisionSession.ReactionMaxLength, "reaction", required: false);
        await CheckPiiAsync(session.TeamId, value, "reaction", confirmPossiblePii, ct);
        session.NarratorReaction = value.Length == 0 ? null : value;
        if (share && session.NarratorReaction is not null) session.ReactionSharedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return session;
    }

    // ---- PII guard ---------------------------------------------------------------------------------------

    /// <summary>The team's members' names: a colleague named in a card or a summary is caught (beneficiaries have no CaseHub account to match).</summary>
    private async Task<KnownNames> KnownNamesAsync(Guid teamId, CancellationToken ct)
        => KnownNames.From(await db.IntervisionTeamMembers.AsNoTracking().Where(m => m.TeamId == teamId).Select(m => m.User!.DisplayName).ToListAsync(ct));

    /// <summary>
    /// Refuses text that looks like it identifies someone: intervision keeps no case identity. The message shows the
    /// masked finding; a possible one (a colleague's surname written as an ordinary word) passes once the author confirms it.
    /// </summary>
    public async Task CheckPiiAsync(Guid teamId, string? text, string field, bool confirmPossible, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        RejectPii(await KnownNamesAsync(teamId, ct), text, field, confirmPossible);
    }

    private void RejectPii(KnownNames names, string text, string field, bool confirmPossible)
    {
        if (text.Length == 0) return;
        var finding = pii.Scan(text, names).FirstOrDefault(f => f.Confidence == PiiConfidence.High || !confirmPossible);
        if (finding is null) return;
        throw new DomainException(finding.Confidence == PiiConfidence.High ? "Intervision.Error.Pii." + finding.Kind : "Intervision.Error.PiiPossible", finding.Masked) { Field = field };
    }

    /// <summary>
    /// Scans the session's live notes as stored now and tells what kinds of identifying data they seem to hold (never
    /// the data itself, which is not logged either): the editors then see a warning.
    /// </summary>
    public async Task<IReadOnlyList<NotesFinding>> ScanNotesAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        var session = await RequireSessionByRoomAsync(roomId, userId, ct);
        await RequireAcknowledgedAsync(session.Id, userId, ct);
        var text = await notes.GetTextAsync(Room.NotesKeyFor(roomId), ct);
        if (string.IsNullOrWhiteSpace(text)) return [];
        return pii.Scan(text, await KnownNamesAsync(session.TeamId, ct))
            .GroupBy(f => f.Kind)
            .Select(g => new NotesFinding(g.Key.ToString(), g.Count(), g.All(f => f.Confidence == PiiConfidence.Low)))
            .OrderBy(f => f.Kind, StringComparer.Ordinal).ToList();
    }

    // ---- lists -------------------------------------------------------------------------------------------

    public Task<List<IntervisionTeam>> MyTeamsAsync(Guid userId, CancellationToken ct = default)
        => db.IntervisionTeams.AsNoTracking().Where(t => t.Members.Any(m => m.UserId == userId)).OrderBy(t => t.Name).ToListAsync(ct);

    public sealed record SessionRow(IntervisionSession Session, RoomStatus Status, string Title, string NarratorName, string RapporteurName, string AnimateurName);

    public async Task<List<SessionRow>> TeamSessionsAsync(Guid teamId, CancellationToken ct = default)
    {
        var rows = await (from s in db.IntervisionSessions.AsNoTracking()
                          join r in db.Rooms.AsNoTracking() on s.RoomId equals r.Id
                          where s.TeamId == teamId
                          select new { s, r.Status, r.Title }).ToListAsync(ct);
        var ids = rows.SelectMany(x => new[] { x.s.NarratorId, x.s.RapporteurId, x.s.AnimateurId }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string N(Guid id) => names.GetValueOrDefault(id, "—");
        return rows.OrderBy(x => x.s.Start).Select(x => new SessionRow(x.s, x.Status, x.Title, N(x.s.NarratorId), N(x.s.RapporteurId), N(x.s.AnimateurId))).ToList();
    }
}
