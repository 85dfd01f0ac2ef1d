using CaseHub.Core.Common;

namespace CaseHub.Core.Rooms;

/// <summary>
/// A room as one live command sees it: the room's record, its live state, the caller's participation, the room's
/// protocol and the instant of the command. No database and no clock: the room engine (or a test) builds it from what
/// it holds, a <see cref="RoomCommands"/> rule decides and changes it in memory, and the engine stores and broadcasts
/// what changed.
/// </summary>
/// <param name="protocol">the room's protocol, or null when this instance does not know its key (only a rule that needs
/// it fails, with Rooms.Error.UnknownProtocol).</param>
public class LiveRoom(Room room, RoomLiveState state, RoomParticipant caller, Protocol? protocol, DateTimeOffset now)
{
    public Room Room { get; } = room;
    public RoomLiveState State { get; } = state;
    public RoomParticipant Caller { get; } = caller;
    public DateTimeOffset Now { get; } = now;
    public Protocol Protocol => protocol ?? throw new DomainException("Rooms.Error.UnknownProtocol");
    public bool IsChair => State.ActingChairId == Caller.UserId;

    /// <summary>The rules of the current phase (<paramref name="phases"/>: the room's plan in order); open before the start.</summary>
    public PhasePolicy PolicyIn(IReadOnlyList<RoomPhase> phases)
    {
        if (State.PhaseIndex < 0) return PhasePolicy.Open;
        var phase = phases[State.PhaseIndex];
        return Protocol.Phases.FirstOrDefault(t => t.Key == phase.TemplateKey)?.Policy ?? PhasePolicy.Open;
    }

    public void RequireChair()
    {
        if (!IsChair) throw new DomainException("Rooms.Error.ChairOnly") { IsForbidden = true };
    }

    /// <summary>Observers follow read-only.</summary>
    public void RequireContributor()
    {
        if (Caller.Role == RoomRole.Observer) throw new DomainException("Rooms.Error.ObserverReadOnly") { IsForbidden = true };
    }

    public void RequireLive()
    {
        if (Room.Status != RoomStatus.Live) throw new DomainException(Room.Status == RoomStatus.Closed ? "Rooms.Error.Closed" : "Rooms.Error.NotStarted");
    }

    public void RequireOpen()
    {
        if (Room.Status is RoomStatus.Closed or RoomStatus.Cancelled) throw new DomainException("Rooms.Error.Closed");
    }
}

/// <summary>
/// What a rule did: the slices of the room that changed (what the engine broadcasts), and a record the store must
/// insert or delete. Changes to the records a rule was given (the room, its phases, participants, votes…) are made on
/// them in place.
/// </summary>
public sealed record RoomOutcome(RoomSlices Slices, object? Insert = null, object? Delete = null)
{
    public static RoomOutcome Unchanged { get; } = new(RoomSlices.None);
}

/// <summary>A ballot cast: what changed, and the caller's own ballot as they may see it.</summary>
public sealed record BallotOutcome(RoomOutcome Outcome, BallotView Mine);
