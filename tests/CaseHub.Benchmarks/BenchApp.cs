using CaseHub.Core.Accounts;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Benchmarks;

/// <summary>CaseHub on real Kestrel with a real SQLite file and the demo users, as the web tests run it.</summary>
public sealed class BenchFactory(IDictionary<string, string?> settings) : CaseHubFactory(demo: true, settings: settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Set-up only: hundreds of synthetic users sign in before the measurements; a cheap password hash keeps that
        // from eating the time budget. Nothing measured below hashes a password.
        builder.ConfigureServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
    }
}

public sealed record BenchUser(Guid Id, string Email, FormClient Web);

public sealed class BenchApp : IAsyncDisposable
{
    public const string ChairEmail = "facilitator@demo.casehub.test";
    public BenchFactory Factory { get; }
    public List<BenchUser> Users { get; } = [];
    public FormClient ChairWeb { get; private set; } = null!;
    public Guid ChairId { get; private set; }

    private BenchApp(BenchFactory factory) => Factory = factory;

    public static async Task<BenchApp> StartAsync(int users)
    {
        // WebApplicationFactory finds the app's content root from test-assembly metadata; a console program has none.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CASEHUB_WEB", Path.Combine(RepoPaths.Root, "src", "CaseHub.Web"));
        var factory = new BenchFactory(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Rooms:WatchIntervalSeconds"] = "60",
            ["DiscoveryDays:JobIntervalSeconds"] = "3600",
            ["Mail:PollIntervalSeconds"] = "30",
            ["RateLimits:SignInPerMinute"] = "100000",
            ["RateLimits:PublicPerMinute"] = "100000",
        });
        _ = factory.BaseAddress;
        var app = new BenchApp(factory) { ChairWeb = factory.NewClient() };
        await app.ChairWeb.SignInAsync(ChairEmail, Core.Demo.DemoData.Password);
        app.ChairId = await factory.WithDbAsync(async db => db.Users.Single(u => u.Email == ChairEmail).Id);
        var created = new BenchUser[users];
        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var email = $"bench{i:D3}@bench.casehub.test";
            var user = await factory.CreateUserAsync(email, $"Participant {i:D3}", Roles.SocialWorker);
            var web = factory.NewClient();
            await web.SignInAsync(email, Core.Demo.DemoData.Password);
            created[i] = new BenchUser(user.Id, email, web);
        });
        app.Users.AddRange(created);
        return app;
    }

    /// <summary>A network meeting chaired by the facilitator, starting now, with these participants.</summary>
    public async Task<Guid> CreateRoomAsync(IEnumerable<Guid> participants)
    {
        Guid id = default;
        await Factory.WithScopeAsync(async sp =>
        {
            var rooms = sp.GetRequiredService<RoomService>();
            var now = DateTimeOffset.UtcNow;
            var specs = participants.Select(p => new ParticipantSpec(p, RoomRole.Participant)).ToList();
            var room = await rooms.CreateAsync(new RoomSpec("Réunion de réseau (benchmark)", NetworkMeetingProtocol.Key, now, now.AddHours(2),
                "Salle du conseil", null, null, specs), ChairId);
            await sp.GetRequiredService<CaseHubDbContext>().SaveChangesAsync();
            id = room.Id;
        });
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        ChairWeb.Dispose();
        foreach (var u in Users) u.Web.Dispose();
        await Factory.DisposeAsync();
    }
}
