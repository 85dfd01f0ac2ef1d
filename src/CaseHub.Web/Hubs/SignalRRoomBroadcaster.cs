using CaseHub.Core.Conferences;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Hubs;

/// <summary>
/// Room changes to the room's SignalR group (across nodes when the Redis backplane is on): the one way from Core to the
/// browsers. Each feature change record is sent as its typed <see cref="IRoomClient"/> event.
/// </summary>
public sealed class SignalRRoomBroadcaster(IHubContext<RoomHub, IRoomClient> hub) : IRoomBroadcaster
{
    private IRoomClient Room(Guid roomId) => hub.Clients.Group(RoomHub.Group(roomId));

    public Task PatchAsync(Guid roomId, RoomPatch patch) => Room(roomId).Patch(patch);

    public Task PresenceAsync(Guid roomId, IReadOnlyList<ParticipantView> participants) => Room(roomId).Presence(participants);

    public async Task RemovedAsync(Guid roomId, Guid userId, IReadOnlyList<string> connectionIds)
    {
        foreach (var id in connectionIds)
        {
            await hub.Clients.Client(id).Removed(roomId);
            await hub.Groups.RemoveFromGroupAsync(id, RoomHub.Group(roomId));
            await hub.Groups.RemoveFromGroupAsync(id, RoomHub.NotesGroup(Core.Rooms.Room.NotesKeyFor(roomId)));
        }
    }

    public Task FeatureAsync(Guid roomId, RoomFeatureChange change) => change switch
    {
        ConferenceChanged c => Room(roomId).Conference(c.RoomId),
        CaseGridChanged g => Room(roomId).CaseGrid(g.RoomId),
        IntervisionChanged i => Room(roomId).Intervision(i.View),
        IdeasChanged i => Room(roomId).Ideas(i.View),
        _ => throw new NotSupportedException($"No client event for {change.GetType().Name}: add one to {nameof(IRoomClient)}."),
    };
}
