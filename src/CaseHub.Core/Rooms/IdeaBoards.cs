using System.Globalization;
using System.Text;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

// What clients receive. Author: the writer's name in a named meeting, never in an anonymous one. Dots: null until the
// facilitator reveals them (then each card's total; who placed them is never sent).
public sealed record IdeaCardView(Guid Id, string Text, string? Author, Guid? GroupId, int Position, int? Dots, bool Carried);
public sealed record IdeaGroupView(Guid Id, string Label, int Order);
/// <summary>What everyone in the room sees of the idea board.</summary>
/// <param name="DotsCast">how many dots were placed so far (a progress count, before and after the reveal).</param>
public sealed record IdeaBoardView(Guid RoomId, bool Anonymous, int DotsPerPerson, bool Revealed, int DotsCast,
    IReadOnlyList<IdeaCardView> Cards, IReadOnlyList<IdeaGroupView> Groups);
/// <summary>What only the caller sees: which cards are theirs (to edit them) and where their own dots are.</summary>
public sealed record IdeaMyView(IdeaBoardView Board, IReadOnlyList<Guid> MyCards, IReadOnlyList<Guid> MyDots, int DotsLeft);

/// <summary>The idea board changed, as every client of the room receives it (no author in an anonymous meeting, no dot before the reveal).</summary>
public sealed record IdeasChanged(IdeaBoardView View) : RoomFeatureChange;

/// <summary>The shared view of a board: pure, so its privacy rules (anonymity, hidden dots) are tested in memory.</summary>
public static class IdeaViews
{
    public static IdeaBoardView Shared(Guid roomId, IdeaBoard? board, IReadOnlyList<IdeaCard> cards, IReadOnlyList<IdeaCardGroup> groups,
        IReadOnlyList<IdeaDot> dots, IReadOnlyDictionary<Guid, string> names)
    {
        var anonymous = board?.Anonymous ?? false;
        var revealed = board?.VotesRevealedAt is not null;
        return new IdeaBoardView(roomId, anonymous, board?.DotsPerPerson ?? IdeaBoard.DefaultDots, revealed, dots.Count,
            cards.OrderBy(c => c.Position).Select(c => new IdeaCardView(c.Id, c.Text,
                anonymous || c.AuthorId is not { } a ? null : names.GetValueOrDefault(a),
                c.GroupId, c.Position, revealed ? dots.Count(d => d.CardId == c.Id) : null, c.DecisionId is not null)).ToList(),
            groups.OrderBy(g => g.Order).Select(g => new IdeaGroupView(g.Id, g.Label, g.Order)).ToList());
    }

    /// <summary>Whether <paramref name="card"/> is the caller's: by author in a named meeting, by salted tag in an anonymous one.</summary>
    public static bool IsMine(IdeaBoard board, IdeaCard card, Guid userId)
        => board.Anonymous ? board.Salt is { } salt && card.AuthorTag == CardRules.AuthorTag(salt, userId) : card.AuthorId == userId;
}

/// <summary>
/// Idea cards in a room whose protocol asks for them (<see cref="Protocol.IdeaCards"/>, the network meeting's brainstorm),
/// on the rooms' card engine (<see cref="CardRules"/>, shared with intervision): everyone writes cards during a brainstorm
/// phase and sees them live, groups them (drag or "move to"), places their N dots (hidden until the facilitator reveals
/// them all at once), and the facilitator carries the picked or top ideas into the room's decisions, hence the minutes.
/// Every command checks membership and role, changes the board under its concurrency token (retrying when another
/// person changed it meanwhile) and broadcasts through <see cref="IRoomBroadcaster"/>.
/// </summary>
public sealed class IdeaBoards(CaseHubDbContext db, RoomEngine engine, ProtocolCatalog protocols, IRoomBroadcaster broadcaster, TimeProvider clock)
{
    public const int MaxCardsPerPerson = 30;
    public const int MaxGroups = 30;
    public const int MaxCarried = 20;
    private const int MaxAttempts = 8;

