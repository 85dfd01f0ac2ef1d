using System.Diagnostics.CodeAnalysis;
using CaseHub.Core.Common;

namespace CaseHub.Core.Rooms;

/// <summary>
/// The decisions of the live room commands, as pure rules over memory: given a <see cref="LiveRoom"/> (room, live state,
/// caller, protocol, now) and the records a command concerns, a rule either refuses with a <see cref="DomainException"/>
/// — having changed nothing: every check comes before the first change — or changes them in place and says which
/// slices changed (<see cref="RoomSlices.None"/>: nothing to do, e.g. a command re-sent after a reconnect). No database,
/// no clock, no broadcast: <see cref="RoomEngine"/> loads the records, calls the rule, saves with its concurrency check
/// and broadcasts the slices.
/// <para>Each command is idempotent: either it carries a command id (recorded in the live state), or it states the
/// situation it expects ("from phase 2", "from turn 3") and does nothing when that is no longer the case, or it creates
/// a thing whose id the client chose.</para>
/// </summary>
public static class RoomCommands
{
    public const int MaxAddSeconds = 3600;

    // ---- meeting life cycle ------------------------------------------------------------------------------

    /// <summary>Starts the meeting on its first phase; everyone already connected (<paramref name="connected"/>) is present.</summary>
    /// <param name="phases">the room's plan, in order.</param>
    public static RoomSlices Start(LiveRoom c, IReadOnlyList<RoomPhase> phases, IEnumerable<RoomParticipant> connected)
    {
        c.RequireChair();
        if (c.Room.Status == RoomStatus.Live) return RoomSlices.None;
        c.RequireOpen();
        if (phases.Count == 0) throw new DomainException("Rooms.Error.NoPhases");
        c.Room.Status = RoomStatus.Live;
        c.Room.StartedAt = c.Now;
        phases[0].StartedAt = c.Now;
        c.State.GoToPhase(0, PlannedMinutes(phases), c.Now);
        foreach (var p in connected)
            if (p.Attendance == Attendance.Unknown && p.Role != RoomRole.Observer) p.Attendance = Attendance.Present;
        return RoomSlices.Room | RoomSlices.Phases | RoomSlices.Timer | RoomSlices.Round | RoomSlices.Participants;
    }

    /// <summary>Moves from phase <paramref name="fromIndex"/> to <paramref name="toIndex"/> (next, previous or any), recording actual times.</summary>
    public static RoomSlices GoToPhase(LiveRoom c, IReadOnlyList<RoomPhase> phases, int fromIndex, int toIndex)
    {
        c.RequireChair();
        c.RequireLive();
        if (c.State.PhaseIndex != fromIndex || fromIndex == toIndex) return RoomSlices.None;
        if (toIndex < 0 || toIndex >= phases.Count) throw new DomainException("Rooms.Error.NoSuchPhase");
        phases[fromIndex].EndedAt = c.Now;
        phases[toIndex].StartedAt ??= c.Now;
        phases[toIndex].EndedAt = null;
        c.State.GoToPhase(toIndex, PlannedMinutes(phases), c.Now);
        return RoomSlices.Phases | RoomSlices.Timer | RoomSlices.Round;
    }

    public static RoomSlices AddTime(LiveRoom c, int seconds, Guid commandId)
    {
        c.RequireChair();
        c.RequireLive();
        if (seconds is 0 or < -MaxAddSeconds or > MaxAddSeconds) throw new DomainException("Error.OutOfRange", -MaxAddSeconds / 60, MaxAddSeconds / 60);
        if (Applied(c.State, commandId)) return RoomSlices.None;
        c.State.AddTime(seconds, c.Now);
        c.State.TryRecord(commandId);
        return RoomSlices.Timer;
    }

    public static RoomSlices SetTimerRunning(LiveRoom c, bool running)
    {
        c.RequireChair();
        c.RequireLive();
        if (c.State.IsRunning == running) return RoomSlices.None;
        if (running) c.State.Resume(c.Now); else c.State.Pause(c.Now);
        return RoomSlices.Timer;
    }

