using System.Text.Json.Serialization;

namespace CaseHub.Core.Rooms;

/// <summary>Which parts of a room changed; the engine broadcasts only those parts.</summary>
[Flags]
public enum RoomSlices
{
    None = 0,
    Room = 1,
    Phases = 2,
    Timer = 4,
    Queue = 8,
    Round = 16,
    Chair = 32,
    Participants = 64,
    Decisions = 128,
    Actions = 256,
    Votes = 512,
    All = Room | Phases | Timer | Queue | Round | Chair | Participants | Decisions | Actions | Votes,
}

// The shapes sent to clients (camelCase JSON). A patch carries only the slices that changed plus the state
// version: a client whose version is not exactly one behind asks for the full state instead of patching.

public sealed record RoomInfoView(Guid Id, string Title, string Protocol, string Status, DateTimeOffset ScheduledStart,
    DateTimeOffset ScheduledEnd, string? Location, string? VideoUrl, int? SpeakingLimitSeconds, string NotesKey);

public sealed record PhaseView(int Index, string Key, string NameKey, string Title, int PlannedMinutes, string Kind,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, bool QueueOpen, bool VotingAllowed);

public sealed record TimerView(int PhaseIndex, DateTimeOffset? EndsAt, int? PausedRemainingSeconds, bool Running);

public sealed record ParticipantView(Guid UserId, string Name, string Role, string? ProtocolRole, string Attendance,
    string? AttendanceNote, bool Online, DateTimeOffset? LastSeenAt);

public sealed record QueueView(IReadOnlyList<QueueEntry> Entries, Speaker? Speaker);

public sealed record RoundView(IReadOnlyList<Guid> Order, int Index, IReadOnlyList<Guid> Skipped, DateTimeOffset TurnStartedAt,
    int? TurnSeconds, bool Done, Guid? Current);

public sealed record ChairView(Guid ChairId, Guid ActingChairId, DateTimeOffset? AbsentSince);

public sealed record DecisionView(Guid Id, string Text, Guid RecordedBy, DateTimeOffset RecordedAt, int? PhaseOrder);

public sealed record ActionView(Guid Id, string Text, Guid? OwnerId, string? OwnerName, DateOnly? DueDate, string Status,
    Guid CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A vote as everyone may see it: before the reveal only who has voted, never what.</summary>
public sealed record VoteView(Guid Id, string Question, IReadOnlyList<string> Options, bool AllowReason, bool Anonymous,
    string Status, IReadOnlyList<Guid> VotedUserIds, int EligibleCount, VoteResultsView? Results, string? ContextType, Guid? ContextId);

public sealed record VoteResultsView(IReadOnlyDictionary<string, int> Counts, IReadOnlyList<BallotView> Ballots);

public sealed record BallotView(Guid? UserId, string Option, string? Reason, string? Data);

/// <summary>What the caller may do; sent only to that caller.</summary>
public sealed record MeView(Guid UserId, string Role, string? ProtocolRole, bool IsChair, bool CanEditNotes, bool CanVote, bool IsOrganiser);

public sealed record RoomSnapshot(long V, DateTimeOffset ServerNow, RoomInfoView Room, IReadOnlyList<PhaseView> Phases,
    TimerView Timer, IReadOnlyList<ParticipantView> Participants, QueueView Queue, RoundView? Round, ChairView Chair,
    IReadOnlyList<DecisionView> Decisions, IReadOnlyList<ActionView> Actions, IReadOnlyList<VoteView> Votes, MeView Me,
    IReadOnlyDictionary<Guid, BallotView> MyBallots)
{
    /// <summary>The participants who prepared (the meeting type says what that is), marked in the participant list;
    /// set with the full state on entering the room (preparation happens before, so patches do not carry it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<Guid>? Prepared { get; init; }
}

/// <summary>A broadcast change: only the changed slices are set.</summary>
public sealed record RoomPatch(long V, DateTimeOffset ServerNow)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RoomInfoView? Room { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<PhaseView>? Phases { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public TimerView? Timer { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<ParticipantView>? Participants { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public QueueView? Queue { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RoundView? Round { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool RoundCleared { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ChairView? Chair { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<DecisionView>? Decisions { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<ActionView>? Actions { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<VoteView>? Votes { get; init; }
}

/// <summary>
/// A feature's own live message to a room's clients (a case conference changed, an intervision board changed…): the
/// feature defines a sealed record deriving from this one in its folder, and the web host maps each record to one typed
/// client event. Like patches, it goes to everyone in the room, so it carries only what every participant may see.
/// </summary>
public abstract record RoomFeatureChange;

/// <summary>
/// Sends room changes to connected clients (implemented by the web host with SignalR). The one live path from Core to
/// the browsers: the engine's patches and presence, and every feature's changes (<see cref="FeatureAsync"/>).
/// </summary>
public interface IRoomBroadcaster
{
    Task PatchAsync(Guid roomId, RoomPatch patch);
    /// <summary>Presence changes do not bump the state version. The list may hold only the participants whose presence
    /// changed: clients merge it into theirs by user id (a snapshot or a patch's participant slice replaces the whole list).</summary>
    Task PresenceAsync(Guid roomId, IReadOnlyList<ParticipantView> participants);
    /// <summary>Tells a user's connections they lost access to the room, and removes them from its group.</summary>
    Task RemovedAsync(Guid roomId, Guid userId, IReadOnlyList<string> connectionIds);
    /// <summary>A feature's change, to the room's group (call it after the change is saved).</summary>
    Task FeatureAsync(Guid roomId, RoomFeatureChange change);
}
