using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Intervision;

// What clients receive. No author, no creation time: a card is only its text, its group and its place.
public sealed record CardView(Guid Id, string Text, Guid? GroupId, int Position);
public sealed record CardGroupView(Guid Id, string Label, int Order);
/// <summary>One phase's cards: before the reveal only how many were written, never their text.</summary>
public sealed record BoardView(int PhaseIndex, bool Revealed, int CardCount, IReadOnlyList<CardView> Cards, IReadOnlyList<CardGroupView> Groups);
public sealed record SummaryView(string? Learnings, string? Proposals, string? OpenQuestions, DateTimeOffset? UpdatedAt);
/// <summary>What every participant of the session sees (broadcast to the room's group).</summary>
/// <param name="Reaction">The narrator's reaction, once the narrator shared it (null before).</param>
public sealed record IntervisionLiveView(Guid SessionId, Guid RoomId, IReadOnlyList<int> CardPhases, IReadOnlyList<BoardView> Boards, SummaryView Summary, string? Theme,
    string? Reaction = null);
/// <summary>What only the caller sees: their own unrevealed cards (so they can edit them); for the narrator, their reaction draft.</summary>
public sealed record IntervisionMyView(IntervisionLiveView Live, IReadOnlyList<CardView> MyCards, bool Acknowledged, MyReactionView? MyReaction = null);
/// <summary>The narrator's own reaction slot: the draft and whether the group sees it.</summary>
public sealed record MyReactionView(string? Text, bool Shared);