    /// <summary>
    /// Closes the meeting: stops the clock, keeps <paramref name="finalNotes"/> (the notes as they are now), clears the
    /// floor and the round, cancels an unfinished vote (<paramref name="openVotes"/>).
    /// </summary>
    public static RoomSlices Close(LiveRoom c, IReadOnlyList<RoomPhase> phases, IEnumerable<Vote> openVotes, string? finalNotes)
    {
        c.RequireChair();
        if (c.Room.Status == RoomStatus.Closed) return RoomSlices.None;
        c.RequireLive();
        c.Room.Status = RoomStatus.Closed;
        c.Room.ClosedAt = c.Now;
        c.Room.FinalNotes = finalNotes;
        if (c.State.PhaseIndex >= 0 && c.State.PhaseIndex < phases.Count) phases[c.State.PhaseIndex].EndedAt ??= c.Now;
        c.State.Pause(c.Now);
        c.State.Speaker = null;
        c.State.Queue.Clear();
        c.State.Round = null;
        foreach (var v in openVotes)
            if (v.Status == VoteStatus.Open) v.Status = VoteStatus.Cancelled;
        return RoomSlices.Room | RoomSlices.Phases | RoomSlices.Timer | RoomSlices.Queue | RoomSlices.Round | RoomSlices.Votes;
    }

    /// <summary>
    /// Whether a command carrying <paramref name="commandId"/> was applied already. A rule records the id only after its
    /// change succeeded (<see cref="RoomLiveState.TryRecord"/>), so a refused command leaves the state as it was.
    /// </summary>
    private static bool Applied(RoomLiveState state, Guid commandId)
    {
        if (commandId == Guid.Empty) throw new DomainException("Rooms.Error.MissingCommandId");
        return state.RecentCommands.Contains(commandId);
    }

    private static List<int> PlannedMinutes(IReadOnlyList<RoomPhase> phases) => phases.Select(p => p.PlannedMinutes).ToList();

    // ---- speaking queue ----------------------------------------------------------------------------------

    public static RoomSlices RaiseHand(LiveRoom c, IReadOnlyList<RoomPhase> phases)
    {
        c.RequireContributor();
        c.RequireLive();
        if (!c.PolicyIn(phases).QueueOpen) throw new DomainException("Rooms.Error.QueueClosed");
        return c.State.RaiseHand(c.Caller.UserId, c.Now) ? RoomSlices.Queue : RoomSlices.None;
    }

    /// <summary>Lowers one's own hand, or (chair) anyone's.</summary>
    public static RoomSlices LowerHand(LiveRoom c, Guid whose)
    {
        if (whose != c.Caller.UserId) c.RequireChair();
        return c.State.LowerHand(whose) ? RoomSlices.Queue : RoomSlices.None;
    }

    /// <summary>Gives the floor to <paramref name="to"/> (or the first in the queue when null), with the room's speaking-time limit.</summary>
    /// <param name="target">the participant <paramref name="to"/> names; null when <paramref name="to"/> is null or names no participant.</param>
    public static RoomSlices GiveFloor(LiveRoom c, Guid? to, RoomParticipant? target, Guid commandId)
    {
        c.RequireChair();
        c.RequireLive();
        if (to is not null && target is null) throw new DomainException("Rooms.Error.NotAParticipant");
        if (Applied(c.State, commandId)) return RoomSlices.None;
        c.State.GiveFloor(to, c.Now, c.Room.SpeakingLimitSeconds);
        c.State.TryRecord(commandId);
        return RoomSlices.Queue;
    }

    /// <summary>Ends the current turn: the chair, or the speaker themself.</summary>
    public static RoomSlices EndSpeaker(LiveRoom c, Guid speakerId)
    {
        if (c.State.Speaker?.UserId != speakerId) return RoomSlices.None;
        if (speakerId != c.Caller.UserId) c.RequireChair();
        c.State.EndSpeaker();
        return RoomSlices.Queue;
    }

    // ---- rounds ------------------------------------------------------------------------------------------

