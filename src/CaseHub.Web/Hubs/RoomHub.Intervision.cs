using CaseHub.Core.Intervision;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Hubs;

/// <summary>
/// Intervision on the room hub: anonymous cards, their grouping by the rapporteur, and the rapporteur's summary.
/// Changes reach the room's group as an "intervision" message that never names an author; the caller's own
/// unrevealed cards come back only in the reply to the caller.
/// </summary>
public sealed partial class RoomHub
{
    public Task<IntervisionMyView> IntervisionState([FromServices] IntervisionCards Cards, Guid roomId) => Cards.ViewAsync(roomId, Me);

    public Task<IReadOnlyList<CardView>> IntervisionWriteCard([FromServices] IntervisionCards Cards, Guid roomId, Guid cardId, string text) => Cards.WriteAsync(roomId, Me, cardId, text);

    public Task<IReadOnlyList<CardView>> IntervisionDeleteCard([FromServices] IntervisionCards Cards, Guid roomId, Guid cardId) => Cards.DeleteAsync(roomId, Me, cardId);

    public async Task<bool> IntervisionReveal([FromServices] IntervisionCards Cards, Guid roomId, int phaseIndex) { await Cards.RevealAsync(roomId, Me, phaseIndex); return true; }

    public async Task<bool> IntervisionSaveGroup([FromServices] IntervisionCards Cards, Guid roomId, int phaseIndex, Guid groupId, string label) { await Cards.SaveGroupAsync(roomId, Me, phaseIndex, groupId, label); return true; }

    public async Task<bool> IntervisionRemoveGroup([FromServices] IntervisionCards Cards, Guid roomId, int phaseIndex, Guid groupId) { await Cards.RemoveGroupAsync(roomId, Me, phaseIndex, groupId); return true; }

    public async Task<bool> IntervisionMoveCard([FromServices] IntervisionCards Cards, Guid roomId, int phaseIndex, Guid cardId, Guid? groupId, int position)
    {
        await Cards.MoveCardAsync(roomId, Me, phaseIndex, cardId, groupId, position);
        return true;
    }

    /// <summary>The rapporteur saves the summary; everyone sees it update.</summary>
    public async Task<bool> IntervisionSaveSummary([FromServices] IntervisionCards Cards, [FromServices] IntervisionService Intervision, Guid roomId, string? learnings, string? proposals, string? openQuestions)
    {
        var session = await Intervision.RequireSessionByRoomAsync(roomId, Me);
        await Intervision.RequireAcknowledgedAsync(session.Id, Me);
        await Intervision.SaveSummaryAsync(session.Id, Me, new SummaryInput(learnings, proposals, openQuestions));
        await Cards.BroadcastAsync(session.Id);
        return true;
    }
}

/// <summary>Intervision changes to the room's SignalR group.</summary>
public sealed class SignalRIntervisionBroadcaster(IHubContext<RoomHub> hub) : IIntervisionBroadcaster
{
    public Task BoardChangedAsync(Guid roomId, IntervisionLiveView view) => hub.Clients.Group(RoomHub.Group(roomId)).SendAsync("intervision", view);
}
