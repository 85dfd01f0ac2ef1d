using CaseHub.Core.Intervision;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Hubs;

/// <summary>
/// Intervision on the room hub: anonymous cards, their grouping by the rapporteur, and the rapporteur's summary.
/// Core tells the room's group (<see cref="IRoomClient.Intervision"/>, never an author) through its broadcaster; the
/// caller's own unrevealed cards come back only in the reply to the caller.
/// </summary>
public sealed partial class RoomHub
{
    public Task<IntervisionMyView> IntervisionState([FromServices] IntervisionCards cards, Guid roomId) => cards.ViewAsync(roomId, Me);

    /// <summary>Writes or rewrites one of the caller's cards; <paramref name="confirmPossiblePii"/>: the author keeps a word the guard was unsure of.</summary>
    public Task<IReadOnlyList<CardView>> IntervisionWriteCard([FromServices] IntervisionCards cards, Guid roomId, Guid cardId, string text, bool confirmPossiblePii)
        => cards.WriteAsync(roomId, Me, cardId, text, confirmPossiblePii: confirmPossiblePii);

    public Task<IReadOnlyList<CardView>> IntervisionDeleteCard([FromServices] IntervisionCards cards, Guid roomId, Guid cardId) => cards.DeleteAsync(roomId, Me, cardId);

    public async Task<bool> IntervisionReveal([FromServices] IntervisionCards cards, Guid roomId, int phaseIndex) { await cards.RevealAsync(roomId, Me, phaseIndex); return true; }

    public async Task<bool> IntervisionSaveGroup([FromServices] IntervisionCards cards, Guid roomId, int phaseIndex, Guid groupId, string label) { await cards.SaveGroupAsync(roomId, Me, phaseIndex, groupId, label); return true; }

    public async Task<bool> IntervisionRemoveGroup([FromServices] IntervisionCards cards, Guid roomId, int phaseIndex, Guid groupId) { await cards.RemoveGroupAsync(roomId, Me, phaseIndex, groupId); return true; }

    public async Task<bool> IntervisionMoveCard([FromServices] IntervisionCards cards, Guid roomId, int phaseIndex, Guid cardId, Guid? groupId, int position)
    {
        await cards.MoveCardAsync(roomId, Me, phaseIndex, cardId, groupId, position);
        return true;
    }

    /// <summary>The rapporteur saves the summary; everyone sees it update.</summary>
    public async Task<bool> IntervisionSaveSummary([FromServices] IntervisionRecord record, Guid roomId,
        string? learnings, string? proposals, string? openQuestions, bool confirmPossiblePii)
    {
        await record.SaveSummaryLiveAsync(roomId, Me, new SummaryInput(learnings, proposals, openQuestions) { ConfirmPossiblePii = confirmPossiblePii });
        return true;
    }

    /// <summary>The narrator's reaction slot (narrator's-reaction phase): a private draft until <paramref name="share"/>; once shared, everyone sees it.</summary>
    public async Task<MyReactionView> IntervisionSaveReaction([FromServices] IntervisionRecord record, Guid roomId, string? text, bool share, bool confirmPossiblePii)
    {
        var session = await record.SaveReactionAsync(roomId, Me, text, share, confirmPossiblePii);
        return new MyReactionView(session.NarratorReaction, session.ReactionSharedAt is not null);
    }

    /// <summary>The PII guard on the live notes as stored now: kinds and counts only (the editors show a warning), never the data.</summary>
    public Task<IReadOnlyList<NotesFinding>> IntervisionCheckNotes([FromServices] IntervisionSessions sessions, Guid roomId) => sessions.ScanNotesAsync(roomId, Me);
}
