using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Immersion;
using CaseHub.Core.Tests.DiscoveryDays;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace CaseHub.Core.Tests.Immersion;

/// <summary>
/// The real Core services on a real SQLite file with a fake clock (2026-03-02). A CPAS with a "Pôle Jeunes" team
/// (lead + workers), a partner organisation with a worker, a coordinator. Each call runs in its own scope.
/// </summary>
internal sealed class ImmersionTestBed : IAsyncDisposable
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    public ServiceProvider Services { get; }
    public Guid TeamId { get; private set; }
    public AppUser Lead { get; private set; } = null!;
    public AppUser Coordinator { get; private set; } = null!;
    public List<AppUser> Workers { get; } = [];
    public AppUser PartnerWorker { get; private set; } = null!;
    public AppUser Outsider { get; private set; } = null!;
    public static readonly DateOnly Start = new(2026, 4, 1);

    private ImmersionTestBed(string dir)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["App:PublicBaseUrl"] = DiscoveryTestBed.BaseUrl,
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(dir, "immersion.db")}",
            ["Mail:FromAddress"] = "casehub@cpas-demo.test",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddCaseHubCore(config, dir);
        // Reciprocity creates partner workers' accounts through Identity (the web host registers the full set).
        services.AddIdentityCore<AppUser>(o => o.User.RequireUniqueEmail = true).AddRoles<IdentityRole<Guid>>().AddEntityFrameworkStores<CaseHubDbContext>();
        Services = services.BuildServiceProvider();
    }

    public static async Task<ImmersionTestBed> CreateAsync(int workers = 4)
    {
        var bed = new ImmersionTestBed(RepoPaths.NewTempDir("immersion"));
        await bed.DbAsync(db => db.Database.EnsureCreatedAsync());
        await bed.DbAsync(async db =>
        {
            var cpas = new Organisation { Name = "CPAS test", Kind = OrganisationKind.Cpas };
            var team = new Service { Name = "Pôle Jeunes" };
            cpas.Services.Add(team);
            var partner = new Organisation { Name = "Partenaire test", Kind = OrganisationKind.Partner };
            db.Organisations.AddRange(cpas, partner);
            AppUser U(string name, Organisation org, Service? s) => new() { UserName = name + "@cpas-test.test", Email = name + "@cpas-test.test", DisplayName = name, OrganisationId = org.Id, ServiceId = s?.Id };
            bed.Lead = U("lead", cpas, team);
            bed.Coordinator = U("coord", cpas, null);
            bed.Outsider = U("outsider", cpas, null);
            bed.PartnerWorker = U("partnerworker", partner, null);
            for (var i = 1; i <= workers; i++) bed.Workers.Add(U("worker" + i, cpas, team));
            db.Users.AddRange([bed.Lead, bed.Coordinator, bed.Outsider, bed.PartnerWorker, .. bed.Workers]);
            await db.SaveChangesAsync();
            team.LeadUserId = bed.Lead.Id;
            var role = new IdentityRole<Guid>(Roles.Coordinator) { Id = Guid.NewGuid(), NormalizedName = Roles.Coordinator.ToUpperInvariant() };
            db.Roles.Add(role);
            db.UserRoles.Add(new IdentityUserRole<Guid> { RoleId = role.Id, UserId = bed.Coordinator.Id });
            bed.TeamId = team.Id;
            return await db.SaveChangesAsync();
        });
        return bed;
    }

    public static CampaignInput Campaign(string name = "Immersions d'avril") => new()
    {
        Name = name, PeriodStart = Start, PeriodEnd = new DateOnly(2026, 4, 30),
        OffersDeadline = new DateOnly(2026, 3, 10), PreferencesDeadline = new DateOnly(2026, 3, 20), MaxRanks = 3,
        ContactName = "Camille Coordination", ContactEmail = "coordination@cpas-test.test",
    };

    public static OfferInput Offer(string title, params (DateOnly Date, int Capacity)[] dates) => new()
    {
        Title = title, Domain = "Santé mentale", Address = "Rue du Test 1, 1030 Schaerbeek", WhatYouWillSee = "L'accueil et une réunion d'équipe.",
        PublicServed = "Jeunes adultes", ContactName = "Hôte " + title, ContactEmail = $"host.{title.ToLowerInvariant().Replace(' ', '-')}@partner-test.test",
        DirectoryConsent = true, Dates = dates.Select(d => new OfferDateInput(d.Date, d.Capacity)).ToList(),
    };

    public Task<T> InScopeAsync<TService, T>(Func<TService, Task<T>> action) where TService : notnull => ScopeAsync(sp => action(sp.GetRequiredService<TService>()));
    public Task InScopeAsync<TService>(Func<TService, Task> action) where TService : notnull => ScopeAsync(async sp => { await action(sp.GetRequiredService<TService>()); return 0; });

    public async Task<T> ScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> DbAsync<T>(Func<CaseHubDbContext, Task<T>> action) => InScopeAsync(action);

    /// <summary>A campaign with a partner (magic link token) and everyone in <see cref="Workers"/> taking part.</summary>
    public async Task<(ImmersionCampaign Campaign, string Token)> CampaignWithPartnerAsync()
    {
        var c = await InScopeAsync<ImmersionService, ImmersionCampaign>(s => s.CreateCampaignAsync(Campaign(), Coordinator.Id));
        var token = await InScopeAsync<ImmersionService, string>(s => s.InvitePartnerAsync(c.Id, "Le Méridien test", "Mia Hôte", "mia@partner-test.test", "fr"));
        await InScopeAsync<ImmersionService, int>(s => s.AddParticipantsAsync(c.Id, Workers.Select(w => w.Id)));
        return (c, token);
    }

    public Task<ImmersionOffer> OfferAsync(string token, string title, params (DateOnly, int)[] dates)
        => InScopeAsync<ImmersionService, ImmersionOffer>(s => s.SavePartnerOfferAsync(token, null, Offer(title, dates)));

    public Task RankAsync(Guid campaignId, AppUser who, params Guid[] ranking)
        => InScopeAsync<ImmersionService>(s => s.SavePreferencesAsync(campaignId, who.Id, ranking, []));

    public Task<int> VersionAsync(Guid campaignId) => DbAsync(db => db.ImmersionCampaigns.Where(c => c.Id == campaignId).Select(c => c.Version).SingleAsync());

    public async Task<MatchingBoardView> BoardAsync(Guid campaignId) => new(await InScopeAsync<ImmersionMatchingService, MatchingBoard>(s => s.BoardAsync(campaignId)));

    public async Task<List<DiscoveryDays.Mail>> MailsToAsync(string address)
    {
        var rows = await DbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress == address).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());
        return rows.Select(r => new DiscoveryDays.Mail(r.ToAddress, r.Kind, r.DedupKey, MimeMessage.Load(new MemoryStream(r.Mime)))).ToList();
    }

    public Task<int> MailCountAsync() => DbAsync(db => db.OutboxMessages.CountAsync());

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}

internal sealed record MatchingBoardView(MatchingBoard Board)
{
    public Guid? PlaceOf(AppUser u) => Board.Rows.Single(r => r.Participant.UserId == u.Id).OfferDateId;
}