    /// <summary>
    /// Starts a round with the participants present in the room, in invitation order: not those excused, absent or who
    /// never came (attendance not recorded), not observers, and not the protocol's roles that sit rounds out.
    /// </summary>
    /// <param name="participants">every participant of the room.</param>
    public static RoomSlices StartRound(LiveRoom c, IEnumerable<RoomParticipant> participants, int? turnSeconds, Guid commandId)
    {
        c.RequireChair();
        c.RequireLive();
        if (turnSeconds is < 10 or > 3600) throw new DomainException("Error.OutOfRange", 10, 3600);
        if (Applied(c.State, commandId)) return RoomSlices.None;
        var sitOut = c.Protocol.RoundSitOutRoles;
        var order = participants
            .Where(p => p.Role != RoomRole.Observer && p.Attendance == Attendance.Present)
            .Where(p => p.ProtocolRole is null || !sitOut.Contains(p.ProtocolRole, StringComparer.Ordinal))
            .OrderBy(p => p.JoinOrder).Select(p => p.UserId).ToList();
        c.State.StartRound(order, c.Now, turnSeconds);
        c.State.TryRecord(commandId);
        return RoomSlices.Round;
    }

    /// <summary>Next person in the round: the chair, or the person whose turn it is.</summary>
    public static RoomSlices AdvanceRound(LiveRoom c, int fromIndex, bool skip)
    {
        if (c.State.Round is not { } round || round.Index != fromIndex || round.Done) return RoomSlices.None;
        if (skip || round.Current != c.Caller.UserId) c.RequireChair();
        c.State.AdvanceRound(fromIndex, skip, c.Now);
        return RoomSlices.Round;
    }

    public static RoomSlices EndRound(LiveRoom c)
    {
        c.RequireChair();
        if (c.State.Round is not { Done: false }) return RoomSlices.None;
        c.State.EndRound();
        return RoomSlices.Round;
    }

    // ---- attendance and chair ----------------------------------------------------------------------------

    /// <param name="participant">the participant whose attendance is set; null when the id names no participant.</param>
    public static RoomSlices SetAttendance(LiveRoom c, RoomParticipant? participant, Attendance attendance, string? note)
    {
        c.RequireChair();
        c.RequireOpen();
        if (!Enum.IsDefined(attendance)) throw new DomainException("Error.InvalidValue");
        var text = Validation.RequireText(note, RoomParticipant.AttendanceNoteMaxLength, "note", required: false);
        var p = participant ?? throw new DomainException("Rooms.Error.NotAParticipant");
        if (p.Attendance == attendance && (p.AttendanceNote ?? "") == text) return RoomSlices.None;
        p.Attendance = attendance;
        p.AttendanceNote = text.Length == 0 ? null : text;
        return RoomSlices.Participants;
    }

    /// <summary>The chair hands the chair to another participant for good.</summary>
    /// <param name="target">the participant <paramref name="to"/> names; null when it names no participant.</param>
    public static RoomSlices HandOver(LiveRoom c, Guid to, RoomParticipant? target)
    {
        c.RequireChair();
        c.RequireOpen();
        if (to == c.Caller.UserId) return RoomSlices.None;
        if (target is null) throw new DomainException("Rooms.Error.NotAParticipant");
        if (target.Role == RoomRole.Observer) throw new DomainException("Rooms.Error.ObserverCannotChair");
        c.State.HandOver(to, permanent: true);
        return RoomSlices.Chair;
    }

    /// <summary>
    /// A participant's connection enters the room (system): marked present the first time the room is live, and the
    /// designated chair takes the chair back if someone had been holding it for them.
    /// </summary>
    public static RoomSlices Arrive(Room room, RoomLiveState state, RoomParticipant participant)
    {
        var slices = RoomSlices.None;
        if (participant.Attendance == Attendance.Unknown && participant.Role != RoomRole.Observer && room.Status == RoomStatus.Live)
        {
            participant.Attendance = Attendance.Present;
            slices |= RoomSlices.Participants;
        }
        if (state.ChairId == participant.UserId && state.ActingChairId != participant.UserId)
        {
            state.HandOver(participant.UserId, permanent: false);
            slices |= RoomSlices.Chair;
        }
        else if (state.ActingChairId == participant.UserId && state.ChairAbsentSince is not null)
        {
            state.ChairAbsentSince = null;
            slices |= RoomSlices.Chair;
        }
        return slices;
    }

