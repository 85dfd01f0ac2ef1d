using System.Collections.Concurrent;
using System.Text.Json;
using CaseHub.Core.Localization;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Rooms;

/// <summary>
/// A network meeting's brainstorm with real SignalR clients on real Kestrel: three people write idea cards live,
/// group them, place their dots (hidden until revealed together, never more than N, a dot re-sent during a reconnect
/// counted once), and the facilitator carries the top ideas into the decisions and the minutes.
/// </summary>
public class IdeaCardsLiveTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private sealed record Client(RoomClient Room, ConcurrentQueue<string> Ideas) : IAsyncDisposable
    {
        public HubConnection Hub => Room.Connection;
        public ValueTask DisposeAsync() => Room.DisposeAsync();
    }

    private async Task<Client> ConnectAsync(string email, Guid roomId)
    {
        var client = await RoomClient.ConnectAsync(f.App, email);
        var ideas = new ConcurrentQueue<string>();
        client.Connection.On<JsonElement>("Ideas", e => ideas.Enqueue(e.GetRawText()));
        await client.JoinAsync(roomId);
        return new Client(client, ideas);
    }

    private static async Task<JsonElement> WaitAsync(ConcurrentQueue<string> queue, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var json in queue)
            {
                var e = JsonDocument.Parse(json).RootElement;
                if (match(e)) return e;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("No Ideas message matched: " + string.Join(" | ", queue));
    }

    /// <summary>The refusal names the rule, in the caller's language (whichever of fr, nl, en that is).</summary>
    private void AssertSays(HubException ex, string key, params object[] args)
    {
        var texts = f.App.Services.GetRequiredService<TextCatalog>();
        Assert.True(Languages.All.Any(l => ex.Message.Contains(texts.Format(key, l, args), StringComparison.Ordinal)), $"{key}: {ex.Message}");
    }

    private static Task<HubException> Refused<T>(Client c, string method, params object?[] args)
        => Assert.ThrowsAsync<HubException>(() => c.Hub.InvokeCoreAsync<T>(method, args));

    private static int Cards(JsonElement board) => board.GetProperty("cards").GetArrayLength();

    private Task<int> StoredDotsAsync(Guid roomId)
        => f.App.WithDbAsync(db => db.IdeaDots.CountAsync(d => db.IdeaBoards.Any(b => b.Id == d.BoardId && b.RoomId == roomId)));

    private static async Task<Guid> LiveInBrainstormAsync(Client chair, Guid room)
    {
        var snapshot = await chair.Room.StateAsync(room);
        var brainstorm = snapshot.GetProperty("phases").EnumerateArray().First(p => p.GetProperty("kind").GetString() == "Brainstorm").GetProperty("index").GetInt32();
        Assert.True(await chair.Hub.InvokeAsync<bool>("Start", room));
        Assert.True(await chair.Hub.InvokeAsync<bool>("GoToPhase", room, 0, brainstorm));
        return room;
    }

    [Fact]
    public async Task Three_people_brainstorm_group_and_vote_and_the_top_ideas_become_decisions_and_minutes()
    {
        var room = await f.CreateMeetingAsync((RoomFixture.As, RoomRole.CoChair, null), (RoomFixture.Ai, RoomRole.Participant, null),
            (RoomFixture.Councillor, RoomRole.Observer, null));
        await using var chair = await ConnectAsync(RoomFixture.Chair, room);
        await using var asWorker = await ConnectAsync(RoomFixture.As, room);
        await using var ai = await ConnectAsync(RoomFixture.Ai, room);
        await using var observer = await ConnectAsync(RoomFixture.Councillor, room);

        // The organiser chooses named cards and two dots each; a participant may not, and the range is checked.
        AssertSays(await Refused<JsonElement>(ai, "IdeasConfigure", room, true, 2), "Rooms.Ideas.Error.OrganiserOnly");
        AssertSays(await Refused<JsonElement>(chair, "IdeasConfigure", room, false, 11), "Rooms.Ideas.Error.DotsRange", 1, IdeaBoard.MaxDots);
        var configured = await chair.Hub.InvokeAsync<JsonElement>("IdeasConfigure", room, false, 2);
        Assert.Equal(2, configured.GetProperty("board").GetProperty("dotsPerPerson").GetInt32());

        // Not yet in the brainstorm step: refused.
        AssertSays(await Refused<JsonElement>(ai, "IdeasWriteCard", room, Guid.NewGuid(), "Trop tôt"), "Rooms.Error.NotStarted");
        await LiveInBrainstormAsync(chair, room);

        // Three people write; everyone sees each card live, with its author's name (a named meeting).
        var housing = Guid.NewGuid();
        var mine = await asWorker.Hub.InvokeAsync<JsonElement>("IdeasWriteCard", room, housing, "Permanence logement commune");
        Assert.Equal(housing, mine.GetProperty("myCards")[0].GetGuid());
        var debts = Guid.NewGuid();
        await ai.Hub.InvokeAsync<JsonElement>("IdeasWriteCard", room, debts, "Atelier budget avec la médiation de dettes");
        var map = Guid.NewGuid();
        await chair.Hub.InvokeAsync<JsonElement>("IdeasWriteCard", room, map, "Carte des services partagée");
        var seen = await WaitAsync(ai.Ideas, v => Cards(v) == 3);
        Assert.Contains(seen.GetProperty("cards").EnumerateArray(), c => c.GetProperty("author").GetString() is { Length: > 0 });
        await WaitAsync(chair.Ideas, v => Cards(v) == 3);
        await WaitAsync(observer.Ideas, v => Cards(v) == 3);

        // Bad cards: empty, oversized, another's card, an observer: refused, nothing changed.
        AssertSays(await Refused<JsonElement>(ai, "IdeasWriteCard", room, Guid.NewGuid(), "   "), "Error.Required");
        AssertSays(await Refused<JsonElement>(ai, "IdeasWriteCard", room, Guid.NewGuid(), new string('x', IdeaCard.TextMaxLength + 1)), "Error.TooLong", IdeaCard.TextMaxLength);
        AssertSays(await Refused<JsonElement>(ai, "IdeasWriteCard", room, housing, "Réécrite par un autre"), "Rooms.Ideas.Error.NotYourCard");
        AssertSays(await Refused<JsonElement>(observer, "IdeasWriteCard", room, Guid.NewGuid(), "Observée"), "Rooms.Error.ObserverReadOnly");
        Assert.Equal(3, await f.App.WithDbAsync(db => db.IdeaCards.CountAsync(c => db.IdeaBoards.Any(b => b.Id == c.BoardId && b.RoomId == room))));
        Assert.Equal("Permanence logement commune", await f.App.WithDbAsync(db => db.IdeaCards.Where(c => c.Id == housing).Select(c => c.Text).SingleAsync()));

        // Grouping: a group made by one, a card moved into it by another (the keyboard's "move to" sends the same call).
        var access = Guid.NewGuid();
        await asWorker.Hub.InvokeAsync<JsonElement>("IdeasSaveGroup", room, access, "Accès aux droits");
        await ai.Hub.InvokeAsync<JsonElement>("IdeasMoveCard", room, housing, access, 0);
        await ai.Hub.InvokeAsync<JsonElement>("IdeasMoveCard", room, debts, access, 1000);
        var grouped = await WaitAsync(chair.Ideas, v => v.GetProperty("cards").EnumerateArray().Count(c => c.GetProperty("groupId").ValueKind == JsonValueKind.String) == 2);
        Assert.Equal("Accès aux droits", grouped.GetProperty("groups")[0].GetProperty("label").GetString());
        AssertSays(await Refused<JsonElement>(ai, "IdeasMoveCard", room, map, Guid.NewGuid(), 0), "Rooms.Ideas.Error.UnknownGroup");

        // Dots: hidden until the reveal; nobody exceeds two.
        await ai.Hub.InvokeAsync<JsonElement>("IdeasCastDot", room, housing, Guid.NewGuid());
        var last = await ai.Hub.InvokeAsync<JsonElement>("IdeasCastDot", room, housing, Guid.NewGuid());
        Assert.Equal(0, last.GetProperty("dotsLeft").GetInt32());
        AssertSays(await Refused<JsonElement>(ai, "IdeasCastDot", room, debts, Guid.NewGuid()), "Rooms.Ideas.Error.NoDotsLeft", 2);
        await chair.Hub.InvokeAsync<JsonElement>("IdeasCastDot", room, debts, Guid.NewGuid());
        await asWorker.Hub.InvokeAsync<JsonElement>("IdeasCastDot", room, debts, Guid.NewGuid());
        await asWorker.Hub.InvokeAsync<JsonElement>("IdeasCastDot", room, housing, Guid.NewGuid());
        var hidden = await WaitAsync(observer.Ideas, v => v.GetProperty("dotsCast").GetInt32() == 5);
        Assert.All(hidden.GetProperty("cards").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("dots").ValueKind));
        Assert.All(ai.Ideas.Concat(chair.Ideas), json => Assert.DoesNotContain("voterId", json, StringComparison.OrdinalIgnoreCase));

        // Only the facilitator reveals (not the co-chair) and carries ideas.
        AssertSays(await Refused<JsonElement>(asWorker, "IdeasReveal", room), "Rooms.Ideas.Error.FacilitatorOnly");
        AssertSays(await Refused<int>(chair, "IdeasCarryTop", room, 2), "Rooms.Ideas.Error.NotRevealed");
        var before = observer.Ideas.Count;
        await chair.Hub.InvokeAsync<JsonElement>("IdeasReveal", room);
        // The first revealed message carries every card's dots at once, to everyone.
        foreach (var c in new[] { chair, asWorker, ai, observer })
        {
            var revealed = await WaitAsync(c.Ideas, v => v.GetProperty("revealed").GetBoolean());
            var dots = revealed.GetProperty("cards").EnumerateArray().ToDictionary(x => x.GetProperty("id").GetGuid(), x => x.GetProperty("dots").GetInt32());
            Assert.Equal(new Dictionary<Guid, int> { [housing] = 3, [debts] = 2, [map] = 0 }, dots);
        }
        Assert.True(observer.Ideas.Count > before);
        AssertSays(await Refused<JsonElement>(asWorker, "IdeasCastDot", room, map, Guid.NewGuid()), "Rooms.Ideas.Error.VotesRevealed");
        Assert.Equal(5, await StoredDotsAsync(room));

        AssertSays(await Refused<int>(ai, "IdeasCarryTop", room, 2), "Rooms.Ideas.Error.FacilitatorOnly");
        Assert.Equal(2, await chair.Hub.InvokeAsync<int>("IdeasCarryTop", room, 2));
        Assert.Equal(0, await chair.Hub.InvokeAsync<int>("IdeasCarryTop", room, 2)); // carried once only
        Assert.Equal(0, await chair.Hub.InvokeAsync<int>("IdeasCarry", room, new[] { housing }));
        var decisions = (await ai.Room.StateAsync(room)).GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("text").GetString()).ToList();
        Assert.Equal(["Atelier budget avec la médiation de dettes", "Permanence logement commune"], decisions.Order(StringComparer.Ordinal));
        await WaitAsync(ai.Ideas, v => v.GetProperty("cards").EnumerateArray().Count(c => c.GetProperty("carried").GetBoolean()) == 2);

        // The minutes: the decisions, and the ideas with their dots.
        Assert.True(await chair.Hub.InvokeAsync<bool>("Close", room));
        var minutes = "";
        await f.App.WithScopeAsync(async sp => minutes = await sp.GetRequiredService<MinutesService>().BuildMarkdownAsync(room, "fr"));
        Assert.Contains("- Permanence logement commune", minutes);
        Assert.Contains("## Idées (brainstorming)", minutes);
        Assert.Contains("Accès aux droits · Permanence logement commune (3 point(s)) — reprise en décision", minutes);
    }

    [Fact]
    public async Task Anonymous_cards_never_carry_an_author_to_any_client_and_their_authors_still_edit_them()
    {
        var room = await f.CreateMeetingAsync((RoomFixture.As, RoomRole.Participant, null), (RoomFixture.Ai, RoomRole.Participant, null));
        await using var chair = await ConnectAsync(RoomFixture.Chair, room);
        await using var asWorker = await ConnectAsync(RoomFixture.As, room);
        await using var ai = await ConnectAsync(RoomFixture.Ai, room);
        await chair.Hub.InvokeAsync<JsonElement>("IdeasConfigure", room, true, 3);
        await LiveInBrainstormAsync(chair, room);

        var card = Guid.NewGuid();
        await asWorker.Hub.InvokeAsync<JsonElement>("IdeasWriteCard", room, card, "Une idée sans nom");
        var edited = await asWorker.Hub.InvokeAsync<JsonElement>("IdeasWriteCard", room, card, "Une idée sans nom, réécrite");
        Assert.Equal(card, edited.GetProperty("myCards")[0].GetGuid());
        AssertSays(await Refused<JsonElement>(ai, "IdeasWriteCard", room, card, "Pas la mienne"), "Rooms.Ideas.Error.NotYourCard");
        // Switching to named once cards exist would reveal nothing, but is refused: the meeting was announced anonymous.
        AssertSays(await Refused<JsonElement>(chair, "IdeasConfigure", room, false, 3), "Rooms.Ideas.Error.ModeLocked");
        await WaitAsync(ai.Ideas, v => v.GetProperty("cards").EnumerateArray().Any(c => c.GetProperty("text").GetString() == "Une idée sans nom, réécrite"));

        var asName = await f.App.WithDbAsync(db => db.Users.Where(u => u.Email == RoomFixture.As).Select(u => u.DisplayName).SingleAsync());
        foreach (var json in chair.Ideas.Concat(ai.Ideas).Concat(asWorker.Ideas))
        {
            Assert.DoesNotContain(asName, json, StringComparison.Ordinal);
            Assert.All(JsonDocument.Parse(json).RootElement.GetProperty("cards").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("author").ValueKind));
        }
        // Nor is it stored: only a salted tag.
        var stored = await f.App.WithDbAsync(db => db.IdeaCards.AsNoTracking().SingleAsync(c => c.Id == card));
        Assert.Null(stored.AuthorId);
        Assert.NotNull(stored.AuthorTag);
        // The other participants' view of the state never says whose card it is either.
        var aiView = await ai.Hub.InvokeAsync<JsonElement>("IdeasState", room);
        Assert.Equal(0, aiView.GetProperty("myCards").GetArrayLength());
    }

    [Fact]
    public async Task A_dot_sent_during_a_reconnect_counts_once_and_dots_on_another_rooms_card_are_refused()
    {
        var room = await f.CreateMeetingAsync((RoomFixture.As, RoomRole.Participant, null), (RoomFixture.Ai, RoomRole.Participant, null));
        var other = await f.CreateMeetingAsync((RoomFixture.Ai, RoomRole.Participant, null));
        await using var chair = await ConnectAsync(RoomFixture.Chair, room);
        await using var ai = await ConnectAsync(RoomFixture.Ai, room);
        await LiveInBrainstormAsync(chair, room);
        var card = Guid.NewGuid();
        await chair.Hub.InvokeAsync<JsonElement>("IdeasWriteCard", room, card, "Une idée");

        // The same dot sent at once over the old connection and, after a reconnect, over a new one: one dot.
        var dot = Guid.NewGuid();
        await using var again = await ConnectAsync(RoomFixture.Ai, room);
        var sends = Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? ai : again).Hub.InvokeAsync<JsonElement>("IdeasCastDot", room, card, dot)).ToList();
        await Task.WhenAll(sends);
        await ai.Hub.StopAsync();
        await ai.Hub.StartAsync();
        await ai.Room.JoinAsync(room);
        var view = await ai.Hub.InvokeAsync<JsonElement>("IdeasCastDot", room, card, dot);
        Assert.Equal(1, view.GetProperty("myDots").GetArrayLength());
        Assert.Equal(1, await StoredDotsAsync(room));

        // Many different dots at once from one person: never more than the board's three.
        var burst = Enumerable.Range(0, 8).Select(async i =>
        {
            try { await (i % 2 == 0 ? ai : again).Hub.InvokeAsync<JsonElement>("IdeasCastDot", room, card, Guid.NewGuid()); }
            catch (HubException) { /* no dot left */ }
        });
        await Task.WhenAll(burst);
        Assert.Equal(IdeaBoard.DefaultDots, await StoredDotsAsync(room));

        // A card of another meeting: refused by name, nothing stored.
        await using var otherChair = await ConnectAsync(RoomFixture.Chair, other);
        await LiveInBrainstormAsync(otherChair, other);
        var foreign = Guid.NewGuid();
        await otherChair.Hub.InvokeAsync<JsonElement>("IdeasWriteCard", other, foreign, "Ailleurs");
        AssertSays(await Refused<JsonElement>(chair, "IdeasCastDot", room, foreign, Guid.NewGuid()), "Rooms.Ideas.Error.UnknownCard");
        AssertSays(await Refused<int>(chair, "IdeasCarry", room, new[] { foreign }), "Rooms.Ideas.Error.UnknownCard");
        Assert.Equal(0, await StoredDotsAsync(other));
        // A non-member of the room gets "not found" for every idea call.
        await using var stranger = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        await Assert.ThrowsAsync<HubException>(() => stranger.Connection.InvokeAsync<JsonElement>("IdeasState", room));
        await Assert.ThrowsAsync<HubException>(() => stranger.Connection.InvokeAsync<JsonElement>("IdeasCastDot", room, card, Guid.NewGuid()));
        Assert.Equal(IdeaBoard.DefaultDots, await StoredDotsAsync(room));
    }
}
