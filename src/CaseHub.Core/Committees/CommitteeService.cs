using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Privacy;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Committees;

/// <summary>What the chair fills in to plan a comité à blanc.</summary>
public sealed class CommitteeSessionInput
{
    public string? Title { get; set; }
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    public string? Location { get; set; }
    public bool ShowNames { get; set; }
    public List<Guid> CaseIds { get; set; } = [];
    public List<Guid> MemberIds { get; set; } = [];
    public int ReadingMinutes { get; set; } = 10;
    public int VoteMinutes { get; set; } = 5;
    public int DiscussionMinutes { get; set; } = 15;
    public int ReferenceMinutes { get; set; } = 5;
}

/// <summary>The reference decision the group fixes for a case, with its rationale.</summary>
public sealed record ReferenceInput(CommitteeDecision Decision, string? Amount, string? Months, string? Conditions, string? Rationale);

/// <summary>One revealed ballot as shown in the divergence view (<see cref="Name"/> null when the session is anonymous).</summary>
public sealed record RevealedBallot(string? Name, CommitteeDecision Decision, string Motivation, CommitteeBallotData Data);

/// <summary>The divergence view of a revealed case: the spread of decisions and amounts, motivations by decision.</summary>
public sealed record Divergence(IReadOnlyDictionary<CommitteeDecision, int> Counts, IReadOnlyList<RevealedBallot> Ballots)
{
    public int Total => Counts.Values.Sum();
    public double? ModalShare => Agreement.ModalShare(Counts.Values.ToList());
    public IReadOnlyList<long> GrantAmounts => Ballots.Where(b => b.Decision == CommitteeDecision.Grant && b.Data.AmountCents is not null)
        .Select(b => b.Data.AmountCents!.Value).Order().ToList();
    /// <summary>The middle granted amount; with an even number of amounts, the mean of the two middle ones (to the
    /// nearest cent, halves away from zero): 320 € and 640 € give 480 €.</summary>
    public long? MedianAmount => Median(GrantAmounts);

    /// <summary>Median of amounts sorted in ascending order (null when there are none).</summary>
    public static long? Median(IReadOnlyList<long> sorted)
    {
        if (sorted.Count == 0) return null;
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle]
            : (long)Math.Round((sorted[middle - 1] + (decimal)sorted[middle]) / 2, MidpointRounding.AwayFromZero);
    }
}

/// <summary>A session as one participant may see it now. Nobody else's ballot appears before the reveal.</summary>
public sealed record CommitteeSessionView(
    CommitteeSession Session,
    Room Room,
    RoomParticipant Me,
    bool IsChair,
    int PhaseIndex,
    int CaseOrder,
    string Step,
    CommitteeSessionCase? Current,
    Vote? CurrentVote,
    int Eligible,
    IReadOnlyList<Guid> VotedUserIds,
    Ballot? MyBallot,
    Divergence? Divergence,
    IReadOnlyDictionary<Guid, string> Names);

