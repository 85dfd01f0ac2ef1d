using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Notes;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CaseHub.Core.Tests.Notes;

/// <summary>A real SQLite file and real Yjs (node for the clients, Jint on the server side).</summary>
internal sealed class NotesTestBed : IDisposable
{
    private readonly string _dir = RepoPaths.NewTempDir("notes");
    private readonly List<IDisposable> _owned = [];

    public NotesTestBed(NotesOptions? options = null)
    {
        Options = options ?? new NotesOptions();
        // The engine's time limits guard production against runaway documents; these tests check results, not time,
        // and must not fail because a loaded CI machine starved the JS engine for a few seconds.
        Options.EngineTimeoutSeconds = Math.Max(Options.EngineTimeoutSeconds, 180);
        Options.ValidateTimeoutSeconds = Math.Max(Options.ValidateTimeoutSeconds, 120);
        Engine = NewEngine();
        using var db = NewDb();
        db.Database.EnsureCreated();
    }

    public NotesOptions Options { get; }
    public YjsEngine Engine { get; private set; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    public string ConnectionString => $"Data Source={Path.Combine(_dir, "casehub.db")}";

    public YjsEngine NewEngine()
    {
        var engine = new YjsEngine(Microsoft.Extensions.Options.Options.Create(Options), NullLogger<YjsEngine>.Instance);
        _owned.Add(engine);
        return engine;
    }

    public void ApplyDbOptions(DbContextOptionsBuilder b)
    {
        new DatabaseOptions { Provider = "Sqlite", ConnectionString = ConnectionString }.Apply(b);
        b.AddInterceptors(new SqlitePragmas());
    }

    public CaseHubDbContext NewDb()
    {
        var b = new DbContextOptionsBuilder<CaseHubDbContext>();
        ApplyDbOptions(b);
        var db = new CaseHubDbContext(b.Options);
        _owned.Add(db);
        return db;
    }

    /// <summary>A service as one request would get it: its own DbContext.</summary>
    public NotesService NewService(YjsEngine? engine = null)
        => new(NewDb(), engine ?? Engine, new MarkdownRenderer(), Microsoft.Extensions.Options.Options.Create(Options), Clock, NullLogger<NotesService>.Instance);

    /// <summary>Simulates a restart: a new engine, new contexts, same database file.</summary>
    public void Restart() => Engine = NewEngine();

    public async Task<int> StoredUpdatesAsync(string key)
    {
        await using var db = NewDb();
        return await db.NoteUpdates.CountAsync(u => db.NoteDocuments.Any(d => d.Id == u.DocumentId && d.Key == key));
    }

    public void Dispose()
    {
        foreach (var o in Enumerable.Reverse(_owned)) o.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { /* best effort */ }
    }

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
