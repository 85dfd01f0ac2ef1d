using CaseHub.Core.Localization;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Conferences;

public sealed record ConferencePlan(string? Title, DateTimeOffset Start, DateTimeOffset End, string? Location, string? VideoUrl,
    string? Agenda, IReadOnlyList<Guid> ParticipantIds, bool WithPersonPart);

public sealed record PositionInput(string? Situation, string? ProposedOrientation, string? NeedsFromOthers, string? Concerns,
    Visibility Visibility, bool IsPersonVoice = false)
{
    public bool ConfirmPossiblePii { get; init; }
}

public sealed record OutcomeInput(string? OrientationKey, string? OrientationDetail, bool NoAgreement, string? EscalationTarget,
    string? Reasons, string? AnswerToPerson, DateOnly? ReviewDate);

public sealed record PositionView(Guid Id, Guid AuthorId, string AuthorName, string Party, bool IsPersonVoice, string Situation,
    string? ProposedOrientation, string? NeedsFromOthers, string? Concerns, string Visibility, DateTimeOffset UpdatedAt, bool Mine);

/// <summary>The room's signal that its conference changed: only the room id, never content (each viewer then fetches
/// their own <see cref="ConferenceView"/>, filtered for them).</summary>
public sealed record ConferenceChanged(Guid RoomId) : RoomFeatureChange;

public sealed record PointView(Guid Id, string Kind, string Text, string? Views, DateTimeOffset CreatedAt);

public sealed record OutcomeView(string? OrientationKey, string? OrientationDetail, bool NoAgreement, string? EscalationTarget,
    string? Reasons, string? AnswerToPerson, DateOnly? ReviewDate, DateTimeOffset? DecidedAt);

/// <summary>A conference as one viewer may see it: sealed positions of others are left out, and so is anything their
/// visibility hides from this viewer. Sent only to that viewer (never broadcast).</summary>
public sealed record ConferenceView(Guid Id, Guid CaseId, string CaseCode, Guid RoomId, string RoomStatus, bool PositionsOpen,
    bool WithPersonPart, IReadOnlyList<PositionView> Positions, int SealedCount, IReadOnlyList<string> PartiesWithPosition,
    IReadOnlyList<PointView> Points, OutcomeView? Outcome, bool IsFacilitator, bool CanWritePosition, IReadOnlyList<string> Orientations);

