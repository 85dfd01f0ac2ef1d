using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Conferences;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaseHub.Core.Tests.Conferences;

/// <summary>The real Core services on a real SQLite file with a fake clock, synthetic workers and one case
/// (facilitator, AS, AI, partner) with a conference planned tomorrow.</summary>
internal sealed class ConferenceTestBed : IAsyncDisposable
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    public ServiceProvider Services { get; }
    public Guid Facilitator, As, Ai, Partner, Outsider;
    public Guid CaseId, ConferenceId, RoomId;

    private sealed class NoBroadcast : IRoomBroadcaster
    {
        public Task PatchAsync(Guid roomId, RoomPatch patch) => Task.CompletedTask;
        public Task PresenceAsync(Guid roomId, IReadOnlyList<ParticipantView> participants) => Task.CompletedTask;
        public Task RemovedAsync(Guid roomId, Guid userId, IReadOnlyList<string> connectionIds) => Task.CompletedTask;
        public Task FeatureAsync(Guid roomId, RoomFeatureChange change) => Task.CompletedTask;
    }

    private ConferenceTestBed(string dir)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["App:PublicBaseUrl"] = "https://casehub.test",
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(dir, "conferences.db")}",
            ["Mail:FromAddress"] = "casehub@cpas-demo.test",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IRoomBroadcaster, NoBroadcast>();
        services.AddCaseHubCore(config, dir);
        Services = services.BuildServiceProvider();
    }

    public static async Task<ConferenceTestBed> CreateAsync(bool withConference = true)
    {
        var bed = new ConferenceTestBed(RepoPaths.NewTempDir("conferences"));
        await bed.Db(async db =>
        {
            await db.Database.EnsureCreatedAsync();
            foreach (var role in Roles.All) db.Roles.Add(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7(), NormalizedName = role.ToUpperInvariant() });
            await db.SaveChangesAsync();
            Guid Add(string email, string name, string role, string lang = "fr")
            {
                var u = new AppUser { UserName = email, Email = email, DisplayName = name, Language = lang, CreatedAt = bed.Clock.GetUtcNow() };
                db.Users.Add(u);
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = u.Id, RoleId = db.Roles.Local.Single(r => r.Name == role).Id });
                return u.Id;
            }
            bed.Facilitator = Add("fac@cpas.test", "Fara Facil", Roles.Facilitator);
            bed.As = Add("as@cpas.test", "Asma Sociale", Roles.SocialWorker);
            bed.Ai = Add("ai@cpas.test", "Ivo Insertion", Roles.InsertionAgent);
            bed.Partner = Add("pw@partner.test", "Pim Partner", Roles.PartnerWorker, "nl");
            bed.Outsider = Add("out@cpas.test", "Otto Autre", Roles.SocialWorker);
            await db.SaveChangesAsync();
            return true;
        });
        bed.CaseId = (await bed.Cases(s => s.CreateAsync(new CaseInput("CC-2026-001", "Service social", "Personne seule, suivi santé.", SocialThemes.Health | SocialThemes.Employment), bed.Facilitator))).Id;
        await bed.Cases(s => s.AddMemberAsync(bed.CaseId, bed.Facilitator, bed.As, CaseParty.SocialWorker));
        await bed.Cases(s => s.AddMemberAsync(bed.CaseId, bed.Facilitator, bed.Ai, CaseParty.InsertionAgent));
        await bed.Cases(s => s.AddMemberAsync(bed.CaseId, bed.Facilitator, bed.Partner, CaseParty.Partner));
        if (withConference)
        {
            var c = await bed.PrepareAsync(bed.CaseId);
            bed.ConferenceId = c.Id;
            bed.RoomId = c.RoomId;
        }
        return bed;
    }

    public Task<Conference> PrepareAsync(Guid caseId, bool withPerson = false)
    {
        var day = CalendarTime.LocalDate(Clock.GetUtcNow()).AddDays(1);
        return Conferences(s => s.PrepareAsync(caseId, Facilitator, new ConferencePlan(null, CalendarTime.FromLocal(day, new TimeOnly(10, 0)),
            CalendarTime.FromLocal(day, new TimeOnly(11, 0)), "Salle 2", null, "Positions, carte, orientation", [As, Ai, Partner], withPerson)));
    }

    public async Task<T> Scope<T, TService>(Func<TService, Task<T>> f) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await f(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public Task<T> Db<T>(Func<CaseHubDbContext, Task<T>> f) => Scope(f);
    public Task<T> Cases<T>(Func<CaseService, Task<T>> f) => Scope(f);
    public Task Cases(Func<CaseService, Task> f) => Scope<bool, CaseService>(async s => { await f(s); return true; });
    public Task<T> Conferences<T>(Func<ConferenceService, Task<T>> f) => Scope(f);
    public Task Conferences(Func<ConferenceService, Task> f) => Scope<bool, ConferenceService>(async s => { await f(s); return true; });
    public Task Engine(Func<RoomEngine, Task> f) => Scope<bool, RoomEngine>(async s => { await f(s); return true; });

    public Task<Position> WriteAsync(Guid author, string situation, Visibility visibility, bool personVoice = false)
        => Conferences(s => s.SavePositionAsync(ConferenceId, author, new PositionInput(situation, "Proposition", null, null, visibility, personVoice)));

    /// <summary>Starts the room and opens the positions (as the facilitator, who chairs).</summary>
    public async Task OpenRoomAsync(bool openPositions = true)
    {
        await Engine(e => e.StartAsync(RoomId, Facilitator));
        if (openPositions) await Conferences(s => s.OpenPositionsAsync(RoomId, Facilitator));
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
