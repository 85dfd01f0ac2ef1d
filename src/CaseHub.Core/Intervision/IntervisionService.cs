using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Privacy;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

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

public sealed record SummaryInput(string? Learnings, string? Proposals, string? OpenQuestions);

/// <summary>Who narrates and who reports in occurrence <c>i</c> of a rotation.</summary>
public sealed record RoleTurn(Guid NarratorId, Guid RapporteurId);

/// <summary>Teams, their methods, their recurring sessions (one room and one calendar series), roles and summaries.</summary>
public sealed class IntervisionService(CaseHubDbContext db, RoomService rooms, RoomEngine engine, ProtocolCatalog protocols,
    CalendarService calendar, PiiGuard pii, TimeProvider clock)
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
        if (!await db.Users.AnyAsync(u => u.Id == newMemberId && u.ErasedAt == null, ct)) throw new DomainException("Rooms.Error.UnknownUser") { Field = "Member" };
        db.IntervisionTeamMembers.Add(new IntervisionTeamMember { TeamId = teamId, UserId = newMemberId, Order = team.Members.Max(m => m.Order) + 1 });
        await db.SaveChangesAsync(ct);
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
    public async Task SetThemeAsync(Guid sessionId, Guid userId, string? theme, CancellationToken ct = default)
    {
        var session = await RequireSessionMemberAsync(sessionId, userId, ct);
        if (userId != session.NarratorId && userId != session.AnimateurId) throw DomainException.Forbidden();
        var text = Validation.RequireText(theme, IntervisionSession.ThemeMaxLength, "Theme", required: false);
        RejectPii(text, "Theme");
        session.Theme = text.Length == 0 ? null : text;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The rapporteur's summary (learnings, proposals, open questions): the record of the session that is kept.</summary>
    public async Task<IntervisionSession> SaveSummaryAsync(Guid sessionId, Guid userId, SummaryInput input, CancellationToken ct = default)
    {
        var session = await RequireSessionMemberAsync(sessionId, userId, ct);
        if (userId != session.RapporteurId) throw new DomainException("Intervision.Error.RapporteurOnly") { IsForbidden = true };
        string? Field(string? value, string name)
        {
            var v = Validation.RequireText(value, IntervisionSession.SummaryMaxLength, name, required: false);
            RejectPii(v, name);
            return v.Length == 0 ? null : v;
        }
        session.Learnings = Field(input.Learnings, "Learnings");
        session.Proposals = Field(input.Proposals, "Proposals");
        session.OpenQuestions = Field(input.OpenQuestions, "OpenQuestions");
        session.SummaryUpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>Refuses text that looks like it identifies someone: intervision keeps no case identity.</summary>
    public void RejectPii(string text, string field)
    {
        var finding = pii.Scan(text).FirstOrDefault(f => f.Confidence == PiiConfidence.High);
        if (finding is not null) throw new DomainException("Intervision.Error.Pii", finding.Masked) { Field = field };
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
