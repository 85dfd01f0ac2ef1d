using CaseHub.Core.Accounts;
using CaseHub.Core.Immersion;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.Immersion;

/// <summary>A CPAS with a "Pôle Jeunes" team (lead + workers), a partner organisation with a worker, a coordinator, someone outside.</summary>
internal sealed record ImmersionCast(Guid TeamId, AppUser Lead, AppUser Coordinator, List<AppUser> Workers, AppUser PartnerWorker, AppUser Outsider);

/// <summary>Immersion tests: the host (on 2026-03-02) with the <see cref="ImmersionCast"/>, an April campaign and offers.</summary>
internal static class ImmersionSetup
{
    public static readonly DateOnly Start = new(2026, 4, 1);

    public static Task<CoreTestHost<ImmersionCast>> CreateAsync(int workers = 4) => CoreTestHost.CreateAsync("immersion", bed => SeedAsync(bed, workers));

    private static Task<ImmersionCast> SeedAsync(CoreTestHost bed, int workers) => bed.DbAsync(async db =>
    {
        var cpas = new Organisation { Name = "CPAS test", Kind = OrganisationKind.Cpas };
        var team = new Service { Name = "Pôle Jeunes" };
        cpas.Services.Add(team);
        var partner = new Organisation { Name = "Partenaire test", Kind = OrganisationKind.Partner };
        db.Organisations.AddRange(cpas, partner);
        static AppUser U(string name, Organisation org, Service? s) => new() { UserName = name + "@cpas-test.test", Email = name + "@cpas-test.test", DisplayName = name, OrganisationId = org.Id, ServiceId = s?.Id };
        var (lead, coordinator, outsider, partnerWorker) = (U("lead", cpas, team), U("coord", cpas, null), U("outsider", cpas, null), U("partnerworker", partner, null));
        var cast = new ImmersionCast(team.Id, lead, coordinator, [], partnerWorker, outsider);
        for (var i = 1; i <= workers; i++) cast.Workers.Add(U("worker" + i, cpas, team));
        db.Users.AddRange([cast.Lead, cast.Coordinator, cast.Outsider, cast.PartnerWorker, .. cast.Workers]);
        await db.SaveChangesAsync();
        team.LeadUserId = cast.Lead.Id;
        var role = new IdentityRole<Guid>(Roles.Coordinator) { Id = Guid.NewGuid(), NormalizedName = Roles.Coordinator.ToUpperInvariant() };
        db.Roles.Add(role);
        db.UserRoles.Add(new IdentityUserRole<Guid> { RoleId = role.Id, UserId = cast.Coordinator.Id });
        await db.SaveChangesAsync();
        return cast;
    });

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

    /// <summary>A campaign with a partner (magic link token) and every worker of the cast taking part.</summary>
    public static async Task<(ImmersionCampaign Campaign, string Token)> CampaignWithPartnerAsync(this CoreTestHost<ImmersionCast> bed)
    {
        var c = await bed.InScopeAsync<ImmersionCampaigns, ImmersionCampaign>(s => s.CreateAsync(Campaign(), bed.Cast.Coordinator.Id));
        var token = await bed.InScopeAsync<ImmersionPartners, string>(s => s.InviteAsync(c.Id, "Le Méridien test", "Mia Hôte", "mia@partner-test.test", "fr"));
        await bed.InScopeAsync<ImmersionParticipants, int>(s => s.AddAsync(c.Id, bed.Cast.Workers.Select(w => w.Id)));
        return (c, token);
    }

    public static Task<ImmersionOffer> OfferAsync(this CoreTestHost bed, string token, string title, params (DateOnly, int)[] dates)
        => bed.InScopeAsync<ImmersionOffers, ImmersionOffer>(s => s.SavePartnerOfferAsync(token, null, Offer(title, dates)));

    public static Task RankAsync(this CoreTestHost bed, Guid campaignId, AppUser who, params Guid[] ranking)
        => bed.InScopeAsync<ImmersionParticipants>(s => s.SavePreferencesAsync(campaignId, who.Id, ranking, []));

    public static Task<int> VersionAsync(this CoreTestHost bed, Guid campaignId) => bed.DbAsync(db => db.ImmersionCampaigns.Where(c => c.Id == campaignId).Select(c => c.Version).SingleAsync());

    public static async Task<MatchingBoardView> BoardAsync(this CoreTestHost bed, Guid campaignId)
        => new(await bed.InScopeAsync<ImmersionMatchingService, MatchingBoard>(s => s.BoardAsync(campaignId)));
}

internal sealed record MatchingBoardView(MatchingBoard Board)
{
    public Guid? PlaceOf(AppUser u) => Board.Rows.Single(r => r.Participant.UserId == u.Id).OfferDateId;
}
