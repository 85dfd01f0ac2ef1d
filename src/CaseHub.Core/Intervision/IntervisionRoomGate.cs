using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Intervision;

/// <summary>
/// Nobody enters an intervision room live (its broadcasts, its notes) before accepting the session's confidentiality
/// rule: the live page, the hub's Join and the notes policy all ask this gate.
/// </summary>
public sealed class IntervisionRoomGate(CaseHubDbContext db) : IRoomGate
{
    public string ContextType => IntervisionSessions.ContextType;
    public string RefusalKey => "Intervision.Error.NotAcknowledged";

    public Task<bool> MayEnterAsync(Guid roomId, Guid contextId, Guid userId, CancellationToken ct = default)
        => db.IntervisionAcknowledgements.AnyAsync(a => a.SessionId == contextId && a.UserId == userId, ct);
}