    /// <summary>A connection left (system): the chair's absence clock starts when the acting chair has no live connection.</summary>
    public static RoomSlices MarkChairAbsence(Room room, RoomLiveState state, bool chairOnline, DateTimeOffset now)
    {
        if (room.Status != RoomStatus.Live || state.ChairAbsentSince is not null || chairOnline) return RoomSlices.None;
        state.ChairAbsentSince = now;
        return RoomSlices.Chair;
    }

    // ---- decisions and action items ----------------------------------------------------------------------

    /// <summary>Records a decision (chair, co-chair or the protocol's rapporteur). <paramref name="id"/> is chosen by the client.</summary>
    /// <param name="existing">the decision stored with <paramref name="id"/> (in any room), if any.</param>
    public static RoomOutcome AddDecision(LiveRoom c, Guid id, string? text, Decision? existing)
    {
        if (!c.IsChair && c.Caller.Role != RoomRole.CoChair && c.Caller.ProtocolRole != "rapporteur")
            throw new DomainException("Rooms.Error.DecisionRole") { IsForbidden = true };
        c.RequireLive();
        var value = Validation.RequireText(text, Decision.TextMaxLength, "text");
        if (id == Guid.Empty) throw new DomainException("Rooms.Error.MissingCommandId");
        if (existing is not null)
        {
            if (existing.RoomId != c.Room.Id) throw new DomainException("Error.InvalidValue");
            return RoomOutcome.Unchanged; // already recorded (a re-sent command)
        }
        var decision = new Decision
        {
            Id = id, RoomId = c.Room.Id, Text = value, RecordedBy = c.Caller.UserId, RecordedAt = c.Now,
            PhaseOrder = c.State.PhaseIndex >= 0 ? c.State.PhaseIndex : null,
        };
        return new RoomOutcome(RoomSlices.Decisions, Insert: decision);
    }

    /// <param name="decision">the decision of this room to remove; null when there is none with that id.</param>
    public static RoomOutcome RemoveDecision(LiveRoom c, Decision? decision)
    {
        c.RequireChair();
        c.RequireLive();
        return decision is null ? RoomOutcome.Unchanged : new RoomOutcome(RoomSlices.Decisions, Delete: decision);
    }

    /// <summary>Adds an action item (any participant but observers, e.g. from their phone). The owner must be a participant.</summary>
    /// <param name="owner">the participant <paramref name="ownerId"/> names; null when it is null or names no participant.</param>
    /// <param name="existing">the action item stored with <paramref name="id"/> (in any room), if any.</param>
    public static RoomOutcome AddAction(LiveRoom c, Guid id, string? text, Guid? ownerId, RoomParticipant? owner, DateOnly? due, ActionItem? existing)
    {
        c.RequireContributor();
        c.RequireLive();
        var value = Validation.RequireText(text, ActionItem.TextMaxLength, "text");
        if (id == Guid.Empty) throw new DomainException("Rooms.Error.MissingCommandId");
        ValidateOwnerAndDue(c, ownerId, owner, due);
        if (existing is not null)
        {
            if (existing.RoomId != c.Room.Id) throw new DomainException("Error.InvalidValue");
            return RoomOutcome.Unchanged;
        }
        var action = new ActionItem { Id = id, RoomId = c.Room.Id, Text = value, OwnerId = ownerId, DueDate = due, CreatedBy = c.Caller.UserId, CreatedAt = c.Now };
        return new RoomOutcome(RoomSlices.Actions, Insert: action);
    }

