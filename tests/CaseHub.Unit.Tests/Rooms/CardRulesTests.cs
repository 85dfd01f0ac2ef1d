using CaseHub.Core.Common;
using CaseHub.Core.Rooms;

namespace CaseHub.Unit.Tests.Rooms;

/// <summary>
/// The card engine's rules in memory (<see cref="CardRules"/>, <see cref="IdeaViews"/>): shared by intervision's cards
/// and the network meeting's idea cards. Grouping keeps positions unique, dots never exceed N and stop at the reveal,
/// the top ideas are the most voted, and an anonymous board never shows an author.
/// </summary>
public class CardRulesTests
{
    private static IdeaCard Card(int position, Guid? group = null, Guid? author = null) => new() { Id = Guid.NewGuid(), Text = $"Idée {position}", Position = position, GroupId = group, AuthorId = author };

    private static string Refused(Action action) => Assert.Throws<DomainException>(action).TextKey;

    [Fact]
    public void Moving_a_card_into_a_group_places_it_there_and_keeps_every_position_unique()
    {
        var group = Guid.NewGuid();
        var a = Card(0);
        var b = Card(1);
        var c = Card(2, group);
        var board = new List<IdeaCard> { a, b, c };

        CardRules.Move(a, group, 0, board);

        Assert.Equal(group, a.GroupId);
        Assert.Equal([a, c], board.Where(x => x.GroupId == group).OrderBy(x => x.Position));
        Assert.Equal(board.Count, board.Select(x => x.Position).Distinct().Count());

        // A position past the end is clamped: the card goes last; out of any group with null.
        CardRules.Move(b, group, 1000, board);
        Assert.Equal([a, c, b], board.Where(x => x.GroupId == group).OrderBy(x => x.Position));
        CardRules.Move(c, null, 0, board);
        Assert.Null(c.GroupId);
        Assert.Equal([a, b], board.Where(x => x.GroupId == group).OrderBy(x => x.Position));
        Assert.Equal(board.Count, board.Select(x => x.Position).Distinct().Count());
    }

    [Fact]
    public void Each_person_has_N_dots_and_none_once_the_votes_are_revealed()
    {
        CardRules.RequireDotLeft(used: 2, dotsPerPerson: 3, revealed: false);
        Assert.Equal("Rooms.Ideas.Error.NoDotsLeft", Refused(() => CardRules.RequireDotLeft(3, 3, false)));
        Assert.Equal(3, Assert.Throws<DomainException>(() => CardRules.RequireDotLeft(4, 3, false)).Args.Single());
        Assert.Equal("Rooms.Ideas.Error.VotesRevealed", Refused(() => CardRules.RequireDotLeft(0, 3, true)));
    }

    [Fact]
    public void The_top_ideas_are_the_most_voted_with_board_order_breaking_ties_and_never_an_idea_without_a_dot()
    {
        var cards = Enumerable.Range(0, 5).Select(i => Card(i)).ToList();
        var dots = new Dictionary<Guid, int> { [cards[4].Id] = 3, [cards[1].Id] = 2, [cards[3].Id] = 2 };

        var top = CardRules.Top(cards, c => dots.GetValueOrDefault(c.Id), 4);

        Assert.Equal([cards[4], cards[1], cards[3]], top);
    }

    [Fact]
    public void Client_chosen_ids_must_be_random_ones_and_card_text_is_required_and_bounded()
    {
        CardRules.RequireClientId(Guid.NewGuid());
        Assert.Equal("Rooms.Error.MissingCommandId", Refused(() => CardRules.RequireClientId(Guid.Empty)));
        Assert.Equal("Rooms.Error.MissingCommandId", Refused(() => CardRules.RequireClientId(Guid.CreateVersion7()))); // carries a time
        Assert.Equal("Error.Required", Refused(() => CardRules.RequireText("  ", IdeaCard.TextMaxLength)));
        Assert.Equal("Error.TooLong", Refused(() => CardRules.RequireText(new string('x', IdeaCard.TextMaxLength + 1), IdeaCard.TextMaxLength)));
        Assert.Equal("Une idée", CardRules.RequireText(" Une idée ", IdeaCard.TextMaxLength));
    }

    [Fact]
    public void An_author_tag_depends_on_the_boards_salt_and_cannot_be_recomputed_without_it()
    {
        var me = Guid.NewGuid();
        var salt = CardRules.NewSalt();
        Assert.Equal(CardRules.AuthorTag(salt, me), CardRules.AuthorTag(salt, me));
        Assert.NotEqual(CardRules.AuthorTag(salt, me), CardRules.AuthorTag(CardRules.NewSalt(), me));
        Assert.NotEqual(CardRules.AuthorTag(salt, me), CardRules.AuthorTag(salt, Guid.NewGuid()));
    }

    [Fact]
    public void The_shared_view_shows_authors_only_in_a_named_meeting_and_dots_only_after_the_reveal()
    {
        var author = Guid.NewGuid();
        var names = new Dictionary<Guid, string> { [author] = "Aline Exemple" };
        var card = Card(0, author: author);
        var dots = new List<IdeaDot> { new() { Id = Guid.NewGuid(), CardId = card.Id, VoterId = author } };

        var named = IdeaViews.Shared(Guid.NewGuid(), new IdeaBoard(), [card], [], dots, names);
        Assert.Equal("Aline Exemple", named.Cards.Single().Author);
        Assert.Null(named.Cards.Single().Dots);
        Assert.Equal(1, named.DotsCast);

        var anonymous = new IdeaBoard { Anonymous = true, Salt = CardRules.NewSalt() };
        var anonymousCard = new IdeaCard { Id = Guid.NewGuid(), Text = "Sans nom", AuthorTag = CardRules.AuthorTag(anonymous.Salt, author) };
        // Even a card that (wrongly) kept an author id shows none on an anonymous board.
        var view = IdeaViews.Shared(Guid.NewGuid(), anonymous, [anonymousCard, card], [], [], names);
        Assert.All(view.Cards, c => Assert.Null(c.Author));
        Assert.True(IdeaViews.IsMine(anonymous, anonymousCard, author));
        Assert.False(IdeaViews.IsMine(anonymous, anonymousCard, Guid.NewGuid()));

        var revealed = IdeaViews.Shared(Guid.NewGuid(), new IdeaBoard { VotesRevealedAt = DateTimeOffset.UnixEpoch }, [card], [], dots, names);
        Assert.Equal(1, revealed.Cards.Single().Dots);
    }
}
