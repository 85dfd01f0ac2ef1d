using CaseHub.Core.Data;
using CaseHub.Core.Notes;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

/// <summary>
/// A room's notes ("room:{id}:notes"): every participant reads; participants (not observers) write while the room is
/// open, unless the current phase gives the pen to the chair and one protocol role (e.g. the rapporteur). A room's
/// feature gate (<see cref="IRoomGate"/>) can keep a participant out entirely.
/// </summary>
public sealed class RoomNotesAccess(CaseHubDbContext db, ProtocolCatalog protocols, IEnumerable<IRoomAccessGuard> guards, RoomGates gates) : INotesAccessPolicy
{
    public string Prefix => "room:";

    public async Task<NotesAccess?> CheckAsync(string docKey, Guid userId, CancellationToken ct = default)
    {
        var parts = docKey.Split(':');
        if (parts.Length != 3 || parts[2] != "notes" || !Guid.TryParse(parts[1], out var roomId)) return null;
        var member = await db.RoomParticipants.AsNoTracking().FirstOrDefaultAsync(p => p.RoomId == roomId && p.UserId == userId, ct);
        if (member is null) return null;
        var room = await db.Rooms.AsNoTracking().Where(r => r.Id == roomId).Select(r => new { r.Status, r.ProtocolKey, r.StateJson, r.ContextType, r.ContextId }).FirstAsync(ct);
        // A feature may withdraw access altogether (a member removed from a conference's case)…
        if (!await guards.AllowAsync(room.ContextType, room.ContextId, userId, ct)) return null;
        // …or keep participants out of the live room until they meet its condition (intervision's confidentiality rule).
        if (await gates.RefusalAsync(roomId, room.ContextType, room.ContextId, userId, ct) is not null) return null;
        if (member.Role == RoomRole.Observer || room.Status is RoomStatus.Closed or RoomStatus.Cancelled) return new NotesAccess(false);
        var state = RoomLiveState.Deserialize(room.StateJson);
        if (state.PhaseIndex < 0) return new NotesAccess(true);
        var phase = await db.RoomPhases.AsNoTracking().Where(p => p.RoomId == roomId && p.Order == state.PhaseIndex).Select(p => p.TemplateKey).FirstOrDefaultAsync(ct);
        var policy = protocols.Get(room.ProtocolKey).Phases.FirstOrDefault(t => t.Key == phase)?.Policy ?? PhasePolicy.Open;
        var canWrite = policy.NotesEditorRole is null || state.ActingChairId == userId || member.ProtocolRole == policy.NotesEditorRole;
        return new NotesAccess(canWrite);
    }
}