    /// <summary>Changes an action item: its creator, its owner or the chair.</summary>
    /// <param name="action">the action item of this room; null when there is none with that id.</param>
    /// <param name="owner">the participant <paramref name="ownerId"/> names; null when it is null or names no participant.</param>
    public static RoomSlices UpdateAction(LiveRoom c, ActionItem? action, string? text, Guid? ownerId, RoomParticipant? owner, DateOnly? due, ActionStatus status)
    {
        c.RequireContributor();
        c.RequireOpen();
        var a = action ?? throw DomainException.NotFound();
        var userId = c.Caller.UserId;
        if (!c.IsChair && a.CreatedBy != userId && a.OwnerId != userId) throw DomainException.Forbidden();
        if (!Enum.IsDefined(status)) throw new DomainException("Error.InvalidValue");
        var value = Validation.RequireText(text, ActionItem.TextMaxLength, "text");
        ValidateOwnerAndDue(c, ownerId, owner, due);
        if (a.Text == value && a.OwnerId == ownerId && a.DueDate == due && a.Status == status) return RoomSlices.None;
        a.Text = value;
        a.OwnerId = ownerId;
        a.DueDate = due;
        if (a.Status != status) a.CompletedAt = status == ActionStatus.Done ? c.Now : null;
        a.Status = status;
        return RoomSlices.Actions;
    }

    /// <param name="action">the action item of this room; null when there is none with that id.</param>
    public static RoomOutcome RemoveAction(LiveRoom c, ActionItem? action)
    {
        c.RequireLive();
        if (action is null) return RoomOutcome.Unchanged;
        if (!c.IsChair && action.CreatedBy != c.Caller.UserId) throw DomainException.Forbidden();
        return new RoomOutcome(RoomSlices.Actions, Delete: action);
    }

    /// <summary>Marks an action item done or open again (system: its owner or creator, also after the meeting).</summary>
    public static RoomSlices SetActionDone(ActionItem action, bool done, DateTimeOffset now)
    {
        var status = done ? ActionStatus.Done : ActionStatus.Open;
        if (action.Status == status) return RoomSlices.None;
        action.Status = status;
        action.CompletedAt = done ? now : null;
        return RoomSlices.Actions;
    }

    private static void ValidateOwnerAndDue(LiveRoom c, Guid? ownerId, RoomParticipant? owner, DateOnly? due)
    {
        if (ownerId is not null && owner is null)
            throw new DomainException("Rooms.Error.OwnerNotParticipant") { Field = "owner" };
        var today = DateOnly.FromDateTime(c.Now.UtcDateTime);
        if (due is { } d && (d < today.AddDays(-1) || d > today.AddYears(3)))
            throw new DomainException("Rooms.Error.DueDateRange") { Field = "due" };
    }

    // ---- votes -------------------------------------------------------------------------------------------

