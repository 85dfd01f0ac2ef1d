using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Immersion;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.Immersion;

/// <summary>Partner workers added for reciprocity (accounts, invitations, refusals) and the directory linked to organisations.</summary>
public class ImmersionReciprocityTests
{
    private static readonly DateOnly D1 = new(2026, 4, 7);

    private static async Task<DomainException> Refused(Func<Task> action) => await Assert.ThrowsAsync<DomainException>(action);

    private static async Task<(Guid Partner, Guid Cpas)> OrganisationsAsync(CoreTestHost<ImmersionCast> bed)
    {
        // The bed creates only the Coordinator role; accounts need the worker roles too.
        await bed.DbAsync(db =>
        {
            foreach (var name in new[] { Roles.PartnerWorker, Roles.SocialWorker })
                if (!db.Roles.Any(r => r.Name == name)) db.Roles.Add(new IdentityRole<Guid>(name) { Id = Guid.NewGuid(), NormalizedName = name.ToUpperInvariant() });
            // The bed's users are inserted directly: give them what Identity looks them up by.
            foreach (var u in db.Users) { u.NormalizedEmail = u.Email!.ToUpperInvariant(); u.NormalizedUserName = u.UserName!.ToUpperInvariant(); }
            return db.SaveChangesAsync();
        });
        var partner = await bed.DbAsync(db => db.Organisations.Where(o => o.Kind == OrganisationKind.Partner).Select(o => o.Id).SingleAsync());
        var cpas = await bed.DbAsync(db => db.Organisations.Where(o => o.Kind == OrganisationKind.Cpas).Select(o => o.Id).SingleAsync());
        return (partner, cpas);
    }

    private static Task<ImmersionParticipant> AddAsync(CoreTestHost<ImmersionCast> bed, Guid campaignId, string name, string email, Guid? org, string lang = "nl")
        => bed.InScopeAsync<ImmersionReciprocity, ImmersionParticipant>(r => r.AddPartnerWorkerAsync(campaignId, name, email, org, lang, bed.Cast.Coordinator.Id));

