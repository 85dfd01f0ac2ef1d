using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CaseHub.Benchmarks;
using CaseHub.TestSupport;

// The benchmark command (see README / ops/benchmarks.sh). Every scenario runs CaseHub and its baseline alternately in
// one process, several rounds each; docs/benchmarks.md gets the medians with min–max. Exit code 1 when a correctness
// part fails (overbooking, lost notes edit, blocking pair), 0 otherwise — goals missed on speed are reported, not failed.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
ThreadPool.SetMinThreads(200, 200); // hundreds of loopback clients in one process: do not let thread injection lag skew the tails

var rounds = ArgInt("--rounds", 5);
var output = ArgString("--output", Path.Combine(RepoPaths.Root, "docs", "benchmarks.md"));
var only = ArgString("--only", "fanout,booking,notes,matching,calendar,many");
var budget = TimeSpan.FromMinutes(ArgInt("--budget-minutes", 9));
var total = Stopwatch.StartNew();
var report = new Report(rounds);
var failures = new List<string>();
bool Want(string s) => only.Split(',').Contains(s);
bool TimeLeft(double fraction) => total.Elapsed < budget * fraction;
void Log(string s) => Console.WriteLine($"[{total.Elapsed:mm\\:ss}] {s}");

report.LoadStart = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
Log($"rounds={rounds}, output={output}");

