using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;

namespace CaseHub.Benchmarks;

/// <summary>
/// 10 Yjs editors (node, tests/tools/notes-bench.mjs, one process, one clock) edit one room's notes at once through
/// CaseHub's hub — the browser editor's own provider, each editor a signed-in room member, the server validating and
/// storing every update — against the same editors and Yjs updates through npm's y-websocket relay
/// (tests/tools/y-websocket-relay.mjs: @y/websocket-server, which keeps the document in memory and relays).
/// Latency = edit on one editor → the edit shows in another editor's document; lost = edits missing from an editor's
/// final document.
/// </summary>
public sealed class NotesBench(BenchApp app) : IAsyncDisposable
{
    public const int Editors = 10;
    public const int EditsPerEditor = 20;
    private Process? _relay;
    private int _relayPort;
    private int _round;

    public sealed record Outcome(List<double> Latencies, int Lost, bool Converged, int Edits, double SetupMs, string? Failure = null)
    {
        public bool Correct => Failure is null && Lost == 0 && Converged;

        public override string ToString() => Failure is { } f ? "FAILED: " + f
            : $"p50 {Stats.Percentile(Latencies, 50):F2} p95 {Stats.Percentile(Latencies, 95):F2} p99 {Stats.Percentile(Latencies, 99):F2} ms, "
              + $"{Latencies.Count} remote applies, {Lost} lost of {Edits} edits × {Editors} editors, converged {Converged}, set-up {SetupMs:F0} ms";
    }

    public async Task StartRelayAsync()
    {
        _relayPort = NodeProcess.FreePort();
        _relay = await NodeProcess.StartAsync("y-websocket-relay.mjs", [_relayPort.ToString(CultureInfo.InvariantCulture)], "READY");
    }

    public async Task<Outcome> CaseHubAsync()
    {
        var editors = app.Users.Take(Editors).ToList();
        var roomId = await app.CreateRoomAsync(editors.Select(u => u.Id));
        var hub = new Uri(app.Factory.BaseAddress, "/hubs/room").ToString();
        return await RunAsync(new
        {
            system = "casehub",
            docKey = Room.NotesKeyFor(roomId),
            editors = editors.Select(u => new { hubUrl = hub, cookie = u.Web.Cookies.GetCookieHeader(app.Factory.BaseAddress) }).ToList(),
            edits = EditsPerEditor,
        });
    }

    public Task<Outcome> YWebsocketAsync() => RunAsync(new
    {
        system = "y-websocket",
        wsUrl = $"ws://127.0.0.1:{_relayPort}",
        room = $"bench-{++_round}",
        editorCount = Editors,
        edits = EditsPerEditor,
    });

    private static async Task<Outcome> RunAsync(object config)
    {
        string output;
        try
        {
            output = await NodeProcess.RunAsync("notes-bench.mjs", [], JsonSerializer.Serialize(config), TimeSpan.FromSeconds(90));
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            return new Outcome([], 0, false, 0, 0, ex.Message.Split('\n')[0]);
        }
        var done = JsonNode.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!.AsObject();
        if ((string?)done["event"] != "done") return new Outcome([], 0, false, 0, 0, (string?)done["message"] ?? output);
        return new Outcome(done["latencies"]!.AsArray().Select(n => (double)n!).ToList(), (int)done["lost"]!, (bool)done["converged"]!,
            (int)done["edits"]!, (double)done["setupMs"]!);
    }

    public ValueTask DisposeAsync()
    {
        if (_relay is { HasExited: false } p)
        {
            try { p.Kill(true); } catch (InvalidOperationException) { /* already gone */ }
        }
        _relay?.Dispose();
        return ValueTask.CompletedTask;
    }
}