    private sealed record Context(Room Room, RoomParticipant Caller, RoomLiveState State, Protocol Protocol, IdeaBoard? Board)
    {
        public bool IsChair => State.ActingChairId == Caller.UserId;
    }

    public async Task<IdeaMyView> ViewAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        await engine.RequireMemberAsync(roomId, userId, ct);
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct);
        RequireIdeaCards(protocols.Get(room.ProtocolKey));
        return await MyViewAsync(roomId, userId, ct);
    }

    /// <summary>The organiser (or the acting chair) chooses named or anonymous cards and the dots per person, before they are used.</summary>
    public Task<IdeaMyView> ConfigureAsync(Guid roomId, Guid userId, bool anonymous, int dotsPerPerson, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            if (!c.IsChair && c.Room.OrganiserId != userId) throw new DomainException("Rooms.Ideas.Error.OrganiserOnly") { IsForbidden = true };
            if (c.Room.Status is RoomStatus.Closed or RoomStatus.Cancelled) throw new DomainException("Rooms.Error.Closed");
            if (dotsPerPerson is < 1 or > IdeaBoard.MaxDots) throw new DomainException("Rooms.Ideas.Error.DotsRange", 1, IdeaBoard.MaxDots) { Field = "dots" };
            var board = c.Board ?? NewBoard(c.Room.Id);
            if (board.Anonymous == anonymous && board.DotsPerPerson == dotsPerPerson && c.Board is not null) return false;
            if (board.Anonymous != anonymous && await db.IdeaCards.AnyAsync(x => x.BoardId == board.Id, ct))
                throw new DomainException("Rooms.Ideas.Error.ModeLocked");
            if (board.DotsPerPerson != dotsPerPerson && (board.VotesRevealedAt is not null || await db.IdeaDots.AnyAsync(x => x.BoardId == board.Id, ct)))
                throw new DomainException("Rooms.Ideas.Error.DotsLocked");
            board.Anonymous = anonymous;
            board.DotsPerPerson = dotsPerPerson;
            board.Version++;
            return true;
        }, ct);

    /// <summary>Writes (or rewrites) one of the caller's cards; a new card only during a brainstorm phase.</summary>
    public Task<IdeaMyView> WriteAsync(Guid roomId, Guid userId, Guid cardId, string? text, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            RequireContributorInLiveRoom(c);
            CardRules.RequireClientId(cardId);
            var value = CardRules.RequireText(text, IdeaCard.TextMaxLength);
            var board = c.Board ?? NewBoard(c.Room.Id);
            if (board.VotesRevealedAt is not null) throw new DomainException("Rooms.Ideas.Error.VotesRevealed");
            var existing = await db.IdeaCards.FirstOrDefaultAsync(x => x.Id == cardId, ct);
            if (existing is not null)
            {
                if (existing.BoardId != board.Id) throw new DomainException("Rooms.Ideas.Error.UnknownCard");
                if (!IdeaViews.IsMine(board, existing, userId)) throw new DomainException("Rooms.Ideas.Error.NotYourCard") { IsForbidden = true };
                if (existing.Text == value) return false;
                existing.Text = value;
            }
            else
            {
                if (!await InBrainstormAsync(c, ct)) throw new DomainException("Rooms.Ideas.Error.NotBrainstorm");
                var cards = await db.IdeaCards.Where(x => x.BoardId == board.Id).ToListAsync(ct);
                if (cards.Count(x => IdeaViews.IsMine(board, x, userId)) >= MaxCardsPerPerson)
                    throw new DomainException("Rooms.Ideas.Error.TooManyCards", MaxCardsPerPerson);
                db.IdeaCards.Add(new IdeaCard
                {
                    Id = cardId, BoardId = board.Id, Text = value,
                    AuthorId = board.Anonymous ? null : userId,
                    AuthorTag = board.Anonymous ? CardRules.AuthorTag(board.Salt ??= CardRules.NewSalt(), userId) : null,
                    Position = cards.Count == 0 ? 0 : cards.Max(x => x.Position) + 1,
                });
            }
            board.Version++;
            return true;
        }, ct);

    /// <summary>Removes one of the caller's cards (the facilitator may remove any) before the reveal and before it became a decision.</summary>
    public Task<IdeaMyView> DeleteAsync(Guid roomId, Guid userId, Guid cardId, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            RequireContributorInLiveRoom(c);
            if (c.Board is not { } board) return false;
            var card = await db.IdeaCards.FirstOrDefaultAsync(x => x.Id == cardId, ct);
            if (card is null) return false;
            if (card.BoardId != board.Id) throw new DomainException("Rooms.Ideas.Error.UnknownCard");
            if (!c.IsChair && !IdeaViews.IsMine(board, card, userId)) throw new DomainException("Rooms.Ideas.Error.NotYourCard") { IsForbidden = true };
            if (board.VotesRevealedAt is not null) throw new DomainException("Rooms.Ideas.Error.VotesRevealed");
            db.IdeaDots.RemoveRange(await db.IdeaDots.Where(d => d.CardId == card.Id).ToListAsync(ct));
            db.IdeaCards.Remove(card);
            board.Version++;
            return true;
        }, ct);

    /// <summary>Adds or renames a group (anyone taking part groups the ideas, as on a wall of sticky notes).</summary>
    public Task<IdeaMyView> SaveGroupAsync(Guid roomId, Guid userId, Guid groupId, string? label, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            RequireContributorInLiveRoom(c);
            CardRules.RequireClientId(groupId);
            var value = Validation.RequireText(label, IdeaCardGroup.LabelMaxLength, "label");
            var board = c.Board ?? NewBoard(c.Room.Id);
            var group = await db.IdeaCardGroups.FirstOrDefaultAsync(g => g.Id == groupId, ct);
            if (group is null)
            {
                var count = await db.IdeaCardGroups.CountAsync(g => g.BoardId == board.Id, ct);
                if (count >= MaxGroups) throw new DomainException("Rooms.Ideas.Error.TooManyGroups", MaxGroups);
                db.IdeaCardGroups.Add(new IdeaCardGroup { Id = groupId, BoardId = board.Id, Label = value, Order = count });
            }
            else
            {
                if (group.BoardId != board.Id) throw new DomainException("Rooms.Ideas.Error.UnknownGroup");
                if (group.Label == value) return false;
                group.Label = value;
            }
            board.Version++;
            return true;
        }, ct);

    /// <summary>Moves a card into a group (null: out of any group) at a position among that group's cards.</summary>
    public Task<IdeaMyView> MoveAsync(Guid roomId, Guid userId, Guid cardId, Guid? groupId, int position, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            RequireContributorInLiveRoom(c);
            var board = c.Board ?? throw new DomainException("Rooms.Ideas.Error.UnknownCard");
            var cards = await db.IdeaCards.Where(x => x.BoardId == board.Id).ToListAsync(ct);
            var card = cards.FirstOrDefault(x => x.Id == cardId) ?? throw new DomainException("Rooms.Ideas.Error.UnknownCard");
            if (groupId is { } g && !await db.IdeaCardGroups.AnyAsync(x => x.Id == g && x.BoardId == board.Id, ct))
                throw new DomainException("Rooms.Ideas.Error.UnknownGroup");
            var before = (card.GroupId, card.Position);
            CardRules.Move(card, groupId, position, cards);
            if (before == (card.GroupId, card.Position) && !db.ChangeTracker.HasChanges()) return false;
            board.Version++;
            return true;
        }, ct);

    /// <summary>Places one of the caller's dots on a card. <paramref name="dotId"/> is chosen by the client: the same dot sent
    /// twice (a reconnect, a double tap) counts once; nobody ever places more than the board's dots per person.</summary>
    public Task<IdeaMyView> CastDotAsync(Guid roomId, Guid userId, Guid cardId, Guid dotId, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            RequireContributorInLiveRoom(c);
            CardRules.RequireClientId(dotId);
            var board = c.Board ?? throw new DomainException("Rooms.Ideas.Error.UnknownCard");
            if (await db.IdeaDots.AsNoTracking().FirstOrDefaultAsync(d => d.Id == dotId, ct) is { } same)
                return same.VoterId == userId && same.CardId == cardId ? false : throw new DomainException("Rooms.Error.MissingCommandId");
            if (!await db.IdeaCards.AnyAsync(x => x.Id == cardId && x.BoardId == board.Id, ct)) throw new DomainException("Rooms.Ideas.Error.UnknownCard");
            CardRules.RequireDotLeft(await db.IdeaDots.CountAsync(d => d.BoardId == board.Id && d.VoterId == userId, ct), board.DotsPerPerson, board.VotesRevealedAt is not null);
            db.IdeaDots.Add(new IdeaDot { Id = dotId, BoardId = board.Id, CardId = cardId, VoterId = userId });
            board.Version++;
            return true;
        }, ct);

    /// <summary>Takes back one of the caller's dots from a card (before the reveal).</summary>
    public Task<IdeaMyView> RemoveDotAsync(Guid roomId, Guid userId, Guid cardId, CancellationToken ct = default)
        => MutateAsync(roomId, userId, async c =>
        {
            RequireContributorInLiveRoom(c);
            if (c.Board is not { } board) return false;
            if (board.VotesRevealedAt is not null) throw new DomainException("Rooms.Ideas.Error.VotesRevealed");
            var dot = await db.IdeaDots.FirstOrDefaultAsync(d => d.BoardId == board.Id && d.VoterId == userId && d.CardId == cardId, ct);
            if (dot is null) return false;
            db.IdeaDots.Remove(dot);
            board.Version++;
            return true;
        }, ct);

    /// <summary>The facilitator reveals every card's dots at once; voting ends.</summary>
    public Task<IdeaMyView> RevealAsync(Guid roomId, Guid userId, CancellationToken ct = default)
        => MutateAsync(roomId, userId, c =>
        {
            if (!c.IsChair) throw new DomainException("Rooms.Ideas.Error.FacilitatorOnly") { IsForbidden = true };
            if (c.Room.Status != RoomStatus.Live) throw new DomainException(c.Room.Status == RoomStatus.Closed ? "Rooms.Error.Closed" : "Rooms.Error.NotStarted");
            if (c.Board is not { } board) throw new DomainException("Rooms.Ideas.Error.NoIdeas");
            if (board.VotesRevealedAt is not null) return Task.FromResult(false);
            board.VotesRevealedAt = clock.GetUtcNow();
            board.Version++;
            return Task.FromResult(true);
        }, ct);

    /// <summary>
    /// The facilitator carries ideas into the room's decisions: the cards picked (<paramref name="cardIds"/>), or the
    /// <paramref name="top"/> cards with most dots once revealed. An idea becomes a decision once only. Returns how many
    /// decisions were added.
    /// </summary>
    public async Task<int> CarryAsync(Guid roomId, Guid userId, IReadOnlyList<Guid>? cardIds, int? top, CancellationToken ct = default)
    {
        var added = 0;
        var changed = await engine.ExecuteAsync(roomId, userId, async c =>
        {
            added = 0;
            if (!c.IsChair) throw new DomainException("Rooms.Ideas.Error.FacilitatorOnly") { IsForbidden = true };
            RequireIdeaCards(c.Protocol);
            c.RequireLive();
            var board = await c.Db.IdeaBoards.FirstOrDefaultAsync(b => b.RoomId == roomId, ct) ?? throw new DomainException("Rooms.Ideas.Error.NoIdeas");
            var cards = await c.Db.IdeaCards.Where(x => x.BoardId == board.Id).ToListAsync(ct);
            List<IdeaCard> chosen;
            if (top is { } k)
            {
                if (k is < 1 or > MaxCarried) throw new DomainException("Rooms.Ideas.Error.TopRange", 1, MaxCarried) { Field = "top" };
                if (board.VotesRevealedAt is null) throw new DomainException("Rooms.Ideas.Error.NotRevealed");
                var dots = await c.Db.IdeaDots.Where(d => d.BoardId == board.Id).GroupBy(d => d.CardId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
                chosen = CardRules.Top(cards, x => dots.FirstOrDefault(d => d.Key == x.Id)?.Count ?? 0, k).ToList();
                if (chosen.Count == 0) throw new DomainException("Rooms.Ideas.Error.NoVotedIdeas");
            }
            else
            {
                var ids = (cardIds ?? []).Distinct().ToList();
                if (ids.Count is 0 or > MaxCarried) throw new DomainException("Rooms.Ideas.Error.TopRange", 1, MaxCarried) { Field = "cards" };
                chosen = ids.Select(id => cards.FirstOrDefault(x => x.Id == id) ?? throw new DomainException("Rooms.Ideas.Error.UnknownCard")).ToList();
            }
            foreach (var card in chosen.Where(x => x.DecisionId is null))
            {
                var id = Guid.CreateVersion7();
                c.Store(RoomCommands.AddDecision(c, id, card.Text, null));
                card.DecisionId = id;
                added++;
            }
            if (added == 0) return RoomSlices.None;
            board.Version++;
            return RoomSlices.Decisions;
        }, ct);
        if (changed) await BroadcastAsync(roomId, ct);
        return changed ? added : 0;
    }

    /// <summary>The minutes' part for the board: the ideas that received dots, most first, with their group (once revealed).</summary>
    internal static async Task AppendMinutesAsync(CaseHubDbContext db, TextCatalog texts, StringBuilder sb, Guid roomId, string language, CancellationToken ct)
    {
        var board = await db.IdeaBoards.AsNoTracking().FirstOrDefaultAsync(b => b.RoomId == roomId, ct);
        if (board?.VotesRevealedAt is null) return;
        var cards = await db.IdeaCards.AsNoTracking().Where(x => x.BoardId == board.Id).ToListAsync(ct);
        var groups = await db.IdeaCardGroups.AsNoTracking().Where(x => x.BoardId == board.Id).ToDictionaryAsync(g => g.Id, g => g.Label, ct);
        var dots = (await db.IdeaDots.AsNoTracking().Where(d => d.BoardId == board.Id).Select(d => d.CardId).ToListAsync(ct))
            .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        var voted = CardRules.Top(cards, x => dots.GetValueOrDefault(x.Id), cards.Count);
        var culture = Languages.Culture(language);
        sb.AppendLine(culture, $"## {texts.Format("Minutes.Ideas", language)}").AppendLine();
        sb.AppendLine(texts.Format("Minutes.Ideas.Summary", language, cards.Count, dots.Values.Sum())).AppendLine();
        foreach (var card in voted)
        {
            var group = card.GroupId is { } g && groups.TryGetValue(g, out var label) ? $"{MinutesService.Escape(label)} · " : "";
            var carried = card.DecisionId is not null ? $" — {texts.Format("Minutes.Ideas.Carried", language)}" : "";
            sb.AppendLine(culture, $"- {group}{MinutesService.Escape(card.Text)} ({texts.Format("Minutes.Ideas.Dots", language, dots[card.Id])}){carried}");
        }
        sb.AppendLine();
    }

    // ------------------------------------------------------------------------------------------------------------

    private static void RequireIdeaCards(Protocol protocol)
    {
        if (!protocol.IdeaCards) throw new DomainException("Rooms.Ideas.Error.NoIdeaCards");
    }

    private static void RequireContributorInLiveRoom(Context c)
    {
        if (c.Caller.Role == RoomRole.Observer) throw new DomainException("Rooms.Error.ObserverReadOnly") { IsForbidden = true };
        if (c.Room.Status != RoomStatus.Live) throw new DomainException(c.Room.Status == RoomStatus.Closed ? "Rooms.Error.Closed" : "Rooms.Error.NotStarted");
    }

    private async Task<bool> InBrainstormAsync(Context c, CancellationToken ct)
    {
        if (c.State.PhaseIndex < 0) return false;
        var phase = await db.RoomPhases.AsNoTracking().Where(p => p.RoomId == c.Room.Id).OrderBy(p => p.Order).Skip(c.State.PhaseIndex).FirstOrDefaultAsync(ct);
        return phase is not null && c.Protocol.Phases.FirstOrDefault(t => t.Key == phase.TemplateKey)?.Kind == PhaseKind.Brainstorm;
    }

    private IdeaBoard NewBoard(Guid roomId)
    {
        var board = new IdeaBoard { RoomId = roomId };
        db.IdeaBoards.Add(board);
        return board;
    }

    /// <summary>Load, check membership, apply, save (retrying on a concurrent change: the rule runs again on what is stored), broadcast.</summary>
    private async Task<IdeaMyView> MutateAsync(Guid roomId, Guid userId, Func<Context, Task<bool>> apply, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var caller = await engine.RequireMemberAsync(roomId, userId, ct);
            var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct);
            var protocol = protocols.Get(room.ProtocolKey);
            RequireIdeaCards(protocol);
            var board = await db.IdeaBoards.FirstOrDefaultAsync(b => b.RoomId == roomId, ct);
            var changed = await apply(new Context(room, caller, RoomLiveState.Deserialize(room.StateJson), protocol, board));
            if (changed)
            {
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (Exception ex) when (attempt < MaxAttempts && (ex is DbUpdateConcurrencyException || (ex is DbUpdateException u && RoomEngine.IsUniqueViolation(u))))
                {
                    // Someone else changed the board (or created it, or sent the same card or dot) meanwhile: apply again on what is stored.
                    await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
                    continue;
                }
                await BroadcastAsync(roomId, ct);
            }
            return await MyViewAsync(roomId, userId, ct);
        }
    }

    private async Task BroadcastAsync(Guid roomId, CancellationToken ct)
        => await broadcaster.FeatureAsync(roomId, new IdeasChanged(await SharedViewAsync(roomId, ct)));

    private async Task<(IdeaBoard? Board, List<IdeaCard> Cards, List<IdeaDot> Dots, IdeaBoardView View)> LoadViewAsync(Guid roomId, CancellationToken ct)
    {
        var board = await db.IdeaBoards.AsNoTracking().FirstOrDefaultAsync(b => b.RoomId == roomId, ct);
        if (board is null) return (null, [], [], IdeaViews.Shared(roomId, null, [], [], [], new Dictionary<Guid, string>()));
        var cards = await db.IdeaCards.AsNoTracking().Where(x => x.BoardId == board.Id).ToListAsync(ct);
        var groups = await db.IdeaCardGroups.AsNoTracking().Where(x => x.BoardId == board.Id).ToListAsync(ct);
        var dots = await db.IdeaDots.AsNoTracking().Where(x => x.BoardId == board.Id).ToListAsync(ct);
        var authorIds = board.Anonymous ? [] : cards.Where(x => x.AuthorId is not null).Select(x => x.AuthorId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return (board, cards, dots, IdeaViews.Shared(roomId, board, cards, groups, dots, names));
    }

    private async Task<IdeaBoardView> SharedViewAsync(Guid roomId, CancellationToken ct) => (await LoadViewAsync(roomId, ct)).View;

    private async Task<IdeaMyView> MyViewAsync(Guid roomId, Guid userId, CancellationToken ct)
    {
        var (board, cards, dots, view) = await LoadViewAsync(roomId, ct);
        if (board is null) return new IdeaMyView(view, [], [], IdeaBoard.DefaultDots);
        var mine = dots.Where(d => d.VoterId == userId).Select(d => d.CardId).ToList();
        return new IdeaMyView(view, cards.Where(x => IdeaViews.IsMine(board, x, userId)).Select(x => x.Id).ToList(), mine,
            board.VotesRevealedAt is null ? Math.Max(0, board.DotsPerPerson - mine.Count) : 0);
    }
}
