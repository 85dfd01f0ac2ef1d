using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.TestSupport;

namespace CaseHub.Core.Tests.Notes;

/// <summary>
/// tests/tools/notes-client.mjs (real @microsoft/signalr + Yjs in node, the browser editor's provider) against
/// <see cref="FakeNotesHub"/> over the real NotesService and a SQLite file: the whole notes path except the page.
/// </summary>
public sealed class NotesClientTests
{
    private static async Task<JsonObject> RunClientAsync(string hubUrl, string docKey, string name, object[] ops, bool readOnly = false)
    {
        var config = new { hubUrl, docKey, user = new { name }, readOnly, timeoutMs = 30_000, ops };
        var output = await NodeProcess.RunAsync("notes-client.mjs", [], JsonSerializer.Serialize(config), TimeSpan.FromSeconds(90));
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        var done = JsonNode.Parse(last)!.AsObject();
        Assert.True((string?)done["event"] == "done", output);
        return done;
    }

    [Fact]
    public async Task Two_people_typing_at_the_same_place_lose_no_keystroke_and_see_each_other()
    {
        await using var bed = await NotesSetup.CreateAsync();
        await using var server = await FakeNotesServer.StartAsync(bed, NodeProcess.FreePort());
        var key = NotesSetup.NewKey();
        const string a = "Alice note la demande de logement. ";
        const string b = "Bob ajoute le suivi santé. ";

        var alice = RunClientAsync(server.HubUrl, key, "Alice", [
            new { op = "waitForPeer", name = "Bob" },
            new { op = "type", text = a, at = 0, delayMs = 3 },
            // Typing at the same place at the same time interleaves the two texts: wait for every keystroke, not for b.
            new { op = "waitFor", length = a.Length + b.Length },
            new { op = "flush" },
        ]);
        var bob = RunClientAsync(server.HubUrl, key, "Bob", [
            new { op = "waitForPeer", name = "Alice" },
            new { op = "type", text = b, at = 0, delayMs = 3 },
            new { op = "waitFor", length = a.Length + b.Length },
            new { op = "flush" },
        ]);
        var done = await Task.WhenAll(alice, bob);

        // Keystrokes within 100 ms travel as one merged update: far fewer pushes (and stored rows) than characters.
        Assert.InRange(await bed.StoredUpdatesAsync(key), 2, (a.Length + b.Length) / 2);
        Assert.Equal((string)done[0]["text"]!, (string)done[1]["text"]!);
        Assert.Equal(string.Concat((a + b).Order()), string.Concat(((string)done[0]["text"]!).Order())); // every keystroke kept
        Assert.Equal((string)done[0]["text"]!, await server.TextAsync(key));
        Assert.Empty(done[0]["errors"]!.AsArray());

        // An observer sees it all and cannot change it, even by editing its own copy.
        var observer = await RunClientAsync(server.HubUrl, key, "Observer", [
            new { op = "waitFor", length = a.Length + b.Length }, // the interleaved text, not a contiguous "a"
            new { op = "insert", text = "graffiti" },
        ], readOnly: true);
        Assert.Contains("graffiti", (string)observer["text"]!);
        Assert.Equal((string)done[0]["text"]!, await server.TextAsync(key));
    }

    [Fact]
    public async Task Edits_made_offline_reach_everyone_when_the_client_comes_back()
    {
        await using var bed = await NotesSetup.CreateAsync();
        await using var server = await FakeNotesServer.StartAsync(bed, NodeProcess.FreePort());
        var key = NotesSetup.NewKey();

        var alice = RunClientAsync(server.HubUrl, key, "Alice", [
            new { op = "insert", text = "Ordre du jour\n" },
            new { op = "flush" },
            new { op = "offline" },
            new { op = "insert", text = "Point A hors ligne\n" },
            new { op = "delete", at = 6, length = 3 }, // "du " — a delete-only change, invisible to state vectors
            new { op = "wait", ms = 1500 },
            new { op = "online" },
            new { op = "waitFor", contains = "Point B en ligne" },
            new { op = "flush" },
        ]);
        var bob = RunClientAsync(server.HubUrl, key, "Bob", [
            new { op = "waitFor", contains = "Ordre du jour" },
            new { op = "wait", ms = 300 },
            new { op = "insert", text = "Point B en ligne\n" },
            new { op = "flush" },
            new { op = "waitFor", contains = "Point A hors ligne" },
            new { op = "waitFor", contains = "Ordre jour" },
        ]);
        var done = await Task.WhenAll(alice, bob);

        var text = await server.TextAsync(key);
        Assert.Equal(text, (string)done[0]["text"]!);
        Assert.Equal(text, (string)done[1]["text"]!);
        Assert.StartsWith("Ordre jour\n", text);
        Assert.Contains("Point A hors ligne\n", text);
        Assert.Contains("Point B en ligne\n", text);
    }

    [Fact]
    public async Task Edits_survive_a_server_restart_and_a_cut_connection()
    {
        await using var bed = await NotesSetup.CreateAsync();
        var port = NodeProcess.FreePort();
        var server = await FakeNotesServer.StartAsync(bed, port);
        var key = NotesSetup.NewKey();

        var client = RunClientAsync(server.HubUrl, key, "Alice", [
            new { op = "insert", text = "avant\n" },
            new { op = "flush" },
            new { op = "waitForStatus", status = "offline" },
            new { op = "insert", text = "pendant la panne\n" },
            new { op = "waitForStatus", status = "connected" },
            new { op = "flush" },
            new { op = "drop" },
            new { op = "waitForStatus", status = "offline" },
            new { op = "insert", text = "pendant la coupure\n" },
            new { op = "waitForStatus", status = "connected" },
            new { op = "flush" },
        ]);

        await WaitUntilAsync(async () => (await server.TextAsync(key)).Contains("avant"), client);
        await server.DisposeAsync();
        await Task.Delay(1500);
        bed.Restart();
        await using var restarted = await FakeNotesServer.StartAsync(bed, port);

        var done = await client;
        var text = await restarted.TextAsync(key);
        Assert.Equal("avant\npendant la panne\npendant la coupure\n", text);
        Assert.Equal(text, (string)done["text"]!);
    }

    [Fact]
    public async Task A_refused_update_is_reported_to_the_client_and_not_stored()
    {
        await using var bed = await NotesSetup.CreateAsync();
        await using var server = await FakeNotesServer.StartAsync(bed, NodeProcess.FreePort());
        var key = NotesSetup.NewKey();

        var done = await RunClientAsync(server.HubUrl, key, "Alice", [
            new { op = "insert", text = "ok\n" },
            new { op = "flush" },
            new { op = "insert", text = new string('x', 300 * 1024) },
            new { op = "waitForError" },
            new { op = "insert", text = "typed after the refusal" }, // builds on the refused paste: must not be sent alone
            // The exchange retries (2 s, 2 s, 4 s) and then reports a persistent refusal (the editor reloads then).
            new { op = "waitForError", refused = true },
        ]);

        var errors = done["errors"]!.AsArray();
        Assert.All(errors, e => Assert.Contains("Notes.Error.TooLarge", (string)e!["message"]!));
        Assert.Equal(1, await bed.StoredUpdatesAsync(key)); // "ok\n" only: no orphan built on the refused paste
        Assert.Equal("ok\n", await server.TextAsync(key));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Task watched)
    {
        var end = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (watched.IsCompleted) await watched; // surfaces the client's failure
            if (DateTime.UtcNow > end) throw new TimeoutException("condition not met");
            await Task.Delay(50);
        }
    }
}