await using var baselines = await Baselines.StartAsync();
BenchApp app;
{
    var sw = Stopwatch.StartNew();
    app = await BenchApp.StartAsync(users: 100);
    Log($"CaseHub up with {app.Users.Count} signed-in synthetic users in {sw.Elapsed.TotalSeconds:F1} s");
}
try
{
    // ---- (3) matching: pure CPU, first, while nothing else runs ------------------------------------------------
    if (Want("matching"))
    {
        var ms = new Series("matching ms");
        var blocking = 0; var checker = 0; var matched = 0;
        MatchingBench.RunOnce(1); // JIT warm-up
        for (var r = 0; r < rounds; r++)
        {
            var o = MatchingBench.RunOnce(1000 + r);
            ms.Add(o.Milliseconds); blocking += o.BlockingPairs; checker += o.EngineCheckerViolations; matched = o.Matched;
            Log($"matching round {r + 1}: {o.Milliseconds:F0} ms, {o.Matched} matched, {o.BlockingPairs} blocking pairs, engine checker {o.EngineCheckerViolations}");
        }
        report.Matching = (ms, blocking, checker, matched);
        if (blocking > 0) failures.Add($"matching: {blocking} blocking pairs");
    }

    // ---- (1) room fan-out --------------------------------------------------------------------------------------
    if (Want("fanout"))
    {
        int[] sizes = [10, 50, 200];
        const int events = 20;
        var timeout = TimeSpan.FromSeconds(10);
        var casehub = new CaseHubFanOut(app);
        using var commands = new CommandCounter();
        IFanOutSystem[] systems = [casehub, new HubFanOut(baselines), new RawFanOut(baselines)];
        var rooms = new Dictionary<(string, int), FanOutRoom>();
        var sw = Stopwatch.StartNew();
        foreach (var system in systems)
            foreach (var size in sizes)
                rooms[(system.Name, size)] = await system.CreateRoomAsync(size);
        Log($"fan-out: {rooms.Count} rooms, {rooms.Values.Sum(r => r.Receipts.Count)} receivers connected and joined in {sw.Elapsed.TotalSeconds:F1} s; patch payload {CaseHubFanOut.SamplePatch?.Length} chars");
        // Warm-up (not recorded): every path JIT-compiled and every connection used once.
        foreach (var ((_, _), room) in rooms)
        {
            await room.PrepareSenderAsync();
            for (var i = 0; i < 5; i++) await room.OneEventAsync(timeout);
        }
        report.FanOutPayload = CaseHubFanOut.SamplePatch ?? "";
        Log($"fan-out payload (an AddTime patch, relayed by the baselines too): {report.FanOutPayload.Length} characters");
        for (var r = 0; r < rounds && TimeLeft(0.45); r++)
        {
            var order = systems.Skip(r % systems.Length).Concat(systems.Take(r % systems.Length)).ToList();
            foreach (var size in r % 2 == 0 ? sizes : sizes.Reverse())
                foreach (var system in order)
                {
                    var room = rooms[(system.Name, size)];
                    await room.PrepareSenderAsync();
                    var all = new List<double>();
                    var missing = 0;
                    if (system == casehub) commands.Start();
                    for (var e = 0; e < events; e++)
                    {
                        var (lat, miss) = await room.OneEventAsync(timeout);
                        all.AddRange(lat); missing += miss;
                        await Task.Delay(5);
                    }
                    if (system == casehub) report.FanOutCommandsPerEvent.Add(commands.Stop() / (double)events);
                    report.AddFanOut(system.Name, size, all, missing);
                    Log($"fan-out round {r + 1} {system.Name,-20} n={size,3}: p50 {Stats.Percentile(all, 50):F2} p95 {Stats.Percentile(all, 95):F2} p99 {Stats.Percentile(all, 99):F2} ms, missing {missing}");
                }
        }
        foreach (var room in rooms.Values) await room.DisposeAsync();
    }

    // ---- (2) booking storm -------------------------------------------------------------------------------------
    if (Want("booking"))
    {
        var storm = new BookingStorm(app);
        await storm.RawAsync(); // creates the raw table, warms the file
        for (var r = 0; r < rounds && TimeLeft(0.62); r++)
        {
            var pair = r % 2 == 0
                ? [await storm.CaseHubAsync(), await storm.RawAsync()]
                : new[] { await storm.RawAsync(), await storm.CaseHubAsync() }.Reverse().ToArray();
            report.AddBooking(pair[0], pair[1]);
            Log($"booking round {r + 1}: CaseHub {pair[0]} | raw {pair[1]}");
            foreach (var (name, o) in new[] { ("CaseHub", pair[0]), ("raw SQL", pair[1]) })
            {
                if (o.Confirmed != BookingStorm.Seats || o.ConfirmedInDb != BookingStorm.Seats)
                    failures.Add($"booking storm ({name}, round {r + 1}): {o.Confirmed} told confirmed, {o.ConfirmedInDb} confirmed in the database, expected exactly {BookingStorm.Seats}");
                // A refused or failed request (error page) is reported, not a correctness failure: nothing was booked for it.
                if (o.Busy > 0) Log($"booking storm ({name}, round {r + 1}): {o.Busy} requests answered 503 (database busy, nothing saved, try again)");
                if (o.Failed > 0) Log($"booking storm ({name}, round {r + 1}): {o.Failed} other requests without a booking outcome: {o.FailureKinds}");
            }
        }
        storm.Dispose();
    }

    // ---- (6) notes: 10 Yjs editors, CaseHub's hub vs a y-websocket relay ------------------------------------------
    if (Want("notes") && TimeLeft(0.72))
    {
        await using var notes = new NotesBench(app);
        await notes.StartRelayAsync();
        var warm = new[] { await notes.CaseHubAsync(), await notes.YWebsocketAsync() }; // JIT, Jint engine pool, node: not recorded
        Log($"notes warm-up: CaseHub {warm[0]} | y-websocket {warm[1]}");
        for (var r = 0; r < rounds && TimeLeft(0.72); r++)
        {
            var pair = r % 2 == 0
                ? [await notes.CaseHubAsync(), await notes.YWebsocketAsync()]
                : new[] { await notes.YWebsocketAsync(), await notes.CaseHubAsync() }.Reverse().ToArray();
            report.AddNotes(pair[0], pair[1]);
            Log($"notes round {r + 1}: CaseHub {pair[0]} | y-websocket {pair[1]}");
            foreach (var (name, o) in new[] { ("CaseHub", pair[0]), ("y-websocket", pair[1]) })
                if (!o.Correct)
                    failures.Add($"notes ({name}, round {r + 1}): {(o.Failure is { } f ? "failed: " + f : $"{o.Lost} lost edits, converged {o.Converged}")}");
        }
    }

    // ---- (4) calendar feed -------------------------------------------------------------------------------------
    if (Want("calendar"))
    {
        var feed = new CalendarFeedBench(app);
        await feed.SetUpAsync();
        await feed.FetchAsync();
        var ms = new Series("feed ms");
        CalendarFeedBench.Outcome? last = null;
        for (var r = 0; r < rounds; r++)
        {
            last = await feed.FetchAsync();
            ms.Add(last.Milliseconds);
            Log($"calendar feed round {r + 1}: {last.Milliseconds:F0} ms, {last.Bytes} bytes, {last.Events} events");
        }
        report.Feed = (ms, last!.Bytes, last.Events);
    }

    // ---- (5) 1,000 connections in 100 rooms --------------------------------------------------------------------
    if (Want("many") && TimeLeft(0.8))
    {
        var many = new ManyRooms(app, baselines, Log);
        report.Many = await many.RunAsync(rounds, () => TimeLeft(0.95));
    }
    else if (Want("many")) report.ManySkipped = "skipped: the time budget was used by the scenarios before it";
}
finally
{
    await app.DisposeAsync();
}

report.LoadEnd = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
report.Elapsed = total.Elapsed;
report.Failures = failures;
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report.Render());
Log($"wrote {output}");
foreach (var f in failures) Console.Error.WriteLine("CORRECTNESS FAILURE: " + f);
return failures.Count == 0 ? 0 : 1;

int ArgInt(string name, int fallback) => int.TryParse(ArgString(name, ""), out var v) ? v : fallback;
string ArgString(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