/// <summary>
/// Comités à blanc: plans sessions (a room of the <see cref="BlankCommitteeProtocol"/> with four phases per case),
/// runs the steps of each case through the room engine (secret ballots, reveal) and records reference decisions.
/// </summary>
public sealed class CommitteeService(
    CaseHubDbContext db, ExerciseCaseService cases, MeetingScheduler scheduler, RoomEngine engine, PiiGuard guard, TextCatalog texts, TimeProvider clock, People people)
{
    public const string RoomContext = "committee";
    public const string VoteContext = "committee-case";
    public const int MaxCases = RoomService.MaxPhases / BlankCommitteeProtocol.PhasesPerCase;
    public static readonly string[] OrganiserRoles = [Roles.Administrator, Roles.Facilitator, Roles.CommitteeMember];
    public static readonly string[] Options = [nameof(CommitteeDecision.Grant), nameof(CommitteeDecision.Refuse), nameof(CommitteeDecision.Defer)];

    public async Task<CommitteeSession> CreateSessionAsync(CommitteeSessionInput input, Guid organiserId, CancellationToken ct = default)
    {
        if (input.CaseIds.Count == 0) throw new DomainException("Committees.Error.NoCases") { Field = "Cases" };
        if (input.CaseIds.Count > MaxCases) throw new DomainException("Committees.Error.TooManyCases", MaxCases) { Field = "Cases" };
        if (input.CaseIds.Distinct().Count() != input.CaseIds.Count) throw new DomainException("Committees.Error.DuplicateCase") { Field = "Cases" };
        var members = input.MemberIds.Where(m => m != organiserId).Distinct().ToList();
        if (members.Count == 0) throw new DomainException("Committees.Error.NoMembers") { Field = "Members" };
        if ((await people.StaffAmongAsync(members, ct)).Count != members.Count) throw new DomainException("Committees.Error.MembersStaffOnly") { Field = "Members" };
        var selected = await cases.RequireUsableAsync(input.CaseIds, ct);

        var session = new CommitteeSession { ShowNames = input.ShowNames, CreatedBy = organiserId, CreatedAt = clock.GetUtcNow() };
        var phases = selected.SelectMany(_ => new[]
        {
            new PhaseSpec(BlankCommitteeProtocol.Reading, null, input.ReadingMinutes),
            new PhaseSpec(BlankCommitteeProtocol.Voting, null, input.VoteMinutes),
            new PhaseSpec(BlankCommitteeProtocol.Discussion, null, input.DiscussionMinutes),
            new PhaseSpec(BlankCommitteeProtocol.Reference, null, input.ReferenceMinutes),
        }).ToList();
        var participants = members.Select(m => new ParticipantSpec(m, RoomRole.Participant)).Prepend(new ParticipantSpec(organiserId, RoomRole.Chair)).ToList();
        var spec = new RoomSpec(input.Title, BlankCommitteeProtocol.Key, input.Start, input.End, input.Location, null,
            texts.Get("Committees.Invitation.Purpose", Languages.Default), participants, phases)
        {
            ContextType = RoomContext, ContextId = session.Id,
        };

        // The room (with its calendar invitations) and the session are saved together or not at all.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var room = await scheduler.CreateAsync(spec, organiserId, ct);
        session.RoomId = room.Id;
        db.CommitteeSessions.Add(session);
        foreach (var (c, i) in selected.Select((c, i) => (c, i)))
            db.CommitteeSessionCases.Add(new CommitteeSessionCase { SessionId = session.Id, CaseId = c.Id, Order = i });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return session;
    }

    /// <summary>The session as <paramref name="userId"/> sees it; non-members get a 404.</summary>
    public async Task<CommitteeSessionView> ViewAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
    {
        var session = await db.CommitteeSessions.AsNoTracking().Include(s => s.Cases).ThenInclude(c => c.Case).ThenInclude(c => c!.Attachments)
            .FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw DomainException.NotFound();
        session.Cases = session.Cases.OrderBy(c => c.Order).ToList();
        var me = await engine.RequireMemberAsync(session.RoomId, userId, ct);
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == session.RoomId, ct);
        var state = RoomLiveState.Deserialize(room.StateJson);
        var (order, step) = BlankCommitteeProtocol.Locate(state.PhaseIndex);
        var current = session.Cases.FirstOrDefault(c => c.Order == order);
        var vote = current?.VoteId is { } vid ? await db.Votes.AsNoTracking().Include(v => v.Ballots).FirstOrDefaultAsync(v => v.Id == vid, ct) : null;
        var participants = await db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == room.Id)
            .Select(p => new { p.UserId, p.User!.DisplayName, p.Role, p.Attendance }).ToListAsync(ct);
        var names = participants.ToDictionary(p => p.UserId, p => p.DisplayName);
        var eligible = participants.Count(p => p.Role != RoomRole.Observer && p.Attendance == Attendance.Present);
        return new CommitteeSessionView(session, room, me, state.ActingChairId == userId, state.PhaseIndex, order, step, current, vote, eligible,
            vote?.Ballots.Select(b => b.UserId).Order().ToList() ?? [],
            vote?.Ballots.FirstOrDefault(b => b.UserId == userId),
            vote is { Status: VoteStatus.Revealed } ? DivergenceOf(vote, session.ShowNames, names) : null,
            names);
    }

    /// <summary>The divergence of a vote. Only for revealed votes: before that, ballots are secret.</summary>
    public static Divergence DivergenceOf(Vote vote, bool showNames, IReadOnlyDictionary<Guid, string> names)
    {
        if (vote.Status != VoteStatus.Revealed) throw new InvalidOperationException("Ballots are secret until the reveal.");
        var ballots = vote.Ballots
            .Where(b => Enum.TryParse<CommitteeDecision>(b.Option, out _))
            .OrderBy(b => showNames ? b.CastAt.ToString("O") : b.Id.ToString())
            .Select(b => new RevealedBallot(showNames ? names.GetValueOrDefault(b.UserId) : null, Enum.Parse<CommitteeDecision>(b.Option),
                b.Reason ?? "", CommitteeBallotData.FromJson(b.Data))).ToList();
        var counts = Enum.GetValues<CommitteeDecision>().ToDictionary(d => d, d => ballots.Count(b => b.Decision == d));
        return new Divergence(counts, ballots);
    }

    public async Task StartAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
        => await engine.StartAsync(await RoomIdAsync(sessionId, ct), userId, ct);

    /// <summary>
    /// The chair's "next step" from phase <paramref name="fromIndex"/>: reading → the secret vote opens; vote → discussion
    /// (only once revealed); discussion → reference decision; reference → next case (only once the reference is recorded).
    /// A repeated click (stale <paramref name="fromIndex"/>) changes nothing.
    /// </summary>
    public async Task NextStepAsync(Guid sessionId, Guid userId, int fromIndex, CancellationToken ct = default)
    {
        var session = await db.CommitteeSessions.AsNoTracking().Include(s => s.Cases).FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw DomainException.NotFound();
        await engine.RequireMemberAsync(session.RoomId, userId, ct);
        var (order, step) = BlankCommitteeProtocol.Locate(fromIndex);
        var sc = session.Cases.FirstOrDefault(c => c.Order == order) ?? throw new DomainException("Rooms.Error.NoSuchPhase");
        switch (step)
        {
            case BlankCommitteeProtocol.Reading:
                if (!await engine.GoToPhaseAsync(session.RoomId, userId, fromIndex, fromIndex + 1, ct)) return;
                var voteId = sc.VoteId ?? Guid.CreateVersion7();
                if (sc.VoteId is null)
                {
                    db.ChangeTracker.Clear();
                    await db.CommitteeSessionCases.Where(c => c.Id == sc.Id && c.VoteId == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.VoteId, voteId), ct);
                    voteId = (await db.CommitteeSessionCases.AsNoTracking().FirstAsync(c => c.Id == sc.Id, ct)).VoteId!.Value;
                }
                var code = await db.ExerciseCases.Where(c => c.Id == sc.CaseId).Select(c => c.Code).FirstAsync(ct);
                await engine.OpenVoteAsync(session.RoomId, userId, new RoomEngine.OpenVoteRequest(voteId, code, Options, AllowReason: true, Anonymous: !session.ShowNames)
                {
                    ContextType = VoteContext, ContextId = sc.Id,
                }, ct);
                return;
            case BlankCommitteeProtocol.Voting:
                if (sc.VoteId is not { } vid || !await db.Votes.AnyAsync(v => v.Id == vid && v.Status == VoteStatus.Revealed, ct))
                    throw new DomainException("Committees.Error.RevealFirst");
                await engine.GoToPhaseAsync(session.RoomId, userId, fromIndex, fromIndex + 1, ct);
                return;
            case BlankCommitteeProtocol.Discussion:
                await engine.GoToPhaseAsync(session.RoomId, userId, fromIndex, fromIndex + 1, ct);
                return;
            default:
                if (sc.DecidedAt is null) throw new DomainException("Committees.Error.ReferenceFirst");
                if (order + 1 < session.Cases.Count) await engine.GoToPhaseAsync(session.RoomId, userId, fromIndex, fromIndex + 1, ct);
                return;
        }
    }

    /// <summary>The chair reveals the current case's ballots before everyone has voted.</summary>
    public async Task RevealAsync(Guid sessionId, Guid userId, Guid sessionCaseId, CancellationToken ct = default)
    {
        var (roomId, sc) = await CaseAsync(sessionId, sessionCaseId, userId, ct);
        if (sc.VoteId is not { } voteId) throw new DomainException("Committees.Error.NoVoteYet");
        await engine.RevealVoteAsync(roomId, userId, voteId, ct);
    }

    /// <summary>Casts or changes the caller's secret decision on the case being voted on.</summary>
    public async Task<BallotView> CastAsync(Guid sessionId, Guid userId, Guid sessionCaseId, string? decision, string? motivation,
        string? amount, string? months, string? conditions, CancellationToken ct = default)
    {
        var (roomId, sc) = await CaseAsync(sessionId, sessionCaseId, userId, ct);
        if (sc.VoteId is not { } voteId) throw new DomainException("Committees.Error.NoVoteYet");
        return await engine.CastBallotAsync(roomId, userId, voteId, decision, motivation, new CommitteeBallotInput(amount, months, conditions), ct);
    }

    /// <summary>
    /// Records (or corrects) the reference decision of a revealed case with its rationale; the vote spread is copied
    /// with it, and the room's decisions list shows it (so the minutes carry it).
    /// </summary>
    public async Task RecordReferenceAsync(Guid sessionId, Guid userId, Guid sessionCaseId, ReferenceInput input, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(input.Decision)) throw new DomainException("Error.InvalidValue") { Field = "Decision" };
        var data = CommitteeBallotData.Normalise(input.Decision, input.Amount, input.Months, input.Conditions);
        var rationale = Validation.RequireText(input.Rationale, CommitteeSessionCase.RationaleMaxLength, "Rationale");
        if (guard.Scan(rationale).Any(f => f.Confidence == PiiConfidence.High)) throw new DomainException("Committees.Error.RationalePii") { Field = "Rationale" };
        var roomId = await RoomIdAsync(sessionId, ct);
        await engine.ExecuteAsync(roomId, userId, async c =>
        {
            c.RequireChair();
            if (c.Room.Status == RoomStatus.Cancelled) throw new DomainException("Rooms.Error.Closed");
            var sc = await c.Db.CommitteeSessionCases.Include(x => x.Case).FirstOrDefaultAsync(x => x.Id == sessionCaseId && x.SessionId == sessionId, ct)
                     ?? throw DomainException.NotFound();
            var vote = sc.VoteId is { } vid ? await c.Db.Votes.Include(v => v.Ballots).FirstOrDefaultAsync(v => v.Id == vid, ct) : null;
            if (vote is not { Status: VoteStatus.Revealed }) throw new DomainException("Committees.Error.RevealFirst");
            var spread = DivergenceOf(vote, false, new Dictionary<Guid, string>());
            sc.Reference = input.Decision;
            sc.ReferenceAmountCents = data.AmountCents;
            sc.ReferenceMonths = data.Months;
            sc.ReferenceConditions = data.Conditions;
            sc.Rationale = rationale;
            sc.DecidedAt = c.Now;
            sc.DecidedBy = userId;
            sc.GrantCount = spread.Counts[CommitteeDecision.Grant];
            sc.RefuseCount = spread.Counts[CommitteeDecision.Refuse];
            sc.DeferCount = spread.Counts[CommitteeDecision.Defer];
            sc.MinAmountCents = spread.GrantAmounts.Count > 0 ? spread.GrantAmounts[0] : null;
            sc.MaxAmountCents = spread.GrantAmounts.Count > 0 ? spread.GrantAmounts[^1] : null;

            var language = await c.Db.Users.Where(u => u.Id == c.Room.OrganiserId).Select(u => u.Language).FirstAsync(ct);
            var text = ReferenceText(sc, texts, language);
            // The room decision has the session case's id: recording again corrects it instead of adding another.
            var decision = await c.Db.Decisions.FirstOrDefaultAsync(d => d.Id == sc.Id, ct);
            if (decision is null)
                c.Db.Decisions.Add(new Decision { Id = sc.Id, RoomId = roomId, Text = text, RecordedBy = userId, RecordedAt = c.Now, PhaseOrder = c.State.PhaseIndex });
            else
                decision.Text = text;
            return RoomSlices.Decisions;
        }, ct);
    }

    /// <summary>"CAB-2026-001 — Octroi : 650,00 € pendant 3 mois (PIIS). Motif…" in a language, for the minutes.</summary>
    public static string ReferenceText(CommitteeSessionCase sc, TextCatalog texts, string language)
    {
        var what = texts.Get("Committees.Decision." + sc.Reference, language);
        if (sc.ReferenceAmountCents is { } a) what = texts.Labelled(what, CommitteeBallotData.FormatAmount(a), language);
        if (sc.ReferenceMonths is { } m) what += " — " + texts.Format("Committees.Months", language, m);
        if (sc.ReferenceConditions is { } cond) what += " (" + cond + ")";
        var text = $"{sc.Case?.Code} — {what}. {sc.Rationale}";
        return text.Length > Decision.TextMaxLength ? text[..Decision.TextMaxLength] : text;
    }

    private async Task<Guid> RoomIdAsync(Guid sessionId, CancellationToken ct)
        => await db.CommitteeSessions.Where(s => s.Id == sessionId).Select(s => (Guid?)s.RoomId).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound();

    private async Task<(Guid RoomId, CommitteeSessionCase Case)> CaseAsync(Guid sessionId, Guid sessionCaseId, Guid userId, CancellationToken ct)
    {
        var roomId = await RoomIdAsync(sessionId, ct);
        await engine.RequireMemberAsync(roomId, userId, ct);
        var sc = await db.CommitteeSessionCases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == sessionCaseId && c.SessionId == sessionId, ct)
                 ?? throw DomainException.NotFound();
        return (roomId, sc);
    }
}
