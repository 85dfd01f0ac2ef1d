using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CaseHub.Core;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.ScaleOut.Tests;

/// <summary>
/// Two CaseHub nodes (separate processes) on one PostgreSQL database and one Redis, behind nginx, sending mail to one
/// SMTP sink. The test process reaches the same database through CaseHub's own services to arrange data and check it.
/// PostgreSQL comes from ops/test-services.sh (or CASEHUB_TEST_PG); Redis and nginx are private to this cluster.
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public SmtpSink Smtp { get; private set; } = null!;
    public RedisServer Redis { get; } = new();
    public NginxServer Nginx { get; } = new();
    public CaseHubNode A { get; private set; } = null!;
    public CaseHubNode B { get; private set; } = null!;
    public Dictionary<string, string> Settings { get; } = [];

    public async Task InitializeAsync()
    {
        var server = await PostgresServerAsync();
        Smtp = await SmtpSink.StartNewAsync();
        await Redis.StartAsync();
        var database = "casehub_cluster_" + Guid.NewGuid().ToString("N")[..12];
        var portA = NodeProcess.FreePort();
        var portB = NodeProcess.FreePort();
        foreach (var (k, v) in new Dictionary<string, string>
        {
            ["App:DemoMode"] = "true",
            ["App:PublicBaseUrl"] = $"http://127.0.0.1:{Nginx.Port}",
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = $"{server};Database={database};Maximum Pool Size=50",
            ["Redis:ConnectionString"] = Redis.ConnectionString,
            ["Redis:ChannelPrefix"] = database,
            ["Mail:Transport"] = "Smtp",
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
            ["Mail:PollIntervalSeconds"] = "0.2",
            ["Mail:RetryBaseSeconds"] = "0.5",
            ["Mail:ClaimSeconds"] = "10",
            ["RateLimits:SignInPerMinute"] = "100000",
            ["RateLimits:PublicPerMinute"] = "100000",
        }) Settings[k] = v;

        // The first node migrates and seeds the demo data; the second joins an existing database, as in production.
        A = new CaseHubNode("node-a", Settings, portA);
        await A.StartAndWaitAsync();
        B = new CaseHubNode("node-b", Settings, portB);
        await B.StartAndWaitAsync();
        await Nginx.StartAsync([portA, portB]);

        var config = new ConfigurationBuilder().AddInMemoryCollection(Settings!).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddCaseHubCore(config, Path.Combine(RepoPaths.Root, "src", "CaseHub.Web"), typeof(Program).Assembly);
        services.AddSingleton<IRoomBroadcaster, ArrangeOnly>();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await Nginx.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
        await Smtp.DisposeAsync();
        await _services.DisposeAsync();
    }

    /// <summary>Replaces a killed node by a fresh process on the same port (what systemd's Restart=on-failure does).</summary>
    public async Task<CaseHubNode> RestartAsync(CaseHubNode node)
    {
        await node.DisposeAsync();
        var fresh = new CaseHubNode(node.Name, Settings, node.Port);
        await fresh.StartAndWaitAsync();
        if (node == A) A = fresh; else B = fresh;
        return fresh;
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<CaseHubDbContext, Task<T>> action) => WithScopeAsync(sp => action(sp.GetRequiredService<CaseHubDbContext>()));

    /// <summary>/healthz of a server (a node, or nginx with a client's cookies): overall status and which node answered.</summary>
    public static async Task<(string Status, string Node, JsonElement Checks)> HealthAsync(HttpClient http, Uri server)
    {
        var body = await http.GetFromJsonAsync<JsonElement>(new Uri(server, "/healthz"));
        return (body.GetProperty("status").GetString()!, body.GetProperty("node").GetString()!, body.GetProperty("checks"));
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            try { if (await condition()) return; } catch (HttpRequestException) { } catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Timed out waiting until {what}");
    }

    /// <summary>The PostgreSQL server: CASEHUB_TEST_PG, or the private one ops/test-services.sh starts.</summary>
    private static async Task<string> PostgresServerAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CASEHUB_TEST_PG");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "ops", "test-services.sh"));
        info.ArgumentList.Add("start");
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ops/test-services.sh start failed: {errors}");
        return output.Split('\n').Single(l => l.StartsWith("CASEHUB_TEST_PG=", StringComparison.Ordinal)).Split('=', 2)[1].Trim();
    }
}

/// <summary>The test process only arranges data before anyone connects; live events come from the nodes.</summary>
internal sealed class ArrangeOnly : IRoomBroadcaster
{
    public Task PatchAsync(Guid roomId, RoomPatch patch) => Task.CompletedTask;
    public Task PresenceAsync(Guid roomId, IReadOnlyList<ParticipantView> participants) => Task.CompletedTask;
    public Task RemovedAsync(Guid roomId, Guid userId, IReadOnlyList<string> connectionIds) => Task.CompletedTask;
    public Task FeatureAsync(Guid roomId, RoomFeatureChange change) => Task.CompletedTask;
}

[CollectionDefinition("cluster")]
public sealed class ClusterCollection : ICollectionFixture<Cluster>;