/// <summary>
/// Anonymous cards, on the rooms' card engine (<see cref="CardRules"/>): written during a card phase, revealed together by the animateur, then grouped and labelled by the
/// rapporteur. Authors are known to nobody: a card holds only an HMAC of its author with its board's secret salt, so
/// the author can still edit it before the reveal; the reveal deletes the salt and every tag.
/// </summary>
public sealed class IntervisionCards(CaseHubDbContext db, IntervisionSessions sessions, IntervisionPrivacy privacy, IntervisionLive live,
    ProtocolCatalog protocols, TimeProvider clock)
{
    public const int MaxCardsPerPerson = 20;
    public const int MaxGroups = 30;
    private const int MaxAttempts = 6;

    private sealed record Context(IntervisionSession Session, Room Room, RoomParticipant Caller, RoomLiveState State, Protocol Protocol, List<RoomPhase> Phases);

    /// <summary>Writes (or, before the reveal, rewrites) one of the caller's cards in the current phase. <paramref name="cardId"/> is
    /// chosen by the client (a random v4 id: it carries no time) so a re-sent card is stored once.</summary>
    public Task<IReadOnlyList<CardView>> WriteAsync(Guid roomId, Guid userId, Guid cardId, string? text, bool confirmPossiblePii = false, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            if (c.Caller.Role == RoomRole.Observer) throw new DomainException("Rooms.Error.ObserverReadOnly") { IsForbidden = true };
            if (c.Room.Status != RoomStatus.Live) throw new DomainException("Rooms.Error.NotStarted");
            CardRules.RequireClientId(cardId);
            var value = CardRules.RequireText(text, IntervisionCard.TextMaxLength);
            value = await privacy.CheckPiiAsync(c.Session.TeamId, value, "text", confirmPossiblePii, ct);
            var existing = await db.IntervisionCards.FirstOrDefaultAsync(x => x.Id == cardId, ct);
            IntervisionBoard board;
            if (existing is not null)
            {
                board = await db.IntervisionBoards.FirstAsync(b => b.Id == existing.BoardId, ct);
                if (board.SessionId != c.Session.Id) throw DomainException.NotFound();
                if (board.RevealedAt is not null) throw new DomainException("Intervision.Error.CardRevealed");
                if (existing.AuthorTag != Tag(board, userId)) throw DomainException.NotFound();
                if (existing.Text == value) return false;
                existing.Text = value;
            }
            else
            {
                var phase = c.State.PhaseIndex;
                if (!IsCardPhase(c, phase)) throw new DomainException("Intervision.Error.NotCardPhase");
                board = await BoardForAsync(c.Session.Id, phase, ct);
                if (board.RevealedAt is not null) throw new DomainException("Intervision.Error.CardRevealed");
                var tag = Tag(board, userId);
                if (await db.IntervisionCards.CountAsync(x => x.BoardId == board.Id && x.AuthorTag == tag, ct) >= MaxCardsPerPerson)
                    throw new DomainException("Intervision.Error.TooManyCards", MaxCardsPerPerson);
                db.IntervisionCards.Add(new IntervisionCard { Id = cardId, BoardId = board.Id, Text = value, AuthorTag = tag });
            }
            board.Version++;
            return true;
        }, userId, ct);

    /// <summary>Removes one of the caller's own cards before the reveal.</summary>
    public Task<IReadOnlyList<CardView>> DeleteAsync(Guid roomId, Guid userId, Guid cardId, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            var card = await db.IntervisionCards.FirstOrDefaultAsync(x => x.Id == cardId, ct);
            if (card is null) return false;
            var board = await db.IntervisionBoards.FirstAsync(b => b.Id == card.BoardId, ct);
            if (board.SessionId != c.Session.Id) throw DomainException.NotFound();
            if (board.RevealedAt is not null) throw new DomainException("Intervision.Error.CardRevealed");
            if (card.AuthorTag != Tag(board, userId)) throw DomainException.NotFound();
            db.IntervisionCards.Remove(card);
            board.Version++;
            return true;
        }, userId, ct);

    /// <summary>The animateur shows every card of a phase at once, in a shuffled order, and forgets who wrote them.</summary>
    public Task RevealAsync(Guid roomId, Guid userId, int phaseIndex, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            if (c.State.ActingChairId != userId) throw new DomainException("Rooms.Error.ChairOnly") { IsForbidden = true };
            if (!IsCardPhase(c, phaseIndex)) throw new DomainException("Intervision.Error.NotCardPhase");
            var board = await BoardForAsync(c.Session.Id, phaseIndex, ct);
            if (board.RevealedAt is not null) return false;
            board.RevealedAt = clock.GetUtcNow();
            board.Salt = null;
            board.Version++;
            var cards = await db.IntervisionCards.Where(x => x.BoardId == board.Id).ToListAsync(ct);
            foreach (var card in cards) card.AuthorTag = null;
            CardRules.Shuffle(cards);
            return true;
        }, userId, ct);

    /// <summary>The rapporteur adds (or renames) a labelled group of cards.</summary>
    public Task SaveGroupAsync(Guid roomId, Guid userId, int phaseIndex, Guid groupId, string? label, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            var board = await RevealedBoardForRapporteurAsync(c, phaseIndex, ct);
            var value = Validation.RequireText(label, IntervisionCardGroup.LabelMaxLength, "label");
            // Labels name themes: only certain findings are refused (a label has no confirmation step).
            value = await privacy.CheckPiiAsync(c.Session.TeamId, value, "label", confirmPossible: true, ct);
            if (groupId == Guid.Empty) throw new DomainException("Rooms.Error.MissingCommandId");
            var group = await db.IntervisionCardGroups.FirstOrDefaultAsync(g => g.Id == groupId, ct);
            if (group is null)
            {
                var count = await db.IntervisionCardGroups.CountAsync(g => g.BoardId == board.Id, ct);
                if (count >= MaxGroups) throw new DomainException("Intervision.Error.TooManyGroups", MaxGroups);
                db.IntervisionCardGroups.Add(new IntervisionCardGroup { Id = groupId, BoardId = board.Id, Label = value, Order = count });
            }
            else
            {
                if (group.BoardId != board.Id) throw DomainException.NotFound();
                if (group.Label == value) return false;
                group.Label = value;
            }
            board.Version++;
            return true;
        }, userId, ct);

    /// <summary>The rapporteur removes a group; its cards go back to the ungrouped ones.</summary>
    public Task RemoveGroupAsync(Guid roomId, Guid userId, int phaseIndex, Guid groupId, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            var board = await RevealedBoardForRapporteurAsync(c, phaseIndex, ct);
            var group = await db.IntervisionCardGroups.FirstOrDefaultAsync(g => g.Id == groupId && g.BoardId == board.Id, ct);
            if (group is null) return false;
            foreach (var card in await db.IntervisionCards.Where(x => x.GroupId == groupId).ToListAsync(ct)) card.GroupId = null;
            db.IntervisionCardGroups.Remove(group);
            board.Version++;
            return true;
        }, userId, ct);

    /// <summary>The rapporteur moves a revealed card into a group (or out of any group with null), at a position.</summary>
    public Task MoveCardAsync(Guid roomId, Guid userId, int phaseIndex, Guid cardId, Guid? groupId, int position, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            var board = await RevealedBoardForRapporteurAsync(c, phaseIndex, ct);
            var cards = await db.IntervisionCards.Where(x => x.BoardId == board.Id).ToListAsync(ct);
            var card = cards.FirstOrDefault(x => x.Id == cardId) ?? throw DomainException.NotFound();
            if (groupId is { } g && !await db.IntervisionCardGroups.AnyAsync(x => x.Id == g && x.BoardId == board.Id, ct)) throw DomainException.NotFound();
            CardRules.Move(card, groupId, position, cards);
            board.Version++;
            return true;
        }, userId, ct);

    /// <summary>The state of the cards and summary for one participant (their own unrevealed cards included).</summary>
    public async Task<IntervisionMyView> ViewAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        var session = await sessions.RequireSessionByRoomAsync(roomId, userId, ct);
        // The shared view holds revealed cards and the summary: only for those who accepted the confidentiality rule.
        await sessions.RequireAcknowledgedAsync(session.Id, userId, ct);
        var reaction = userId == session.NarratorId ? new MyReactionView(session.NarratorReaction, session.ReactionSharedAt is not null) : null;
        return new IntervisionMyView(await live.ViewAsync(session, ct), await MyCardsAsync(session.Id, userId, ct), true, reaction);
    }

    private async Task<IReadOnlyList<CardView>> MyCardsAsync(Guid sessionId, Guid userId, CancellationToken ct)
    {
        var boards = await db.IntervisionBoards.AsNoTracking().Where(b => b.SessionId == sessionId && b.RevealedAt == null && b.Salt != null).ToListAsync(ct);
        var result = new List<CardView>();
        foreach (var b in boards)
        {
            var tag = Tag(b, userId);
            result.AddRange((await db.IntervisionCards.AsNoTracking().Where(x => x.BoardId == b.Id && x.AuthorTag == tag).ToListAsync(ct))
                .Select(x => new CardView(x.Id, x.Text, null, b.PhaseIndex)));
        }
        return result;
    }

    private static bool IsCardPhase(Context c, int phaseIndex)
        => phaseIndex >= 0 && phaseIndex < c.Phases.Count && IntervisionProtocols.CardPhases.Contains(c.Phases[phaseIndex].TemplateKey);

    private async Task<IntervisionBoard> BoardForAsync(Guid sessionId, int phaseIndex, CancellationToken ct)
    {
        var board = await db.IntervisionBoards.FirstOrDefaultAsync(b => b.SessionId == sessionId && b.PhaseIndex == phaseIndex, ct);
        if (board is not null) return board;
        board = new IntervisionBoard { SessionId = sessionId, PhaseIndex = phaseIndex, Salt = CardRules.NewSalt() };
        db.IntervisionBoards.Add(board);
        return board;
    }

    private async Task<IntervisionBoard> RevealedBoardForRapporteurAsync(Context c, int phaseIndex, CancellationToken ct)
    {
        if (c.Caller.ProtocolRole != IntervisionProtocols.Rapporteur) throw new DomainException("Intervision.Error.RapporteurOnly") { IsForbidden = true };
        if (c.Room.Status == RoomStatus.Cancelled || c.Session.PurgedAt is not null) throw new DomainException("Rooms.Error.Closed");
        var board = await db.IntervisionBoards.FirstOrDefaultAsync(b => b.SessionId == c.Session.Id && b.PhaseIndex == phaseIndex, ct);
        if (board?.RevealedAt is null) throw new DomainException("Intervision.Error.NotRevealed");
        return board;
    }

    /// <summary>The author's tag on a board: HMAC-SHA256(salt, user id). Without the salt (after the reveal) it cannot be recomputed.</summary>
    private static string? Tag(IntervisionBoard board, Guid userId)
        => board.Salt is null ? null : CardRules.AuthorTag(board.Salt, userId);

    /// <summary>Load, check membership and the acknowledgement, apply, save (retrying on a concurrent change), broadcast.</summary>
    private async Task<IReadOnlyList<CardView>> MutateAsync(Guid roomId, Guid userId, Func<Context, Task<bool>> apply, Guid me, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var session = await sessions.RequireSessionByRoomAsync(roomId, userId, ct);
            await sessions.RequireAcknowledgedAsync(session.Id, userId, ct);
            var caller = await db.RoomParticipants.AsNoTracking().FirstAsync(p => p.RoomId == roomId && p.UserId == userId, ct);
            var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct);
            var phases = await db.RoomPhases.AsNoTracking().Where(p => p.RoomId == roomId).OrderBy(p => p.Order).ToListAsync(ct);
            var context = new Context(session, room, caller, RoomLiveState.Deserialize(room.StateJson), protocols.Get(room.ProtocolKey), phases);
            var changed = await apply(context);
            if (changed)
            {
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (Exception ex) when (attempt < MaxAttempts && (ex is DbUpdateConcurrencyException || (ex is DbUpdateException u && RoomEngine.IsUniqueViolation(u))))
                {
                    continue; // another card or the reveal landed meanwhile (or the same card re-sent): re-apply
                }
                await live.BroadcastAsync(session.Id, ct);
            }
            return await MyCardsAsync(session.Id, me, ct);
        }
    }
}
