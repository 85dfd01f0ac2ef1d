using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Immersion;

/// <summary>
/// Demo mode: a "Pôle Jeunes" team with a lead and three social workers, and a spring campaign with three partners'
/// offers, a CPAS service's offer for partner workers (reciprocity), preferences and a team-coverage rule, ready to
/// match. Synthetic people and organisations only; partner contacts are not demo accounts (their mails would get in the
/// way of tests that read a demo user's first mail).
/// </summary>
public sealed class ImmersionDemo(ImmersionCampaigns campaigns, ImmersionPartners partners, ImmersionOffers offers, ImmersionParticipants participants,
    ImmersionTeams teams, UserManager<AppUser> users, TimeProvider clock) : IDemoContributor
{
    public const string TeamName = "Pôle Jeunes";
    public const string LeadEmail = "jeunes.lead@demo.casehub.test";
    public static readonly IReadOnlyList<(string Email, string Name)> Workers =
        [("jeunes1@demo.casehub.test", "Lina Verhaegen"), ("jeunes2@demo.casehub.test", "Marc Dubois"), ("jeunes3@demo.casehub.test", "Zoé Lambert")];

    public int Order => 60;

    public async Task SeedAsync(CaseHubDbContext db, CancellationToken ct)
    {
        var cpas = await db.Organisations.Include(o => o.Services).FirstOrDefaultAsync(o => o.Name == DemoData.CpasName, ct);
        if (cpas is null) return;
        var team = new Service { Name = TeamName, OrganisationId = cpas.Id };
        db.Services.Add(team);
        await db.SaveChangesAsync(ct);
        var lead = await CreateUserAsync(LeadEmail, "Jo Claes", cpas.Id, team.Id);
        team.LeadUserId = lead.Id;
        var workers = new List<AppUser>();
        foreach (var (email, name) in Workers) workers.Add(await CreateUserAsync(email, name, cpas.Id, team.Id));
        await db.SaveChangesAsync(ct);

        var coordinator = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == "coordination@demo.casehub.test", ct);
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        var start = today.AddDays(40);
        while (start.DayOfWeek != DayOfWeek.Monday) start = start.AddDays(1); // offers are on working days: Tuesday, Wednesday…
        var campaign = await campaigns.CreateAsync(new CampaignInput
        {
            Name = "Immersions chez les partenaires – printemps (démo)",
            PeriodStart = start, PeriodEnd = start.AddDays(27),
            OffersDeadline = today.AddDays(14), PreferencesDeadline = today.AddDays(28),
            MaxRanks = 3, ContactName = coordinator?.DisplayName ?? "Coordination sociale (démo)", ContactEmail = "coordination@demo.casehub.test",
        }, coordinator?.Id, ct);

        var escale = await PartnerOfferAsync(campaign, "Centre de santé mentale L'Escale (démo)", "Nadia Haddad", "accueil@escale-demo.test", "fr",
            "Santé mentale", "Une journée à l'accueil et aux permanences", "Rue du Tilleul 5, Val-des-Saules",
            "L'accueil des demandes, une réunion d'équipe clinique (sans données personnelles), le travail en réseau avec les écoles.",
            "Adolescents et jeunes adultes", [(start.AddDays(1), 1), (start.AddDays(8), 1)], ct);
        var victims = await PartnerOfferAsync(campaign, "Service d'aide aux victimes (démo)", "Victor Lemaire", "victimes@partenaire-demo.test", "fr",
            "Aide aux victimes", "Accompagner une victime après une plainte", "Avenue des Saules 40, Val-des-Saules",
            "L'accueil au commissariat, le premier entretien, l'orientation vers les services spécialisés.",
            "Victimes d'infractions et leurs proches", [(start.AddDays(1), 1), (start.AddDays(2), 2)], ct);
        var mission = await PartnerOfferAsync(campaign, "Mission locale Val-des-Saules (démo)", "Pieter Wouters", "onthaal@missionlocale-demo.test", "nl",
            "Emploi et formation", "Ateliers de recherche d'emploi", "Place du Marché 2, Val-des-Saules",
            "Un atelier CV, un entretien de bilan, la rencontre avec un employeur partenaire.",
            "Demandeur·euses d'emploi peu qualifié·es", [(start.AddDays(2), 2), (start.AddDays(9), 1)], ct);
        await offers.SaveCoordinatorOfferAsync(campaign.Id, null, ImmersionHost.Cpas, new OfferInput
        {
            Organisation = "Service social général", Title = "Une journée au service social du CPAS", Domain = "Logement",
            Address = "CPAS de Val-des-Saules, rue des Saules 12", WhatYouWillSee = "L'accueil, une permanence sociale, la préparation d'un dossier pour le comité.",
            ContactName = coordinator?.DisplayName ?? "Coordination sociale (démo)", ContactEmail = "coordination@demo.casehub.test",
            Dates = [new(start.AddDays(3), 2)],
        }, ct);

        await participants.AddAsync(campaign.Id, workers.Select(w => w.Id), ct);
        await teams.SetRuleAsync(campaign.Id, team.Id, 1, lead.Id, false, ct);
        // Two of the three have chosen already; the status page shows who is missing.
        await participants.SavePreferencesAsync(campaign.Id, workers[0].Id, [escale[0], victims[0], mission[0]], [], ct);
        await participants.SavePreferencesAsync(campaign.Id, workers[1].Id, [victims[0], escale[0]], [start.AddDays(9)], ct);
    }

    private async Task<AppUser> CreateUserAsync(string email, string name, Guid organisationId, Guid serviceId)
    {
        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Language = "fr",
            OrganisationId = organisationId, ServiceId = serviceId, CreatedAt = clock.GetUtcNow(), ActivatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, DemoData.Password);
        if (!result.Succeeded) throw new InvalidOperationException("Demo user creation failed: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        await users.AddToRoleAsync(user, Roles.SocialWorker);
        return user;
    }

    private async Task<List<Guid>> PartnerOfferAsync(ImmersionCampaign c, string organisation, string contact, string email, string language,
        string domain, string title, string address, string see, string publicServed, (DateOnly Date, int Capacity)[] dates, CancellationToken ct)
    {
        var token = await partners.InviteAsync(c.Id, organisation, contact, email, language, ct);
        var offer = await offers.SavePartnerOfferAsync(token, null, new OfferInput
        {
            Title = title, Domain = domain, Address = address, WhatYouWillSee = see, PublicServed = publicServed,
            ContactName = contact, ContactEmail = email, DirectoryConsent = true,
            Dates = dates.Select(d => new OfferDateInput(d.Date, d.Capacity)).ToList(),
        }, ct);
        return offer.Dates.OrderBy(d => d.Date).Select(d => d.Id).ToList();
    }
}
