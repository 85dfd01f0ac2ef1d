using CaseHub.Core.Common;
using CaseHub.Core.Intervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.Intervision;

/// <summary>Anonymous cards: hidden until revealed together, authors unknowable afterwards, grouped by the rapporteur only.</summary>
public class IntervisionCardsTests
{
    private const int Interpretations = 3; // phase index in the group-analysis method

    private static async Task<(CoreTestHost<IntervisionCast> Bed, IntervisionSession Session)> LiveAsync(int phase = Interpretations)
    {
        var bed = await IntervisionSetup.CreateAsync();
        var (_, _, sessions) = await bed.SeriesAsync(count: 1);
        return (bed, await bed.LiveAtPhaseAsync(sessions[0], phase));
    }

    [Fact]
    public async Task Cards_stay_hidden_until_the_reveal_and_nobody_can_tell_who_wrote_them()
    {
        var (bed, session) = await LiveAsync();
        await using var _ = bed;
        var room = session.RoomId;
        var writers = bed.Cast.People.Skip(1).Take(3).ToList();
        var secret = new Dictionary<Guid, string>();
        foreach (var w in writers)
        {
            secret[w] = $"Hypothèse de {w:N}";
            var mine = await bed.Cards(c => c.WriteAsync(room, w, Guid.NewGuid(), secret[w]));
            Assert.Equal(secret[w], Assert.Single(mine).Text); // the author gets their own card back
        }

        // Before the reveal: what the room sees carries a count and no text; another participant sees only their own.
        var recorder = bed.Services.GetRequiredService<RecordingBroadcaster>();
        Assert.NotEmpty(recorder.Sent);
        Assert.All(recorder.Sent, json => Assert.DoesNotContain("Hypothèse", json));
        var other = await bed.Cards(c => c.ViewAsync(room, writers[0]));
        Assert.Equal(3, other.Live.Boards.Single().CardCount);
        Assert.Empty(other.Live.Boards.Single().Cards);
        Assert.Equal(secret[writers[0]], Assert.Single(other.MyCards).Text);
        Assert.Empty((await bed.Cards(c => c.ViewAsync(room, bed.Cast.People[4]))).MyCards);

        // Only the animateur reveals.
        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.RevealAsync(room, writers[0], Interpretations)))).IsForbidden);
        await bed.Cards(c => c.RevealAsync(room, bed.Cast.Animateur, Interpretations));

        var view = await bed.Cards(c => c.ViewAsync(room, bed.Cast.People[4]));
        Assert.Equal(secret.Values.Order(), view.Live.Boards.Single().Cards.Select(c => c.Text).Order());
        // The database itself no longer links cards to anyone: no salt, no tags.
        var board = await bed.DbAsync(db => db.IntervisionBoards.AsNoTracking().SingleAsync(b => b.SessionId == session.Id));
        Assert.Null(board.Salt);
        Assert.All(await bed.DbAsync(db => db.IntervisionCards.AsNoTracking().ToListAsync()), c => Assert.Null(c.AuthorTag));
        // And no broadcast ever carried a user id.
        Assert.All(recorder.Sent, json => Assert.All(bed.Cast.People, p => Assert.DoesNotContain(p.ToString(), json, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Authors_edit_their_cards_before_the_reveal_but_not_others_and_not_after()
    {
        var (bed, session) = await LiveAsync();
        await using var _ = bed;
        var room = session.RoomId;
        var id = Guid.NewGuid();
        await bed.Cards(c => c.WriteAsync(room, bed.Cast.People[1], id, "Premier jet"));
        var edited = await bed.Cards(c => c.WriteAsync(room, bed.Cast.People[1], id, "Version relue"));
        Assert.Equal("Version relue", Assert.Single(edited).Text);

        // Someone else using the same id cannot touch it (and does not learn it exists).
        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.WriteAsync(room, bed.Cast.People[2], id, "Pirate")))).IsNotFound);
        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.DeleteAsync(room, bed.Cast.People[2], id)))).IsNotFound);

        await bed.Cards(c => c.RevealAsync(room, bed.Cast.Animateur, Interpretations));
        Assert.Equal("Intervision.Error.CardRevealed", (await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.WriteAsync(room, bed.Cast.People[1], id, "Trop tard")))).TextKey);
        Assert.Equal("Intervision.Error.CardRevealed", (await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.WriteAsync(room, bed.Cast.People[1], Guid.NewGuid(), "Nouvelle")))).TextKey);
        Assert.Equal("Version relue", (await bed.DbAsync(db => db.IntervisionCards.AsNoTracking().SingleAsync())).Text);
    }

    [Fact]
    public async Task Bad_cards_are_refused_and_nothing_is_stored()
    {
        var (bed, session) = await LiveAsync();
        await using var _ = bed;
        var room = session.RoomId;
        async Task<DomainException> Refused(Guid user, Guid id, string text) => await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.WriteAsync(room, user, id, text)));

        Assert.Equal("Error.TooLong", (await Refused(bed.Cast.People[1], Guid.NewGuid(), new string('x', IntervisionCard.TextMaxLength + 1))).TextKey);
        Assert.Equal("Error.Required", (await Refused(bed.Cast.People[1], Guid.NewGuid(), "   ")).TextKey);
        var pii = await Refused(bed.Cast.People[1], Guid.NewGuid(), "Madame joignable au 0470 12 34 56");
        Assert.Equal("Phone", pii.Pii());
        Assert.DoesNotContain("12 34 56", pii.PiiPreview()); // the message shows a masked preview only
        Assert.Equal("Iban", (await Refused(bed.Cast.People[1], Guid.NewGuid(), "IBAN BE71 0961 2345 6769")).Pii());
        // A colleague of the team named in a card is caught, with initials only in the message.
        var named = await Refused(bed.Cast.People[2], Guid.NewGuid(), "Dirk Collega l'avait déjà dit");
        Assert.Equal("Name", named.Pii());
        Assert.DoesNotContain("Collega", named.PiiPreview());
        // A word that is also a colleague's surname is only possibly a name: refused until the author confirms it.
        var possible = await Refused(bed.Cast.People[2], Guid.NewGuid(), "Le collega de l'ISP aide");
        Assert.Equal("Name.Possible", possible.Pii());
        Assert.Equal(0, await bed.DbAsync(db => db.IntervisionCards.CountAsync()));
        await bed.Cards(c => c.WriteAsync(room, bed.Cast.People[2], Guid.NewGuid(), "Le collega de l'ISP aide", confirmPossiblePii: true));
        // Confirming does not let a certain finding through.
        Assert.Equal("Name", (await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.WriteAsync(room, bed.Cast.People[2], Guid.NewGuid(), "Dirk Collega", confirmPossiblePii: true)))).Pii());
        await bed.DbAsync(async db => await db.IntervisionCards.ExecuteDeleteAsync());
        // A time-ordered (v7) id would tell who wrote first: refused.
        Assert.Equal("Rooms.Error.MissingCommandId", (await Refused(bed.Cast.People[1], Guid.CreateVersion7(), "Une idée")).TextKey);
        Assert.Equal(0, await bed.DbAsync(db => db.IntervisionCards.CountAsync()));

        // Someone who has not accepted the confidentiality rule cannot write.
        await bed.DbAsync(async db => { await db.IntervisionAcknowledgements.Where(a => a.UserId == bed.Cast.People[2]).ExecuteDeleteAsync(); return 0; });
        Assert.Equal("Intervision.Error.NotAcknowledged", (await Refused(bed.Cast.People[2], Guid.NewGuid(), "Une idée")).TextKey);
    }

    [Fact]
    public async Task No_cards_outside_a_card_phase()
    {
        var (bed, session) = await LiveAsync(phase: 2); // clarification questions: a spoken round
        await using var _ = bed;
        Assert.Equal("Intervision.Error.NotCardPhase", (await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.WriteAsync(session.RoomId, bed.Cast.People[1], Guid.NewGuid(), "Une idée")))).TextKey);
    }

    [Fact]
    public async Task Only_the_rapporteur_groups_and_labels_revealed_cards()
    {
        var (bed, session) = await LiveAsync();
        await using var _ = bed;
        var room = session.RoomId;
        foreach (var (p, text) in new[] { (1, "Le cadre légal"), (2, "La charge de travail"), (3, "Le cadre institutionnel") })
            await bed.Cards(c => c.WriteAsync(room, bed.Cast.People[p], Guid.NewGuid(), text));
        var group = Guid.NewGuid();
        // Not before the reveal.
        Assert.Equal("Intervision.Error.NotRevealed", (await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.SaveGroupAsync(room, session.RapporteurId, Interpretations, group, "Cadre")))).TextKey);
        await bed.Cards(c => c.RevealAsync(room, bed.Cast.Animateur, Interpretations));

        var notRapporteur = bed.Cast.People.First(p => p != session.RapporteurId && p != bed.Cast.Animateur);
        var refused = await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.SaveGroupAsync(room, notRapporteur, Interpretations, group, "Cadre")));
        Assert.Equal("Intervision.Error.RapporteurOnly", refused.TextKey);
        Assert.True(refused.IsForbidden);
        Assert.Equal("Intervision.Error.RapporteurOnly", (await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.SaveGroupAsync(room, bed.Cast.Animateur, Interpretations, group, "Cadre")))).TextKey);

        await bed.Cards(c => c.SaveGroupAsync(room, session.RapporteurId, Interpretations, group, "Le cadre"));
        var cards = (await bed.Cards(c => c.ViewAsync(room, session.RapporteurId))).Live.Boards.Single().Cards;
        foreach (var card in cards.Where(c => c.Text.Contains("cadre")))
            await bed.Cards(c => c.MoveCardAsync(room, session.RapporteurId, Interpretations, card.Id, group, 0));
        Assert.Equal("Intervision.Error.RapporteurOnly", (await Assert.ThrowsAsync<DomainException>(() => bed.Cards(c => c.MoveCardAsync(room, notRapporteur, Interpretations, cards[0].Id, null, 0)))).TextKey);

        var board = (await bed.Cards(c => c.ViewAsync(room, notRapporteur))).Live.Boards.Single();
        Assert.Equal("Le cadre", Assert.Single(board.Groups).Label);
        Assert.Equal(["Le cadre institutionnel", "Le cadre légal"], board.Cards.Where(c => c.GroupId == group).Select(c => c.Text).Order());
        Assert.Equal("La charge de travail", Assert.Single(board.Cards, c => c.GroupId is null).Text);
        Assert.Equal(3, board.Cards.Select(c => c.Position).Distinct().Count());

        await bed.Cards(c => c.RemoveGroupAsync(room, session.RapporteurId, Interpretations, group));
        Assert.All((await bed.Cards(c => c.ViewAsync(room, notRapporteur))).Live.Boards.Single().Cards, c => Assert.Null(c.GroupId));
    }
}
