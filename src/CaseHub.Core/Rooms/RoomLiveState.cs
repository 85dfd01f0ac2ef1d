using System.Text.Json;
using CaseHub.Core.Common;

namespace CaseHub.Core.Rooms;

/// <summary>
/// What is happening in a room right now: current phase and timer, speaking queue, round, chair.
/// Pure rules over (state, command, now) — the engine loads it, applies one command, saves it with a concurrency
/// check and broadcasts. Timers are end instants, never ticking counters: clients count down themselves.
/// </summary>
public sealed class RoomLiveState
{
    /// <summary>Incremented on every change; clients use it to detect a missed update and fetch the full state.</summary>
    public long Version { get; set; }

    /// <summary>Index in the room's phase plan; -1 before the meeting starts.</summary>
    public int PhaseIndex { get; set; } = -1;
    public DateTimeOffset? TimerEndsAt { get; set; }
    /// <summary>Seconds left when paused (negative: overtime at the moment of pausing).</summary>
    public int? PausedRemainingSeconds { get; set; }

    public List<QueueEntry> Queue { get; set; } = [];
    public Speaker? Speaker { get; set; }
    public RoundState? Round { get; set; }

    /// <summary>The designated chair; gets the chair back on return after an automatic hand-over.</summary>
    public Guid ChairId { get; set; }
    /// <summary>Who holds the chair now.</summary>
    public Guid ActingChairId { get; set; }
    /// <summary>Since when the acting chair has had no live connection (hand-over after a timeout).</summary>
    public DateTimeOffset? ChairAbsentSince { get; set; }

    /// <summary>Ids of recently applied commands: a command re-sent after a reconnect is not applied twice.</summary>
    public List<Guid> RecentCommands { get; set; } = [];
    private const int RecentCommandsKept = 200;

    public bool IsRunning => TimerEndsAt is not null;
    public bool Started => PhaseIndex >= 0;

    public static RoomLiveState For(Guid chairId) => new() { ChairId = chairId, ActingChairId = chairId };

    // ---- serialization -----------------------------------------------------------------------------------

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public string Serialize() => JsonSerializer.Serialize(this, Json);
    public static RoomLiveState Deserialize(string json) => JsonSerializer.Deserialize<RoomLiveState>(json, Json) ?? new RoomLiveState();

    // ---- idempotency -------------------------------------------------------------------------------------

    /// <summary>Records a command id; false when it was already applied (the caller then does nothing).</summary>
    public bool TryRecord(Guid commandId)
    {
        if (commandId == Guid.Empty) throw new DomainException("Rooms.Error.MissingCommandId");
        if (RecentCommands.Contains(commandId)) return false;
        RecentCommands.Add(commandId);
        if (RecentCommands.Count > RecentCommandsKept) RecentCommands.RemoveRange(0, RecentCommands.Count - RecentCommandsKept);
        return true;
    }

    // ---- phases and timer --------------------------------------------------------------------------------

    /// <summary>Moves to phase <paramref name="index"/> of a plan of <paramref name="plannedMinutes"/> and starts its timer.</summary>
    public void GoToPhase(int index, IReadOnlyList<int> plannedMinutes, DateTimeOffset now)
    {
        if (index < 0 || index >= plannedMinutes.Count) throw new DomainException("Rooms.Error.NoSuchPhase");
        PhaseIndex = index;
        TimerEndsAt = now.AddMinutes(plannedMinutes[index]);
        PausedRemainingSeconds = null;
        // A round belongs to its phase; the speaker and the queue carry on (a discussion may span phases).
        Round = null;
    }

    /// <summary>Adds (or with a negative value removes) time; when already overtime, counts from now.</summary>
    public void AddTime(int seconds, DateTimeOffset now)
    {
        if (!Started) throw new DomainException("Rooms.Error.NotStarted");
        if (seconds is < -3600 or > 3600 or 0) throw new DomainException("Error.OutOfRange", -60, 60);
        if (TimerEndsAt is { } end)
            TimerEndsAt = (end < now ? now : end).AddSeconds(seconds);
        else
            PausedRemainingSeconds = Math.Max(PausedRemainingSeconds ?? 0, 0) + seconds;
    }

