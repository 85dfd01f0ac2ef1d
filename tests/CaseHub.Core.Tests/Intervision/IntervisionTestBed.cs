using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaseHub.Core.Tests.Intervision;

/// <summary>The real Core services on a real SQLite file with a fake clock; five synthetic colleagues in a team.</summary>
internal sealed class IntervisionTestBed : IAsyncDisposable
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    public ServiceProvider Services { get; }
    public List<Guid> People { get; } = [];
    public Guid Animateur => People[0];

    private IntervisionTestBed(string dir)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["App:PublicBaseUrl"] = "https://casehub.test",
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(dir, "intervision.db")}",
            ["Mail:FromAddress"] = "casehub@cpas-demo.test",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<RecordingBroadcaster>();
        services.AddSingleton<IRoomBroadcaster>(sp => sp.GetRequiredService<RecordingBroadcaster>());
        services.AddCaseHubCore(config, dir);
        Services = services.BuildServiceProvider();
    }

    public static async Task<IntervisionTestBed> CreateAsync(int people = 5)
    {
        var bed = new IntervisionTestBed(RepoPaths.NewTempDir("intervision"));
        await bed.DbAsync(async db =>
        {
            await db.Database.EnsureCreatedAsync();
            string[] names = ["Ada Animatrice", "Bram Collègue", "Chloé Collègue", "Dirk Collega", "Eva Collègue", "Fien Collega"];
            for (var i = 0; i < people; i++)
            {
                var u = new AppUser { DisplayName = names[i], Email = $"p{i}@cpas-test.test", UserName = $"p{i}@cpas-test.test", Language = i % 2 == 0 ? "fr" : "nl" };
                db.Users.Add(u);
                bed.People.Add(u.Id);
            }
            await db.SaveChangesAsync();
            return true;
        });
        return bed;
    }

    public async Task<T> ScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task ScopeAsync(Func<IServiceProvider, Task> action) => ScopeAsync(async sp => { await action(sp); return true; });

    public Task<T> DbAsync<T>(Func<CaseHubDbContext, Task<T>> action) => ScopeAsync(sp => action(sp.GetRequiredService<CaseHubDbContext>()));

    public Task<T> Teams<T>(Func<IntervisionTeams, Task<T>> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionTeams>()));
    public Task Teams(Func<IntervisionTeams, Task> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionTeams>()));
    public Task<T> Templates<T>(Func<IntervisionTemplates, Task<T>> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionTemplates>()));
    public Task Templates(Func<IntervisionTemplates, Task> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionTemplates>()));
    public Task<T> Scheduling<T>(Func<IntervisionScheduling, Task<T>> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionScheduling>()));
    public Task Scheduling(Func<IntervisionScheduling, Task> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionScheduling>()));
    public Task<T> Sessions<T>(Func<IntervisionSessions, Task<T>> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionSessions>()));
    public Task Sessions(Func<IntervisionSessions, Task> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionSessions>()));
    public Task<T> Record<T>(Func<IntervisionRecord, Task<T>> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionRecord>()));
    public Task Record(Func<IntervisionRecord, Task> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionRecord>()));
    public Task<T> Cards<T>(Func<IntervisionCards, Task<T>> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionCards>()));
    public Task Cards(Func<IntervisionCards, Task> action) => ScopeAsync(sp => action(sp.GetRequiredService<IntervisionCards>()));
    public Task<T> Engine<T>(Func<RoomEngine, Task<T>> action) => ScopeAsync(sp => action(sp.GetRequiredService<RoomEngine>()));

    public Task<IntervisionTeam> TeamAsync() => Teams(s => s.CreateTeamAsync("Équipe test", Animateur, People));

    /// <summary>A team and a monthly series of <paramref name="count"/> group-analysis sessions starting next week.</summary>
    public async Task<(IntervisionTeam Team, IntervisionSeries Series, List<IntervisionSession> Sessions)> SeriesAsync(int count = 4, string protocol = IntervisionProtocols.GroupAnalysis)
    {
        var team = await TeamAsync();
        var series = await Scheduling(s => s.CreateSeriesAsync(new SeriesSpec(team.Id, "Intervision mensuelle", protocol, null, Animateur,
            CalendarTime.FromLocal(2026, 3, 10, 9, 30), 180, "Salle 2", count > 1 ? Recurrence.MonthlyOnWeekday(2, DayOfWeek.Tuesday, count) : null), Animateur));
        return (team, series, await SessionsAsync(series.Id));
    }

    public Task<List<IntervisionSession>> SessionsAsync(Guid seriesId)
        => DbAsync(db => db.IntervisionSessions.AsNoTracking().Where(s => s.SeriesId == seriesId).OrderBy(s => s.Occurrence).ToListAsync());

    /// <summary>Everyone accepts the rule; the animateur starts the room and goes to phase <paramref name="phase"/>.</summary>
    public async Task<IntervisionSession> LiveAtPhaseAsync(IntervisionSession session, int phase)
    {
        foreach (var p in People) await Sessions(s => s.AcknowledgeAsync(session.Id, p));
        Clock.SetUtcNow(session.Start);
        await Engine(e => e.StartAsync(session.RoomId, Animateur));
        if (phase > 0) await Engine(e => e.GoToPhaseAsync(session.RoomId, Animateur, 0, phase));
        return session;
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}

/// <summary>Keeps every intervision broadcast as JSON, as a client would receive it (room patches and presence are dropped).</summary>
internal sealed class RecordingBroadcaster : IRoomBroadcaster
{
    public List<string> Sent { get; } = [];

    public Task PatchAsync(Guid roomId, RoomPatch patch) => Task.CompletedTask;
    public Task PresenceAsync(Guid roomId, IReadOnlyList<ParticipantView> participants) => Task.CompletedTask;
    public Task RemovedAsync(Guid roomId, Guid userId, IReadOnlyList<string> connectionIds) => Task.CompletedTask;

    public Task FeatureAsync(Guid roomId, RoomFeatureChange change)
    {
        if (change is IntervisionChanged { View: var view })
            lock (Sent) Sent.Add(System.Text.Json.JsonSerializer.Serialize(view, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        return Task.CompletedTask;
    }
}
