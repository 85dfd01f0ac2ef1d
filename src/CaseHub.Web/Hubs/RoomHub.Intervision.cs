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

    /// <summary>Writes or rewrites one of the caller's cards; <paramref name="confirmPossiblePii"/>: the author keeps a word the guard was unsure of.</summary>
    public Task<IReadOnlyList<CardView>> IntervisionWriteCard([FromServices] IntervisionCards Cards, Guid roomId, Guid cardId, string text, bool confirmPossiblePii)
        => Cards.WriteAsync(roomId, Me, cardId, text, confirmPossiblePii: confirmPossiblePii);

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
    public async Task<bool> IntervisionSaveSummary([FromServices] IntervisionCards Cards, [FromServices] IntervisionService Intervision, Guid roomId,
        string? learnings, string? proposals, string? openQuestions, bool confirmPossiblePii)
    {
        var session = await Intervision.RequireSessionByRoomAsync(roomId, Me);
        await Intervision.RequireAcknowledgedAsync(session.Id, Me);
        await Intervision.SaveSummaryAsync(session.Id, Me, new SummaryInput(learnings, proposals, openQuestions) { ConfirmPossiblePii = confirmPossiblePii });
        await Cards.BroadcastAsync(session.Id);
        return true;
    }

    /// <summary>The narrator's reaction slot (narrator's-reaction phase): a private draft until <paramref name="share"/>; once shared, everyone sees it.</summary>
    public async Task<MyReactionView> IntervisionSaveReaction([FromServices] IntervisionCards Cards, [FromServices] IntervisionService Intervision, Guid roomId,
        string? text, bool share, bool confirmPossiblePii)
    {
        var session = await Intervision.SaveReactionAsync(roomId, Me, text, share, confirmPossiblePii);
        if (session.ReactionSharedAt is not null) await Cards.BroadcastAsync(session.Id);
        return new MyReactionView(session.NarratorReaction, session.ReactionSharedAt is not null);
    }

    /// <summary>The PII guard on the live notes as stored now: kinds and counts only (the editors show a warning), never the data.</summary>
    public Task<IReadOnlyList<NotesFinding>> IntervisionCheckNotes([FromServices] IntervisionService Intervision, Guid roomId) => Intervision.ScanNotesAsync(roomId, Me);
}

/// <summary>Intervision changes to the room's SignalR group.</summary>
public sealed class SignalRIntervisionBroadcaster(IHubContext<RoomHub> hub) : IIntervisionBroadcaster
{
    public Task BoardChangedAsync(Guid roomId, IntervisionLiveView view) => hub.Clients.Group(RoomHub.Group(roomId)).SendAsync("intervision", view);
}