    public void Pause(DateTimeOffset now)
    {
        if (TimerEndsAt is not { } end) return;
        PausedRemainingSeconds = (int)Math.Round((end - now).TotalSeconds);
        TimerEndsAt = null;
    }

    public void Resume(DateTimeOffset now)
    {
        if (TimerEndsAt is not null || !Started) return;
        TimerEndsAt = now.AddSeconds(PausedRemainingSeconds ?? 0);
        PausedRemainingSeconds = null;
    }

    /// <summary>Seconds left in the current phase (negative = overtime).</summary>
    public int? RemainingSeconds(DateTimeOffset now)
        => TimerEndsAt is { } end ? (int)Math.Round((end - now).TotalSeconds) : PausedRemainingSeconds;

    // ---- speaking queue ----------------------------------------------------------------------------------

    public bool RaiseHand(Guid userId, DateTimeOffset now)
    {
        if (Queue.Any(q => q.UserId == userId) || Speaker?.UserId == userId) return false;
        Queue.Add(new QueueEntry(userId, now));
        return true;
    }

    public bool LowerHand(Guid userId) => Queue.RemoveAll(q => q.UserId == userId) > 0;

    /// <summary>Gives the floor to <paramref name="userId"/>, or to the first in the queue when null.</summary>
    public void GiveFloor(Guid? userId, DateTimeOffset now, int? limitSeconds)
    {
        var next = userId ?? Queue.FirstOrDefault()?.UserId ?? throw new DomainException("Rooms.Error.QueueEmpty");
        Queue.RemoveAll(q => q.UserId == next);
        Speaker = new Speaker(next, now, limitSeconds);
    }

    public void EndSpeaker() => Speaker = null;

    // ---- rounds ------------------------------------------------------------------------------------------

    /// <summary>Starts a round over <paramref name="order"/> (each participant in turn), the first one speaking.</summary>
    public void StartRound(IReadOnlyList<Guid> order, DateTimeOffset now, int? turnSeconds)
    {
        if (order.Count == 0) throw new DomainException("Rooms.Error.RoundEmpty");
        Round = new RoundState { Order = [.. order], Index = 0, TurnStartedAt = now, TurnSeconds = turnSeconds };
    }

    /// <summary>Moves to the next person. <paramref name="fromIndex"/> makes a repeated click harmless.</summary>
    public void AdvanceRound(int fromIndex, bool skip, DateTimeOffset now)
    {
        if (Round is not { Done: false } r) throw new DomainException("Rooms.Error.NoRound");
        if (r.Index != fromIndex) return; // someone already moved on
        if (skip) r.Skipped.Add(r.Order[r.Index]);
        r.Index++;
        r.TurnStartedAt = now;
        if (r.Index >= r.Order.Count) r.Done = true;
    }

    public void EndRound()
    {
        if (Round is null) return;
        Round.Done = true;
    }

    // ---- chair -------------------------------------------------------------------------------------------

    public void HandOver(Guid to, bool permanent)
    {
        ActingChairId = to;
        if (permanent) ChairId = to;
        ChairAbsentSince = null;
    }
}

public sealed record QueueEntry(Guid UserId, DateTimeOffset RaisedAt);

public sealed record Speaker(Guid UserId, DateTimeOffset Since, int? LimitSeconds);

public sealed class RoundState
{
    public List<Guid> Order { get; set; } = [];
    public int Index { get; set; }
    public List<Guid> Skipped { get; set; } = [];
    public DateTimeOffset TurnStartedAt { get; set; }
    public int? TurnSeconds { get; set; }
    public bool Done { get; set; }

    public Guid? Current => !Done && Index < Order.Count ? Order[Index] : null;
}
