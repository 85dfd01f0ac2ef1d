using System.Security.Cryptography;
using System.Text;
using CaseHub.Core.Common;

namespace CaseHub.Core.Rooms;

/// <summary>A card on a board as the card engine sees it: its place (group and position). Intervision's anonymous cards
/// and the network meeting's idea cards are both such cards.</summary>
public interface IBoardCard
{
    Guid Id { get; }
    Guid? GroupId { get; set; }
    int Position { get; set; }
}

/// <summary>
/// The card engine's rules, shared by every meeting type that writes cards (intervision's anonymous cards, the network
/// meeting's idea cards): client-chosen card ids, text limits, authors known only by a salted tag, the shuffle that
/// makes the order of writing tell nothing, moving a card into a group, and the dot-voting limit. Pure functions: the
/// feature loads the cards, a rule decides, the feature saves with its board's concurrency token.
/// </summary>
public static class CardRules
{
    /// <summary>The author's tag on a board: HMAC-SHA256(salt, user id). Without the salt it cannot be recomputed.</summary>
    public static string AuthorTag(byte[] salt, Guid userId)
        => Convert.ToHexString(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(userId.ToString("N"))));

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(32);

    /// <summary>A card (or dot) id chosen by the client: a random v4 id, which carries no time, so a re-sent command is stored once
    /// and the id says nothing about who wrote first.</summary>
    public static void RequireClientId(Guid id)
    {
        if (id == Guid.Empty || id.Version != 4) throw new DomainException("Rooms.Error.MissingCommandId");
    }

    /// <summary>A card's text: required, at most <paramref name="max"/> characters.</summary>
    public static string RequireText(string? text, int max) => Validation.RequireText(text, max, "text");

    /// <summary>Gives the cards a random order (positions 0..n-1), so their order says nothing about who wrote first.</summary>
    public static void Shuffle(IReadOnlyList<IBoardCard> cards)
    {
        var order = Enumerable.Range(0, cards.Count).ToArray();
        RandomNumberGenerator.Shuffle(order.AsSpan());
        for (var i = 0; i < cards.Count; i++) cards[i].Position = order[i];
    }

    /// <summary>
    /// Moves <paramref name="card"/> into <paramref name="groupId"/> (null: out of any group) at <paramref name="position"/>
    /// (clamped) among that group's cards. Positions stay unique across the board: the target list is renumbered after the
    /// largest position of the other cards. <paramref name="board"/>: every card of the board, <paramref name="card"/> included.
    /// </summary>
    public static void Move(IBoardCard card, Guid? groupId, int position, IReadOnlyCollection<IBoardCard> board)
    {
        var siblings = board.Where(x => x.GroupId == groupId && x.Id != card.Id).OrderBy(x => x.Position).ToList();
        // Read before the card changes group: a card coming from another group counts among the others.
        var others = board.Where(x => x.GroupId != groupId).Select(x => x.Position).ToList();
        position = Math.Clamp(position, 0, siblings.Count);
        siblings.Insert(position, card);
        card.GroupId = groupId;
        var basePos = others.Count == 0 ? 0 : others.Max() + 1;
        for (var i = 0; i < siblings.Count; i++) siblings[i].Position = basePos + i;
    }

    /// <summary>Dot-voting: each person has <paramref name="dotsPerPerson"/> dots, none once the results are revealed.</summary>
    /// <param name="used">the dots this person has already placed on the board.</param>
    public static void RequireDotLeft(int used, int dotsPerPerson, bool revealed)
    {
        if (revealed) throw new DomainException("Rooms.Ideas.Error.VotesRevealed");
        if (used >= dotsPerPerson) throw new DomainException("Rooms.Ideas.Error.NoDotsLeft", dotsPerPerson);
    }

    /// <summary>The top <paramref name="count"/> cards by dots (ties: board order); cards without a dot are never "top".</summary>
    public static IReadOnlyList<T> Top<T>(IEnumerable<T> cards, Func<T, int> dots, int count) where T : IBoardCard
        => cards.Where(c => dots(c) > 0).OrderByDescending(dots).ThenBy(c => c.Position).Take(count).ToList();
}
