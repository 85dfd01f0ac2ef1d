using CaseHub.Core.Rooms;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Hubs;

/// <summary>Room changes to the room's SignalR group (across nodes when the Redis backplane is on).</summary>
public sealed class SignalRRoomBroadcaster(IHubContext<RoomHub> hub) : IRoomBroadcaster
{
    public Task PatchAsync(Guid roomId, RoomPatch patch) => hub.Clients.Group(RoomHub.Group(roomId)).SendAsync("patch", patch);

    public Task PresenceAsync(Guid roomId, IReadOnlyList<ParticipantView> participants)
        => hub.Clients.Group(RoomHub.Group(roomId)).SendAsync("presence", participants);

    public async Task RemovedAsync(Guid roomId, Guid userId, IReadOnlyList<string> connectionIds)
    {
        foreach (var id in connectionIds)
        {
            await hub.Clients.Client(id).SendAsync("removed", roomId);
            await hub.Groups.RemoveFromGroupAsync(id, RoomHub.Group(roomId));
            await hub.Groups.RemoveFromGroupAsync(id, RoomHub.NotesGroup(Room.NotesKeyFor(roomId)));
        }
    }
}