/// <summary>
/// Case conferences: preparation (room + calendar invitations), sealed positions, opening them in the room, the
/// disagreement map and the outcome. Every read goes through <see cref="VisibilityRules"/>.
/// </summary>
public sealed class ConferenceService(CaseHubDbContext db, CaseService cases, MeetingScheduler scheduler, RoomService rooms, IOptions<ConferenceOptions> options, TimeProvider clock, Audit.AuditLog audit,
    IRoomBroadcaster broadcaster, TextCatalog texts)
{
    public const string ContextType = "conference";

    /// <summary>Creates the conference and its room; invitations with a calendar request go to every participant.</summary>
    public Task<Conference> PrepareAsync(Guid caseId, Guid facilitatorId, ConferencePlan plan, CancellationToken ct = default)
        => PrepareAsync(caseId, facilitatorId, plan, invite: true, ct);

    /// <param name="invite">false only for demo data: no mail to the (demo) participants.</param>
    internal async Task<Conference> PrepareAsync(Guid caseId, Guid facilitatorId, ConferencePlan plan, bool invite, CancellationToken ct = default)
    {
        var c = await cases.RequireFacilitatedAsync(caseId, facilitatorId, ct);
        // Short texts with no confirm box: only sure findings block (a lower-case word that is also a surname passes).
        var guarded = await cases.GuardAsync(true, facilitatorId, ct, ("Agenda", plan.Agenda), ("Title", plan.Title));
        plan = plan with { Agenda = plan.Agenda is null ? null : guarded[0], Title = plan.Title is null ? null : guarded[1] };
        var members = await db.CaseMembers.AsNoTracking().Where(m => m.CaseId == caseId).ToListAsync(ct);
        var ids = plan.ParticipantIds.Distinct().Where(id => id != facilitatorId).ToList();
        if (ids.Any(id => members.All(m => m.UserId != id))) throw new DomainException("Conference.Error.NotCaseMember") { Field = "ParticipantIds" };
        if (ids.Count == 0) throw new DomainException("Conference.Error.NoParticipants") { Field = "ParticipantIds" };

        var conference = new Conference { CaseId = caseId, CreatedAt = clock.GetUtcNow(), WithPersonPart = plan.WithPersonPart };
        // Composed in the default language; each reader sees it in theirs (ComposedTitles).
        var title = string.IsNullOrWhiteSpace(plan.Title) ? texts.Format("Conference.AutoTitle", Languages.Default, c.Code) : plan.Title;
        var spec = new RoomSpec(title, CaseConferenceProtocol.Key, plan.Start, plan.End, plan.Location, plan.VideoUrl, plan.Agenda,
            ids.Select(id => new ParticipantSpec(id, RoomRole.Participant)).ToList(), CaseConferenceProtocol.Plan(plan.WithPersonPart))
        { ContextType = ContextType, ContextId = conference.Id };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var room = invite ? await scheduler.CreateAsync(spec, facilitatorId, ct) : await rooms.CreateAsync(spec, facilitatorId, ct);
        conference.RoomId = room.Id;
        db.Conferences.Add(conference);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return conference;
    }

    public async Task<Conference> RequireByRoomAsync(Guid roomId, CancellationToken ct = default)
        => await db.Conferences.FirstOrDefaultAsync(x => x.RoomId == roomId, ct) ?? throw DomainException.NotFound();

    /// <summary>The caller must be on the case AND invited to this conference's room.</summary>
    private async Task<(Conference Conference, Room Room, Viewer Viewer)> AccessAsync(Guid conferenceId, Guid userId, CancellationToken ct)
    {
        var conference = await db.Conferences.FirstOrDefaultAsync(x => x.Id == conferenceId, ct) ?? throw DomainException.NotFound();
        var viewer = await cases.ViewerAsync(conference.CaseId, userId, ct);
        if (!await db.RoomParticipants.AnyAsync(p => p.RoomId == conference.RoomId && p.UserId == userId, ct)) throw DomainException.NotFound();
        var room = await db.Rooms.FirstAsync(r => r.Id == conference.RoomId, ct);
        return (conference, room, viewer);
    }

    public async Task<Guid> IdForRoomAsync(Guid roomId, CancellationToken ct = default)
        => (await RequireByRoomAsync(roomId, ct)).Id;

    // ---- positions -----------------------------------------------------------------------------------------

    /// <summary>Writes or rewrites the caller's position (or the person's voice) — only until the room opens.</summary>
    public async Task<Position> SavePositionAsync(Guid conferenceId, Guid authorId, PositionInput input, CancellationToken ct = default)
    {
        var (conference, room, viewer) = await AccessAsync(conferenceId, authorId, ct);
        if (room.Status != RoomStatus.Scheduled || conference.PositionsOpenedAt is not null)
            throw new DomainException("Conference.Error.PositionLocked");
        var member = await cases.RequireMemberAsync(conference.CaseId, authorId, ct);
        if (input.IsPersonVoice && !viewer.IsFacilitator && member.Party != CaseParty.SocialWorker)
            throw new DomainException("Conference.Error.PersonVoiceRole") { IsForbidden = true };
        if (!Enum.IsDefined(input.Visibility)) throw new DomainException("Error.InvalidValue") { Field = "Visibility" };
        var situation = Validation.RequireText(input.Situation, Position.TextMaxLength, "Situation");
        var proposed = Validation.RequireText(input.ProposedOrientation, Position.TextMaxLength, "ProposedOrientation", required: false);
        var needs = Validation.RequireText(input.NeedsFromOthers, Position.TextMaxLength, "NeedsFromOthers", required: false);
        var concerns = Validation.RequireText(input.Concerns, Position.TextMaxLength, "Concerns", required: false);
        var guarded = await cases.GuardAsync(input.ConfirmPossiblePii, authorId, ct,
            ("Situation", situation), ("ProposedOrientation", proposed), ("NeedsFromOthers", needs), ("Concerns", concerns));
        (situation, proposed, needs, concerns) = (guarded[0], guarded[1], guarded[2], guarded[3]);

        var now = clock.GetUtcNow();
        var p = await db.ConferencePositions.FirstOrDefaultAsync(x => x.ConferenceId == conferenceId && x.AuthorId == authorId && x.IsPersonVoice == input.IsPersonVoice, ct);
        if (p is null)
        {
            p = new Position { ConferenceId = conferenceId, AuthorId = authorId, IsPersonVoice = input.IsPersonVoice, CreatedAt = now };
            db.ConferencePositions.Add(p);
        }
        p.Party = member.Party;
        p.Situation = situation;
        p.ProposedOrientation = proposed.Length == 0 ? null : proposed;
        p.NeedsFromOthers = needs.Length == 0 ? null : needs;
        p.Concerns = concerns.Length == 0 ? null : concerns;
        p.Visibility = input.Visibility;
        p.UpdatedAt = now;
        audit.Record(db, authorId, "Conferences.PositionSaved", "Conference", conferenceId, $"visibility={input.Visibility}");
        await db.SaveChangesAsync(ct);
        return p;
    }

    /// <summary>The caller's own position (or the person's voice they recorded), to edit it.</summary>
    public async Task<Position?> MyPositionAsync(Guid conferenceId, Guid userId, bool personVoice, CancellationToken ct = default)
    {
        await AccessAsync(conferenceId, userId, ct);
        return await db.ConferencePositions.AsNoTracking().FirstOrDefaultAsync(x => x.ConferenceId == conferenceId && x.AuthorId == userId && x.IsPersonVoice == personVoice, ct);
    }

    // ---- in the room (acting chair) ------------------------------------------------------------------------

    private async Task<(Conference Conference, Room Room)> ChairAsync(Guid roomId, Guid userId, bool requireLive, CancellationToken ct)
    {
        var conference = await RequireByRoomAsync(roomId, ct);
        var (_, room, _) = await AccessAsync(conference.Id, userId, ct);
        if (RoomLiveState.Deserialize(room.StateJson).ActingChairId != userId) throw new DomainException("Rooms.Error.ChairOnly") { IsForbidden = true };
        if (requireLive && room.Status != RoomStatus.Live)
            throw new DomainException(room.Status == RoomStatus.Closed ? "Rooms.Error.Closed" : "Rooms.Error.NotStarted");
        if (room.Status == RoomStatus.Cancelled) throw new DomainException("Rooms.Error.Cancelled");
        return (conference, room);
    }

    /// <summary>The conference of a room whose acting chair is <paramref name="userId"/> (the room not cancelled).</summary>
    public async Task<Conference> RequireChairAsync(Guid roomId, Guid userId, CancellationToken ct = default)
        => (await ChairAsync(roomId, userId, requireLive: false, ct)).Conference;

    /// <summary>Shows every position to the room (each still within its visibility). Returns false if already open.</summary>
    public async Task<bool> OpenPositionsAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        var (conference, _) = await ChairAsync(roomId, userId, requireLive: true, ct);
        if (conference.PositionsOpenedAt is not null) return false;
        conference.PositionsOpenedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await ChangedAsync(roomId);
        return true;
    }

    /// <summary>Adds an entry to the disagreement map (<paramref name="id"/> chosen by the client: a re-sent command is a no-op).</summary>
    public async Task<bool> AddPointAsync(Guid roomId, Guid userId, Guid id, PointKind kind, string? text, string? views, CancellationToken ct = default)
    {
        var (conference, _) = await ChairAsync(roomId, userId, requireLive: true, ct);
        if (id == Guid.Empty) throw new DomainException("Rooms.Error.MissingCommandId");
        if (!Enum.IsDefined(kind)) throw new DomainException("Error.InvalidValue");
        var value = Validation.RequireText(text, ConferencePoint.TextMaxLength, "text");
        var who = Validation.RequireText(views, ConferencePoint.TextMaxLength, "views", required: false);
        var guarded = await cases.GuardAsync(true, userId, ct, ("text", value), ("views", who));
        (value, who) = (guarded[0], guarded[1]);
        if (await db.ConferencePoints.AnyAsync(p => p.Id == id, ct)) return false;
        db.ConferencePoints.Add(new ConferencePoint { Id = id, ConferenceId = conference.Id, Kind = kind, Text = value, Views = who.Length == 0 ? null : who, CreatedBy = userId, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        await ChangedAsync(roomId);
        return true;
    }

    public async Task<bool> RemovePointAsync(Guid roomId, Guid userId, Guid id, CancellationToken ct = default)
    {
        var (conference, _) = await ChairAsync(roomId, userId, requireLive: true, ct);
        var removed = await db.ConferencePoints.Where(p => p.Id == id && p.ConferenceId == conference.Id).ExecuteDeleteAsync(ct);
        if (removed > 0) await ChangedAsync(roomId);
        return removed > 0;
    }

    /// <summary>Records the orientation (or "no agreement" with an escalation target and reasons) and the review date.</summary>
    public async Task RecordOutcomeAsync(Guid roomId, Guid userId, OutcomeInput input, CancellationToken ct = default)
    {
        var (conference, _) = await ChairAsync(roomId, userId, requireLive: true, ct);
        var detail = Validation.RequireText(input.OrientationDetail, Conference.TextMaxLength, "OrientationDetail", required: false);
        var reasons = Validation.RequireText(input.Reasons, Conference.TextMaxLength, "Reasons", required: false);
        var answer = Validation.RequireText(input.AnswerToPerson, Conference.TextMaxLength, "AnswerToPerson", required: false);
        string? orientation = null;
        string? escalation = null;
        if (input.NoAgreement)
        {
            escalation = Validation.RequireText(input.EscalationTarget, Conference.EscalationMaxLength, "EscalationTarget");
            if (reasons.Length == 0) throw new DomainException("Error.Required") { Field = "Reasons" };
        }
        else
        {
            orientation = input.OrientationKey?.Trim();
            if (string.IsNullOrEmpty(orientation) || !options.Value.EffectiveOrientations.Contains(orientation))
                throw new DomainException("Conference.Error.Orientation") { Field = "OrientationKey" };
            if (orientation == Orientations.Other && detail.Length == 0) throw new DomainException("Error.Required") { Field = "OrientationDetail" };
            if (conference.WithPersonPart && answer.Length == 0
                && await db.ConferencePositions.AnyAsync(p => p.ConferenceId == conference.Id && p.IsPersonVoice, ct))
                throw new DomainException("Conference.Error.AnswerToPerson") { Field = "AnswerToPerson" };
        }
        var today = Calendar.CalendarTime.LocalDate(clock.GetUtcNow());
        if (input.ReviewDate is { } review && (review < today || review > today.AddYears(2)))
            throw new DomainException("Conference.Error.ReviewDate") { Field = "ReviewDate" };
        var guarded = await cases.GuardAsync(true, null, ct, ("OrientationDetail", detail), ("Reasons", reasons), ("AnswerToPerson", answer));
        (detail, reasons, answer) = (guarded[0], guarded[1], guarded[2]);

        conference.OrientationKey = orientation;
        conference.OrientationDetail = detail.Length == 0 ? null : detail;
        conference.NoAgreement = input.NoAgreement;
        conference.EscalationTarget = escalation;
        conference.Reasons = reasons.Length == 0 ? null : reasons;
        conference.AnswerToPerson = answer.Length == 0 ? null : answer;
        conference.ReviewDate = input.ReviewDate;
        conference.DecidedAt = clock.GetUtcNow();
        conference.DecidedBy = userId;
        var c = await db.ConferenceCases.FirstAsync(x => x.Id == conference.CaseId, ct);
        if (!input.NoAgreement) c.CurrentOrientation = orientation;
        c.OpenDisagreement = input.NoAgreement;
        c.ReviewDate = input.ReviewDate ?? c.ReviewDate;
        await db.SaveChangesAsync(ct);
        await ChangedAsync(roomId);
    }

    /// <summary>Tells the room that its conference changed; each client then asks for its own filtered view.</summary>
    private Task ChangedAsync(Guid roomId) => broadcaster.FeatureAsync(roomId, new ConferenceChanged(roomId));

    // ---- reading -------------------------------------------------------------------------------------------

    public async Task<ConferenceView> ViewByRoomAsync(Guid roomId, Guid userId, CancellationToken ct = default)
        => await ViewAsync((await RequireByRoomAsync(roomId, ct)).Id, userId, ct);

    public async Task<ConferenceView> ViewAsync(Guid conferenceId, Guid userId, CancellationToken ct = default)
    {
        var (conference, room, viewer) = await AccessAsync(conferenceId, userId, ct);
        var code = await db.ConferenceCases.Where(c => c.Id == conference.CaseId).Select(c => c.Code).FirstAsync(ct);
        var (visible, sealedCount, parties) = await PositionsForAsync(conference, viewer, ct);
        var points = (await db.ConferencePoints.AsNoTracking().Where(p => p.ConferenceId == conferenceId).ToListAsync(ct))
            .OrderBy(p => p.CreatedAt).Select(p => new PointView(p.Id, p.Kind.ToString(), p.Text, p.Views, p.CreatedAt)).ToList();
        return new ConferenceView(conference.Id, conference.CaseId, code, conference.RoomId, room.Status.ToString(),
            conference.PositionsOpenedAt is not null, conference.WithPersonPart, visible, sealedCount, parties, points, Outcome(conference),
            viewer.IsFacilitator, room.Status == RoomStatus.Scheduled && conference.PositionsOpenedAt is null, options.Value.EffectiveOrientations);
    }

    public static OutcomeView? Outcome(Conference c) => c.DecidedAt is null ? null
        : new OutcomeView(c.OrientationKey, c.OrientationDetail, c.NoAgreement, c.EscalationTarget, c.Reasons, c.AnswerToPerson, c.ReviewDate, c.DecidedAt);

    /// <summary>
    /// Positions this viewer may read, how many are sealed, and which parties wrote one. Sealed: for a participant, the
    /// positions they may not read (yet); for the facilitator, who reads every position to prepare, the written
    /// positions the others cannot read until the room opens them (all of them, before the opening).
    /// </summary>
    public async Task<(List<PositionView> Visible, int Sealed, List<string> Parties)> PositionsForAsync(Conference conference, Viewer viewer, CancellationToken ct = default)
    {
        var all = await db.ConferencePositions.AsNoTracking().Where(p => p.ConferenceId == conference.Id)
            .Join(db.Users, p => p.AuthorId, u => u.Id, (p, u) => new { p, u.DisplayName }).ToListAsync(ct);
        var released = conference.PositionsOpenedAt is not null;
        var visible = all.Where(x => VisibilityRules.CanSee(x.p.Visibility, x.p.AuthorId, viewer, released))
            .OrderBy(x => x.p.IsPersonVoice).ThenBy(x => x.p.Party).ThenBy(x => x.p.CreatedAt)
            .Select(x => new PositionView(x.p.Id, x.p.AuthorId, x.DisplayName, x.p.Party.ToString(), x.p.IsPersonVoice, x.p.Situation,
                x.p.ProposedOrientation, x.p.NeedsFromOthers, x.p.Concerns, x.p.Visibility.ToString(), x.p.UpdatedAt, x.p.AuthorId == viewer.UserId))
            .ToList();
        var parties = all.Select(x => x.p.IsPersonVoice ? "Person" : x.p.Party.ToString()).Distinct().ToList();
        var sealedCount = viewer.IsFacilitator && !released ? all.Count : all.Count - visible.Count;
        return (visible, sealedCount, parties);
    }
}
