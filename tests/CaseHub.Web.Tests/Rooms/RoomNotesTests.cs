using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Notes;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Rooms;

/// <summary>
/// Live notes through the real room hub, with real JS clients (tests/tools/notes-client.mjs: @microsoft/signalr + Yjs
/// in node, the browser editor's own provider) signed in with real cookies.
/// </summary>
public class RoomNotesTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private static Task<JsonObject> RunAsync(CaseHubFactory app, string email, string docKey, object[] ops, bool readOnly = false, bool expectFailure = false)
        => NotesClient.RunAsync(app.BaseAddress, email, docKey, ops, readOnly, expectFailure);

    private static Task<string> ServerTextAsync(CaseHubFactory app, string key)
        => app.WithDbAsync(async db =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<NotesService>().GetTextAsync(key);
        });

    [Fact]
    public async Task Three_people_typing_at_once_at_the_same_place_converge_without_losing_a_keystroke()
    {
        var room = await f.CreateStandardMeetingAsync();
        var key = Room.NotesKeyFor(room);
        const string a = "Le CPAS propose une orientation ISP. ";
        const string b = "L'AS signale un suivi santé en cours. ";
        const string c = "Le partenaire a une place en formation. ";
        // Keystroke by keystroke at the same index: the three texts interleave (that is what concurrent typing at one
        // place means), but every character must survive and all copies must end identical.
        var runs = new[] { (RoomFixture.Chair, a), (RoomFixture.As, b), (RoomFixture.Partner, c) }.Select(x => RunAsync(f.App, x.Item1, key,
        [
            new { op = "waitSynced" },
            new { op = "type", text = x.Item2, at = 0, delayMs = 4 },
            new { op = "flush" },
            new { op = "wait", ms = 3000 },
            new { op = "offline" },
            new { op = "online" },
            new { op = "waitForStatus", status = "connected" },
            new { op = "flush" },
        ])).ToList();
        var done = await Task.WhenAll(runs);

        var text = await ServerTextAsync(f.App, key);
        Assert.Equal(string.Concat((a + b + c).Order()), string.Concat(text.Order()));
        Assert.All(done, d => Assert.Equal(text, (string)d["text"]!));
        Assert.All(done, d => Assert.Empty(d["errors"]!.AsArray()));
    }

    [Fact]
    public async Task An_observer_reads_but_the_server_refuses_its_edits_and_outsiders_cannot_open()
    {
        var room = await f.CreateStandardMeetingAsync();
        var key = Room.NotesKeyFor(room);
        await RunAsync(f.App, RoomFixture.Chair, key, [new { op = "insert", text = "Notes officielles\n" }, new { op = "flush" }]);

        // The observer's editor is read-only; even a hand-made push is refused by the hub.
        var observer = await RoomClient.ConnectAsync(f.App, RoomFixture.Councillor);
        await using (observer)
        {
            var opened = await observer.Connection.InvokeAsync<JsonElement>("NotesOpen", key, null);
            Assert.False(string.IsNullOrEmpty(opened.GetProperty("update").GetString()));
            var update = opened.GetProperty("update").GetString();
            var ex = await Assert.ThrowsAsync<HubException>(() => observer.Connection.InvokeAsync("NotesPush", key, update, Guid.NewGuid()));
            Assert.Contains("pas les modifier", ex.Message);
        }

        var outsider = await RoomClient.ConnectAsync(f.App, RoomFixture.Ai);
        await using (outsider)
        {
            var other = Room.NotesKeyFor(await f.CreateMeetingAsync((RoomFixture.As, RoomRole.Participant, null)));
            await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync<JsonElement>("NotesOpen", other, null));
            await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync("NotesPush", other, "AAAA", Guid.NewGuid()));
            await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync<JsonElement>("NotesOpen", "immersion:x:notes", null));
            // Garbage from a member is refused and nothing is stored.
            await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync("NotesPush", key, "not base64!", Guid.NewGuid()));
        }
        Assert.Equal("Notes officielles\n", await ServerTextAsync(f.App, key));
    }

    [Fact]
    public async Task The_notes_go_into_the_minutes_when_the_meeting_closes()
    {
        var room = await f.CreateStandardMeetingAsync();
        await RunAsync(f.App, RoomFixture.As, Room.NotesKeyFor(room), [new { op = "insert", text = "## Échanges\n- visite à Charleroi en juin\n" }, new { op = "flush" }]);
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await chair.JoinAsync(room);
        await chair.Connection.InvokeAsync<bool>("Start", room);
        await chair.Connection.InvokeAsync<bool>("Close", room);
        var minutes = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Chair && m.Text.Contains("visite à Charleroi"))).Single();
        Assert.Contains("### Échanges", minutes.Text); // the notes' headings sit under the minutes' own
    }
}

/// <summary>Notes survive a restart of the whole application; an offline client's edits arrive after it.</summary>
public class RoomNotesRestartTests
{
    [Fact]
    public async Task Text_typed_before_during_and_after_a_restart_is_all_kept()
    {
        var port = NodeProcess.FreePort();
        var app = new CaseHubFactory(demo: true, port: port);
        var dataDir = app.DataDirectory;
        Guid roomId = default;
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Core.Data.CaseHubDbContext>();
            var chair = db.Users.Single(u => u.Email == RoomFixture.Chair).Id;
            var asId = db.Users.Single(u => u.Email == RoomFixture.As).Id;
            var room = await sp.GetRequiredService<RoomService>().CreateAsync(new RoomSpec("Restart", NetworkMeetingProtocol.Key,
                DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), null, null, null, [new ParticipantSpec(asId, RoomRole.Participant)]), chair);
            await db.SaveChangesAsync();
            roomId = room.Id;
        });
        var key = Room.NotesKeyFor(roomId);
        var web = app.NewClient();
        await web.SignInAsync(RoomFixture.As, Core.Demo.DemoData.Password);
        var config = new
        {
            hubUrl = new Uri(app.BaseAddress, "/hubs/room").ToString(),
            cookie = web.Cookies.GetCookieHeader(app.BaseAddress),
            docKey = key,
            user = new { name = "AS" },
            timeoutMs = 60_000,
            ops = new object[]
            {
                new { op = "insert", text = "avant\n" }, new { op = "flush" },
                new { op = "waitForStatus", status = "offline" },
                new { op = "insert", text = "pendant la panne\n" },
                new { op = "waitForStatus", status = "connected" },
                new { op = "flush" },
                new { op = "insert", text = "après\n" }, new { op = "flush" },
            },
        };
        var client = NodeProcess.RunAsync("notes-client.mjs", [], JsonSerializer.Serialize(config), TimeSpan.FromSeconds(120));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await TextAsync(app, key)).Contains("avant") && DateTime.UtcNow < deadline) await Task.Delay(100);
        await app.DisposeAsync(); // the whole app stops
        await Task.Delay(1500);
        await using var restarted = new CaseHubFactory(demo: true, dataDirectory: dataDir, port: port);
        _ = restarted.BaseAddress;

        var output = await client;
        var done = JsonNode.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!.AsObject();
        Assert.Equal("done", (string?)done["event"]);
        Assert.Equal("avant\npendant la panne\naprès\n", await TextAsync(restarted, key));
        Assert.Equal("avant\npendant la panne\naprès\n", (string)done["text"]!);
    }

    private static async Task<string> TextAsync(CaseHubFactory app, string key)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotesService>().GetTextAsync(key);
    }
}
