using System.Diagnostics;

namespace CaseHub.Benchmarks;

/// <summary>
/// 1,000 receiving connections in 100 rooms of 10 on one node, each room's chair (or sender) emitting one event every
/// 2 s, staggered so the node sees a steady 50 events/s (500 deliveries/s). Per system: the latency of every delivery
/// and the managed heap the connections added (server and .NET clients share this process, so it is an upper bound
/// per connection; the difference to the baselines is CaseHub's own share).
/// </summary>
public sealed class ManyRooms(BenchApp app, Baselines baselines, Action<string> log)
{
    public const int Rooms = 100;
    public const int PerRoom = 10;
    public const int EventsPerRoom = 5;
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    public sealed class Result
    {
        public Dictionary<string, (Series P50, Series P95, Series P99, int Missing, double KbPerConnection, double SetupSeconds)> Systems { get; } = [];
        public int RoundsDone { get; set; }
    }

    public async Task<Result> RunAsync(int rounds, Func<bool> timeLeft)
    {
        var result = new Result();
        IFanOutSystem[] systems = [new CaseHubFanOut(app), new HubFanOut(baselines), new RawFanOut(baselines)];
        var rooms = new Dictionary<string, List<FanOutRoom>>();
        foreach (var system in systems)
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var sw = Stopwatch.StartNew();
            var list = new FanOutRoom[Rooms];
            await Parallel.ForEachAsync(Enumerable.Range(0, Rooms), new ParallelOptions { MaxDegreeOfParallelism = 4 },
                async (i, _) => list[i] = await system.CreateRoomAsync(PerRoom, userOffset: i * PerRoom));
            var setup = sw.Elapsed.TotalSeconds;
            var after = GC.GetTotalMemory(forceFullCollection: true);
            var kb = (after - before) / 1024.0 / (Rooms * (PerRoom + 1));
            rooms[system.Name] = [.. list];
            result.Systems[system.Name] = (new Series("p50"), new Series("p95"), new Series("p99"), 0, kb, setup);
            log($"many rooms: {system.Name} {Rooms}×{PerRoom} connected in {setup:F1} s, ~{kb:F0} KiB/connection (server+client)");
        }
        // Warm-up pass for each system (short).
        foreach (var system in systems) await LoadAsync(rooms[system.Name], 1);

        for (var r = 0; r < rounds && timeLeft(); r++)
        {
            var order = systems.Skip(r % systems.Length).Concat(systems.Take(r % systems.Length));
            foreach (var system in order)
            {
                var (lat, missing) = await LoadAsync(rooms[system.Name], EventsPerRoom);
                var s = result.Systems[system.Name];
                s.P50.Add(Stats.Percentile(lat, 50)); s.P95.Add(Stats.Percentile(lat, 95)); s.P99.Add(Stats.Percentile(lat, 99));
                result.Systems[system.Name] = s with { Missing = s.Missing + missing };
                log($"many rooms round {r + 1} {system.Name,-20}: p50 {Stats.Percentile(lat, 50):F2} p95 {Stats.Percentile(lat, 95):F2} p99 {Stats.Percentile(lat, 99):F2} ms, missing {missing}");
            }
            result.RoundsDone = r + 1;
        }
        foreach (var list in rooms.Values)
            foreach (var room in list) await room.DisposeAsync();
        return result;
    }

    private static async Task<(List<double>, int)> LoadAsync(List<FanOutRoom> rooms, int events)
    {
        var all = new List<double>();
        var missing = 0;
        var gate = new object();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(rooms.Select((room, i) => Task.Run(async () =>
        {
            var offset = Period * i / rooms.Count;
            for (var e = 0; e < events; e++)
            {
                var due = offset + Period * e - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero) await Task.Delay(due);
                var (lat, miss) = await room.OneEventAsync(TimeSpan.FromSeconds(10));
                lock (gate) { all.AddRange(lat); missing += miss; }
            }
        })));
        return (all, missing);
    }
}