    [Fact]
    public async Task A_partner_worker_gets_a_password_less_account_and_a_single_use_link_to_the_choice_page()
    {
        await using var bed = await ImmersionSetup.CreateAsync(0);
        var (partner, _) = await OrganisationsAsync(bed);
        var (c, _) = await bed.CampaignWithPartnerAsync();
        var p = await AddAsync(bed, c.Id, "Lotte Partner", "Lotte@Partner-Test.test", partner);
        Assert.Equal(ImmersionHost.Cpas, p.Visits);
        Assert.Null(p.TeamId);
        var user = await bed.DbAsync(db => db.Users.SingleAsync(u => u.Id == p.UserId));
        Assert.Equal("lotte@partner-test.test", user.Email);
        Assert.Null(user.PasswordHash);
        Assert.Equal(partner, user.OrganisationId);
        Assert.Equal("nl", user.Language);
        var mail = Assert.Single(await bed.MailsToAsync("lotte@partner-test.test"));
        Assert.Equal("ImmersionWorkerLink", mail.Kind);
        var text = mail.Message.TextBody;
        Assert.Contains("Inleefdagen: kies uw dag in het OCMW", mail.Message.Subject);
        Assert.Contains("/account/magic?token=", text);
        Assert.Contains("returnUrl=" + Uri.EscapeDataString(ImmersionLinks.ChoosePath(c.Id)), text);
        // Only the hash is stored, as a magic link of the Accounts machinery, valid seven days.
        var token = await bed.DbAsync(db => db.AccountTokens.SingleAsync(t => t.UserId == user.Id));
        Assert.Equal(AccountTokenPurpose.MagicLink, token.Purpose);
        Assert.Equal(bed.Clock.GetUtcNow() + ImmersionReciprocity.LinkLifetime, token.ExpiresAt);
        Assert.DoesNotContain(token.TokenHash, text);

        // The same person in a second campaign reuses the account.
        var c2 = await bed.InScopeAsync<ImmersionCampaigns, ImmersionCampaign>(s => s.CreateAsync(ImmersionSetup.Campaign("Deuxième"), bed.Cast.Coordinator.Id));
        var again = await AddAsync(bed, c2.Id, "Lotte P.", "lotte@partner-test.test", partner, "fr");
        Assert.Equal(user.Id, again.UserId);
        Assert.Equal("nl", again.Language); // the account's own language
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_specific_error_and_nothing_is_stored()
    {
        await using var bed = await ImmersionSetup.CreateAsync(1);
        var (partner, cpas) = await OrganisationsAsync(bed);
        var (c, _) = await bed.CampaignWithPartnerAsync();
        await AddAsync(bed, c.Id, "Lotte Partner", "lotte@partner-test.test", partner);
        var users = await bed.DbAsync(db => db.Users.CountAsync());
        var people = await bed.DbAsync(db => db.ImmersionParticipants.CountAsync());
        var mails = await bed.MailCountAsync();

        Assert.Equal("Immersion.Error.ParticipantExists", (await Refused(() => AddAsync(bed, c.Id, "Lotte", "LOTTE@partner-test.test", partner))).TextKey);
        // A CPAS staff account (the bed's worker has no role but the bed's coordinator has one).
        var staff = await Refused(() => AddAsync(bed, c.Id, "Coord", bed.Cast.Coordinator.Email!, partner));
        Assert.Equal(("Immersion.Error.StaffEmail", "Email"), (staff.TextKey, staff.Field));
        Assert.Equal("Immersion.Error.NotPartnerOrganisation", (await Refused(() => AddAsync(bed, c.Id, "Cé", "ce@partner-test.test", cpas))).TextKey);
        Assert.Equal("Immersion.Error.NotPartnerOrganisation", (await Refused(() => AddAsync(bed, c.Id, "Cé", "ce@partner-test.test", null))).TextKey);
        Assert.Equal("Immersion.Error.NotPartnerOrganisation", (await Refused(() => AddAsync(bed, c.Id, "Cé", "ce@partner-test.test", Guid.NewGuid()))).TextKey);
        Assert.Equal("Error.InvalidEmail", (await Refused(() => AddAsync(bed, c.Id, "Cé", "pas-une-adresse", partner))).TextKey);
        Assert.Equal("Error.InvalidLanguage", (await Refused(() => AddAsync(bed, c.Id, "Cé", "ce@partner-test.test", partner, "de"))).TextKey);
        Assert.Equal("Error.Required", (await Refused(() => AddAsync(bed, c.Id, " ", "ce@partner-test.test", partner))).TextKey);
        // Another organisation's worker.
        var other = await bed.DbAsync(async db =>
        {
            var o = new Organisation { Name = "Autre partenaire", Kind = OrganisationKind.Partner };
            db.Organisations.Add(o);
            await db.SaveChangesAsync();
            return o.Id;
        });
        var c2 = await bed.InScopeAsync<ImmersionCampaigns, ImmersionCampaign>(s => s.CreateAsync(ImmersionSetup.Campaign("Deuxième"), bed.Cast.Coordinator.Id));
        Assert.Equal("Immersion.Error.OtherOrganisation", (await Refused(() => AddAsync(bed, c2.Id, "Lotte", "lotte@partner-test.test", other))).TextKey);

        Assert.Equal(users, await bed.DbAsync(db => db.Users.CountAsync()));
        Assert.Equal(people, await bed.DbAsync(db => db.ImmersionParticipants.CountAsync()));
        Assert.Equal(mails, await bed.MailCountAsync());
    }

    [Fact]
    public async Task A_partner_worker_ranks_cpas_offers_only_and_is_matched_in_the_same_run()
    {
        await using var bed = await ImmersionSetup.CreateAsync(1);
        var (partner, _) = await OrganisationsAsync(bed);
        var (c, token) = await bed.CampaignWithPartnerAsync();
        var partnerOffer = await bed.OfferAsync(token, "Accueil", (D1, 1));
        var cpasOffer = await bed.InScopeAsync<ImmersionOffers, ImmersionOffer>(s => s.SaveCoordinatorOfferAsync(c.Id, null, ImmersionHost.Cpas,
            ImmersionSetup.Offer("Service social") with { Organisation = "Service social général", Dates = [new(D1, 1)] }));
        var closed = await bed.InScopeAsync<ImmersionOffers, ImmersionOffer>(s => s.SaveCoordinatorOfferAsync(c.Id, null, ImmersionHost.Cpas,
            ImmersionSetup.Offer("ISP") with { Organisation = "Service ISP", Dates = [new(D1, 1)] }));
        await bed.InScopeAsync<ImmersionOffers>(s => s.SetClosedAsync(c.Id, closed.Id, true));
        var p = await AddAsync(bed, c.Id, "Lotte Partner", "lotte@partner-test.test", partner);

        Assert.Equal("Immersion.Error.UnknownOffer", (await Refused(() => bed.InScopeAsync<ImmersionParticipants>(s => s.SavePreferencesAsync(c.Id, p.UserId, [partnerOffer.Dates[0].Id], [])))).TextKey);
        Assert.Equal("Immersion.Error.OfferClosed", (await Refused(() => bed.InScopeAsync<ImmersionParticipants>(s => s.SavePreferencesAsync(c.Id, p.UserId, [closed.Dates[0].Id], [])))).TextKey);
        var cpasDate = cpasOffer.Dates[0].Id;
        Assert.Equal("Immersion.Error.DuplicateRank", (await Refused(() => bed.InScopeAsync<ImmersionParticipants>(s => s.SavePreferencesAsync(c.Id, p.UserId, [cpasDate, cpasDate], [])))).TextKey);
        Assert.Equal("", await bed.DbAsync(db => db.ImmersionParticipants.Where(x => x.Id == p.Id).Select(x => x.Ranking).SingleAsync()));

        await bed.InScopeAsync<ImmersionParticipants>(s => s.SavePreferencesAsync(c.Id, p.UserId, [cpasDate], []));
        await bed.RankAsync(c.Id, bed.Cast.Workers[0], partnerOffer.Dates[0].Id);
        var version = await bed.VersionAsync(c.Id);
        await bed.InScopeAsync<ImmersionMatchingService>(s => s.RunAsync(c.Id, 3, version));
        var board = await bed.BoardAsync(c.Id);
        Assert.Equal(cpasDate, board.Board.Rows.Single(r => r.Participant.Id == p.Id).OfferDateId);
        Assert.Equal(partnerOffer.Dates[0].Id, board.PlaceOf(bed.Cast.Workers[0]));
    }

    [Fact]
    public async Task Directory_entries_follow_their_organisation_and_only_its_partner_workers_correct_them()
    {
        await using var bed = await ImmersionSetup.CreateAsync(0);
        var (partner, cpas) = await OrganisationsAsync(bed);
        var c = await bed.InScopeAsync<ImmersionCampaigns, ImmersionCampaign>(s => s.CreateAsync(ImmersionSetup.Campaign(), bed.Cast.Coordinator.Id));
        // An offer from a partner whose name matches an Accounts organisation (case aside) links its entry.
        var token = await bed.InScopeAsync<ImmersionPartners, string>(s => s.InviteAsync(c.Id, "PARTENAIRE TEST", "Mia", "mia@partner-test.test", "fr"));
        var offer = await bed.OfferAsync(token, "Accueil", (D1, 1));
        var linked = await bed.DbAsync(db => db.PartnerDirectoryEntries.SingleAsync(e => e.SourceOfferId == offer.Id));
        Assert.Equal(partner, linked.OrganisationId);
        var unknown = await bed.InScopeAsync<ImmersionPartners, string>(s => s.InviteAsync(c.Id, "Inconnu asbl", "Ugo", "ugo@partner-test.test", "fr"));
        var unlinkedOffer = await bed.OfferAsync(unknown, "Permanence", (D1, 1));
        Assert.Null(await bed.DbAsync(db => db.PartnerDirectoryEntries.Where(e => e.SourceOfferId == unlinkedOffer.Id).Select(e => e.OrganisationId).SingleAsync()));

        // The coordinator links an entry by hand; an unknown organisation is refused.
        var cpasEntry = await bed.InScopeAsync<PartnerDirectory, PartnerDirectoryEntry>(d => d.SaveAsync(null, new DirectoryInput { Organisation = "CPAS", Service = "Accueil", OrganisationId = cpas }));
        Assert.Equal("Immersion.Error.UnknownOrganisation", (await Refused(() => bed.InScopeAsync<PartnerDirectory, PartnerDirectoryEntry>(d => d.SaveAsync(null, new DirectoryInput { Organisation = "X", OrganisationId = Guid.NewGuid() })))).TextKey);

        // Filter by organisation.
        var mine = await bed.InScopeAsync<PartnerDirectory, List<PartnerDirectoryEntry>>(d => d.SearchAsync(null, null, partner));
        Assert.Equal(linked.Id, Assert.Single(mine).Id);

        // The partner's worker corrects their own entry; someone else's (or with no organisation) is 404; no consent, no contact.
        var fix = new DirectoryCorrection { OpeningHours = "Lu–ve 9h–16h", Address = "Rue Neuve 2", PublicServed = "Familles", ContactName = "Mia", ContactEmail = "mia@partner-test.test", ContactConsent = true };
        var corrected = await bed.InScopeAsync<PartnerDirectory, PartnerDirectoryEntry>(d => d.CorrectAsync(linked.Id, fix, partner));
        Assert.Equal(("Lu–ve 9h–16h", "Rue Neuve 2", "Familles", "mia@partner-test.test"), (corrected.OpeningHours, corrected.Address, corrected.PublicServed, corrected.ContactEmail));
        Assert.True((await Refused(() => bed.InScopeAsync<PartnerDirectory, PartnerDirectoryEntry>(d => d.CorrectAsync(cpasEntry.Id, fix, partner)))).IsNotFound);
        Assert.True((await Refused(() => bed.InScopeAsync<PartnerDirectory, PartnerDirectoryEntry>(d => d.CorrectAsync(linked.Id, fix, null)))).IsNotFound);
        Assert.Equal("Immersion.Error.ContactConsent", (await Refused(() => bed.InScopeAsync<PartnerDirectory, PartnerDirectoryEntry>(d => d.CorrectAsync(linked.Id, fix with { OpeningHours = "jamais", ContactConsent = false }, partner)))).TextKey);
        Assert.Equal("Lu–ve 9h–16h", (await bed.InScopeAsync<PartnerDirectory, PartnerDirectoryEntry?>(d => d.FindAsync(linked.Id)))!.OpeningHours);
        // Withdrawing consent (and the contact) removes it.
        var withdrawn = await bed.InScopeAsync<PartnerDirectory, PartnerDirectoryEntry>(d => d.CorrectAsync(linked.Id, new DirectoryCorrection { OpeningHours = "Lu–ve" }, partner));
        Assert.Null(withdrawn.ContactEmail);

        // The export names the linked organisation.
        var exporter = new CaseHub.Core.Exports.Exporter(CaseHub.Core.Localization.TextCatalog.LoadFrom(typeof(PartnerDirectory).Assembly));
        var names = (await bed.InScopeAsync<PartnerDirectory, List<(Guid Id, string Name, bool Partner)>>(d => d.OrganisationsAsync())).ToDictionary(o => o.Id, o => o.Name);
        var csv = System.Text.Encoding.UTF8.GetString(exporter.Write(ImmersionExports.Directory([withdrawn], names), CaseHub.Core.Exports.ExportFormat.Csv, "fr", "directory").Content);
        Assert.Contains("PARTENAIRE TEST;Partenaire test;", csv);
    }
}
