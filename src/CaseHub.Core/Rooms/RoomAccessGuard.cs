namespace CaseHub.Core.Rooms;

/// <summary>
/// A feature's extra rule on who may still use one of its rooms (matched by <see cref="Room.ContextType"/>), checked at
/// read time on every room access — page, hub, minutes, notes — closed rooms included. E.g. a worker removed from a
/// case conference's case keeps their participant row (attendance stays true in the minutes) but loses access.
/// </summary>
public interface IRoomAccessGuard
{
    string ContextType { get; }

    /// <summary>May <paramref name="userId"/>, a participant of the room, still see it?</summary>
    Task<bool> AllowsAsync(Guid contextId, Guid userId, CancellationToken ct);
}

public static class RoomAccessGuards
{
    /// <summary>True unless a guard for the room's context refuses the user.</summary>
    public static async Task<bool> AllowAsync(this IEnumerable<IRoomAccessGuard> guards, string? contextType, Guid? contextId, Guid userId, CancellationToken ct)
    {
        if (contextType is null || contextId is not { } id) return true;
        foreach (var guard in guards)
            if (guard.ContextType == contextType && !await guard.AllowsAsync(id, userId, ct)) return false;
        return true;
    }
}
