using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Notes;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Tests.Notes;

/// <summary>Notes tests: the host on 2026-11-23 with real Yjs (node for the clients, Jint on the server side).</summary>
internal static class NotesSetup
{
    /// <summary>
    /// The engine's time limits guard production against runaway documents; these tests check results, not time, and
    /// must not fail because a loaded CI machine starved the JS engine for a few seconds.
    /// </summary>
    public static Task<CoreTestHost> CreateAsync(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Notes:EngineTimeoutSeconds"] = "180", ["Notes:ValidateTimeoutSeconds"] = "120" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        return CoreTestHost.CreateAsync("notes", new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), values);
    }

    /// <summary>A notes service as one request would get it: its own DbContext.</summary>
    public static NotesService NewService(this CoreTestHost bed) => bed.New<NotesService>();

    public static NotesOptions NotesOptions(this CoreTestHost bed) => bed.Services.GetRequiredService<IOptions<NotesOptions>>().Value;

    public static Task<int> StoredUpdatesAsync(this CoreTestHost bed, string key)
        => bed.DbAsync(db => db.NoteUpdates.CountAsync(u => db.NoteDocuments.Any(d => d.Id == u.DocumentId && d.Key == key)));

    public static string NewKey() => $"room:{Guid.NewGuid()}:notes";
}

/// <summary>Calls tests/tools/notes-yjs.mjs (real Yjs in node).</summary>
internal static class NodeYjs
{
    public static async Task<JsonObject> RunAsync(object request)
    {
        var output = await NodeProcess.RunAsync("notes-yjs.mjs", [], JsonSerializer.Serialize(request));
        return JsonNode.Parse(output)!.AsObject();
    }

    private static readonly Lazy<Task<Scenario>> Shared = new(async () =>
    {
        var r = await RunAsync(new { op = "scenario" });
        var updates = r["updates"]!.AsArray().Select(u => new ScenarioUpdate(Convert.FromBase64String((string)u!["data"]!), (string)u["origin"]!)).ToList();
        return new Scenario(updates, (string)r["text"]!);
    });

    /// <summary>Concurrent same-position typing, a long offline session, a delete-only offline session (see notes-yjs.mjs).</summary>
    public static Task<Scenario> ScenarioAsync() => Shared.Value;

    public static async Task<string> TextAsync(IEnumerable<byte[]> updates)
        => (string)(await RunAsync(new { op = "text", updates = updates.Select(Convert.ToBase64String) }))["text"]!;

    public static async Task<byte[]> StateVectorAsync(IEnumerable<byte[]> updates)
        => Convert.FromBase64String((string)(await RunAsync(new { op = "stateVector", updates = updates.Select(Convert.ToBase64String) }))["stateVector"]!);

    public static async Task<byte[]> InsertAsync(string text, int repeat = 1)
        => Convert.FromBase64String((string)(await RunAsync(new { op = "insert", text, repeat }))["update"]!);

    public static async Task<byte[]> HostileAsync(string kind)
        => Convert.FromBase64String((string)(await RunAsync(new { op = "hostile", kind }))["update"]!);
}

internal sealed record ScenarioUpdate(byte[] Data, string Origin);

internal sealed record Scenario(List<ScenarioUpdate> Updates, string Text)
{
    public List<byte[]> Shuffled(int seed)
    {
        var list = Updates.Select(u => u.Data).ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }
}