    /// <summary>Opens a vote (chair, in a phase that allows voting); one vote at a time.</summary>
    /// <param name="idTaken">a vote with the request's id exists already (a re-sent command).</param>
    /// <param name="anotherOpen">another vote of the room is open.</param>
    public static RoomOutcome OpenVote(LiveRoom c, IReadOnlyList<RoomPhase> phases, RoomEngine.OpenVoteRequest request, bool idTaken, bool anotherOpen)
    {
        c.RequireChair();
        c.RequireLive();
        if (!c.PolicyIn(phases).VotingAllowed) throw new DomainException("Rooms.Error.NoVotingInPhase");
        var question = Validation.RequireText(request.Question, Vote.QuestionMaxLength, "question");
        var options = (request.Options ?? []).Select(o => o?.Trim() ?? "").Where(o => o.Length > 0).ToList();
        if (options.Count is < 2 or > Vote.MaxOptions) throw new DomainException("Rooms.Error.VoteOptionCount", 2, Vote.MaxOptions) { Field = "options" };
        if (options.Any(o => o.Length > Vote.OptionMaxLength || o.Contains('\n'))) throw new DomainException("Error.TooLong", Vote.OptionMaxLength) { Field = "options" };
        if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count) throw new DomainException("Rooms.Error.VoteOptionsDuplicate") { Field = "options" };
        if (request.Id == Guid.Empty) throw new DomainException("Rooms.Error.MissingCommandId");
        if (idTaken) return RoomOutcome.Unchanged;
        if (anotherOpen) throw new DomainException("Rooms.Error.VoteAlreadyOpen");
        var vote = new Vote
        {
            Id = request.Id, RoomId = c.Room.Id, Question = question, Options = string.Join('\n', options), AllowReason = request.AllowReason,
            Anonymous = request.Anonymous, OpenedAt = c.Now, PhaseOrder = c.State.PhaseIndex, ContextType = request.ContextType, ContextId = request.ContextId,
        };
        return new RoomOutcome(RoomSlices.Votes, Insert: vote);
    }

    /// <summary>
    /// The first half of casting a ballot: may the caller vote this option on this vote? Returns the reason as it will
    /// be kept ("" for none: also when the vote takes no reason). A vote owned by a feature then has its ballot checked
    /// by the feature (<see cref="IBallotValidator"/>) before <see cref="CastBallot"/>.
    /// </summary>
    /// <param name="vote">the vote of this room, with its ballots; null when there is none with that id.</param>
    public static string CheckBallot(LiveRoom c, [NotNull] Vote? vote, [NotNull] string? option, string? reason)
    {
        c.RequireContributor();
        c.RequireLive();
        if (vote is null) throw DomainException.NotFound();
        if (vote.Status != VoteStatus.Open) throw new DomainException("Rooms.Error.VoteClosed");
        if (option is null || !vote.OptionList.Contains(option)) throw new DomainException("Rooms.Error.VoteUnknownOption") { Field = "option" };
        var why = Validation.RequireText(reason, Ballot.ReasonMaxLength, "reason", required: false);
        return why.Length > 0 && !vote.AllowReason ? "" : why;
    }

    /// <summary>
    /// Casts or changes the caller's ballot (one per participant), after <see cref="CheckBallot"/>. The room learns that
    /// they voted, not how; when every eligible voter has voted, the vote is revealed.
    /// </summary>
    /// <param name="reason">the reason as checked ("" for none).</param>
    /// <param name="data">the owning feature's fields as it normalised them (JSON), or null.</param>
    /// <param name="eligibleVoters">who may vote: participants (not observers) who are present.</param>
    public static BallotOutcome CastBallot(LiveRoom c, Vote vote, string option, string reason, string? data, IReadOnlySet<Guid> eligibleVoters)
    {
        if (data is { Length: > 4000 }) throw new DomainException("Error.TooLong", 4000);
        var userId = c.Caller.UserId;
        var ballot = vote.Ballots.FirstOrDefault(b => b.UserId == userId);
        var slices = RoomSlices.None;
        Ballot? inserted = null;
        if (ballot is null)
        {
            ballot = inserted = new Ballot { VoteId = vote.Id, UserId = userId, CastAt = c.Now };
            vote.Ballots.Add(ballot);
            slices = RoomSlices.Votes; // the room sees one more "has voted"
        }
        ballot.Option = option;
        ballot.Reason = reason.Length == 0 ? null : reason;
        ballot.Data = data;
        ballot.UpdatedAt = c.Now;
        if (eligibleVoters.Count > 0 && eligibleVoters.All(u => vote.Ballots.Any(b => b.UserId == u)))
        {
            vote.Status = VoteStatus.Revealed;
            vote.RevealedAt = c.Now;
            slices = RoomSlices.Votes;
        }
        return new BallotOutcome(new RoomOutcome(slices, Insert: inserted), new BallotView(userId, ballot.Option, ballot.Reason, ballot.Data));
    }

    /// <param name="vote">the vote of this room; null when there is none with that id.</param>
    public static RoomSlices RevealVote(LiveRoom c, Vote? vote)
    {
        c.RequireChair();
        if (vote is null) throw DomainException.NotFound();
        if (vote.Status != VoteStatus.Open) return RoomSlices.None;
        vote.Status = VoteStatus.Revealed;
        vote.RevealedAt = c.Now;
        return RoomSlices.Votes;
    }

    /// <param name="vote">the vote of this room; null when there is none with that id.</param>
    public static RoomSlices CancelVote(LiveRoom c, Vote? vote)
    {
        c.RequireChair();
        if (vote is null) throw DomainException.NotFound();
        if (vote.Status != VoteStatus.Open) return RoomSlices.None;
        vote.Status = VoteStatus.Cancelled;
        return RoomSlices.Votes;
    }
}
