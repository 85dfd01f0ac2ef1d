using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

/// <summary>
/// A feature's extra condition to enter one of its rooms live (join the broadcast group, read or write the notes),
/// beyond being a participant, e.g. intervision's confidentiality acknowledgement. Matched by <see cref="Room.ContextType"/>.
/// </summary>
public interface IRoomGate
{
    string ContextType { get; }
    /// <summary>True when the participant may enter now. Only called for participants of a room of this context.</summary>
    Task<bool> MayEnterAsync(Guid roomId, Guid contextId, Guid userId, CancellationToken ct = default);
    /// <summary>Text key of the refusal shown to the participant.</summary>
    string RefusalKey { get; }
}

/// <summary>Asks the gate of a room's feature, if any (rooms of no feature, or of a feature without a gate, are open to participants).</summary>
public sealed class RoomGates(CaseHubDbContext db, IEnumerable<IRoomGate> gates)
{
    /// <summary>The refusal's text key, or null when the participant may enter.</summary>
    public async Task<string?> RefusalAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        if (!gates.Any()) return null;
        var context = await db.Rooms.AsNoTracking().Where(r => r.Id == roomId).Select(r => new { r.ContextType, r.ContextId }).FirstOrDefaultAsync(ct);
        return await RefusalAsync(roomId, context?.ContextType, context?.ContextId, userId, ct);
    }

    /// <summary>The same, for a caller that has already read the room's context (the notes policy, on every push).</summary>
    public async Task<string?> RefusalAsync(Guid roomId, string? contextType, Guid? contextId, Guid userId, CancellationToken ct = default)
    {
        if (contextType is null || contextId is not { } id) return null;
        foreach (var gate in gates.Where(g => g.ContextType == contextType))
            if (!await gate.MayEnterAsync(roomId, id, userId, ct)) return gate.RefusalKey;
        return null;
    }

    /// <summary>Refuses (403 with the feature's message) a participant the feature's gate keeps out.</summary>
    public async Task RequireAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        if (await RefusalAsync(roomId, userId, ct) is { } key) throw new Common.DomainException(key) { IsForbidden = true };
    }
}
