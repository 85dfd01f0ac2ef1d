using System.Collections.Concurrent;
using System.Text.Json;
using CaseHub.Core.Accounts;
using CaseHub.Core.Committees;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaseHub.Core.Tests.Committees;

/// <summary>Records every patch the engine would broadcast, as the JSON a client would receive.</summary>
internal sealed class RecordingBroadcaster : IRoomBroadcaster
{
    public ConcurrentQueue<string> Sent { get; } = new();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public Task PatchAsync(Guid roomId, RoomPatch patch) { Sent.Enqueue(JsonSerializer.Serialize(patch, Json)); return Task.CompletedTask; }
    public Task PresenceAsync(Guid roomId, IReadOnlyList<ParticipantView> participants) { Sent.Enqueue(JsonSerializer.Serialize(participants, Json)); return Task.CompletedTask; }
    public Task RemovedAsync(Guid roomId, Guid userId, IReadOnlyList<string> connectionIds) => Task.CompletedTask;
    public Task FeatureAsync(Guid roomId, RoomFeatureChange change) => Task.CompletedTask;
    public string All => string.Join("\n", Sent);
}

/// <summary>The real Core services on a real SQLite file with a fake clock, synthetic staff users and two exercise cases.</summary>
internal sealed class CommitteeTestBed : IAsyncDisposable
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    public ServiceProvider Services { get; }
    public RecordingBroadcaster Broadcast { get; } = new();
    public Guid Chair { get; private set; }
    public Guid[] Members { get; private set; } = [];
    public Guid Outsider { get; private set; }
    public Guid Partner { get; private set; }

    private CommitteeTestBed(string dir)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["App:PublicBaseUrl"] = "https://casehub.test",
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(dir, "committees.db")}",
            ["Mail:FromAddress"] = "casehub@cpas-demo.test",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IRoomBroadcaster>(Broadcast);
        services.AddCaseHubCore(config, dir);
        Services = services.BuildServiceProvider();
    }

    public static async Task<CommitteeTestBed> CreateAsync()
    {
        var bed = new CommitteeTestBed(RepoPaths.NewTempDir("committees"));
        await bed.Db(async db =>
        {
            await db.Database.EnsureCreatedAsync();
            var roles = Roles.All.ToDictionary(r => r, r => new IdentityRole<Guid>(r) { Id = Guid.CreateVersion7(), NormalizedName = r.ToUpperInvariant() });
            db.Roles.AddRange(roles.Values);
            Guid User(string name, string role)
            {
                var u = new AppUser { DisplayName = name, Email = name.Replace(' ', '.').ToLowerInvariant() + "@cpas.test", UserName = name, Language = "fr" };
                db.Users.Add(u);
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = u.Id, RoleId = roles[role].Id });
                return u.Id;
            }
            bed.Chair = User("Fanny Testeuse", Roles.Facilitator);
            bed.Members = [User("Claude Vandersmissen", Roles.CommitteeMember), User("Sarah Lambotte", Roles.SocialWorker), User("Ilias Ouardi", Roles.InsertionAgent)];
            bed.Outsider = User("Oscar Dehaene", Roles.SocialWorker);
            bed.Partner = User("Pieter Verhulst", Roles.PartnerWorker);
            await db.SaveChangesAsync();
            return true;
        });
        return bed;
    }

    public async Task<T> Scope<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async Task Scope(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    public Task<T> Db<T>(Func<CaseHubDbContext, Task<T>> action) => Scope(sp => action(sp.GetRequiredService<CaseHubDbContext>()));

    public Task<T> Committees<T>(Func<CommitteeService, Task<T>> action) => Scope(sp => action(sp.GetRequiredService<CommitteeService>()));
    public Task Committees(Func<CommitteeService, Task> action) => Scope(sp => action(sp.GetRequiredService<CommitteeService>()));

    public static ExerciseCaseInput CaseInput(string title, string narrative = "Madame X demande une aide pour une garantie locative. Elle vit seule avec deux enfants.") => new()
    {
        Title = title, Household = "Adulte, 38 ans ; deux enfants", LegalCategory = LegalCategory.FamilyDependants,
        Resources = "Revenu d'intégration", MonthlyResources = "1580", Request = "Garantie locative de deux mois", AidType = AidType.RentGuarantee,
        RequestedAmount = "1650", Narrative = narrative,
    };

    public Task<CaseSaveResult> SaveCaseAsync(ExerciseCaseInput input, Guid? id = null)
        => Scope(sp => sp.GetRequiredService<ExerciseCaseService>().SaveAsync(id, input, Chair));

    /// <summary>A session with two clean cases, started, with the chair and the three members present.</summary>
    public async Task<(CommitteeSession Session, Guid Room, List<CommitteeSessionCase> Cases)> LiveSessionAsync(bool showNames = false)
    {
        var a = (await SaveCaseAsync(CaseInput("Garantie locative après une séparation"))).Saved!;
        var b = (await SaveCaseAsync(CaseInput("Arriérés d'énergie", "Monsieur Y a une facture de régularisation de gaz."))).Saved!;
        var now = Clock.GetUtcNow();
        var session = await Committees(s => s.CreateSessionAsync(new CommitteeSessionInput
        {
            Title = "Comité à blanc (test)", Start = now, End = now.AddHours(2), CaseIds = [a.Id, b.Id], MemberIds = [.. Members], ShowNames = showNames,
        }, Chair));
        await Committees(s => s.StartAsync(session.Id, Chair));
        foreach (var u in Members.Prepend(Chair))
            await Scope(sp => sp.GetRequiredService<RoomEngine>().JoinAsync(session.RoomId, u, "conn-" + u));
        var cases = await Db(async db => db.CommitteeSessionCases.Where(c => c.SessionId == session.Id).OrderBy(c => c.Order).ToList());
        return (session, session.RoomId, cases);
    }

    public Task<CommitteeSessionView> ViewAsync(Guid sessionId, Guid userId) => Committees(s => s.ViewAsync(sessionId, userId));

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
