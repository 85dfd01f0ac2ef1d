using System.Globalization;
using System.Net;
using CaseHub.Core.Calendar;
using CaseHub.Core.Demo;
using CaseHub.Core.Immersion;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Immersion;

/// <summary>Reciprocity (partner workers invited by a mailed sign-in link) and the directory linked to organisations, over HTTP.</summary>
public partial class ImmersionWebTests
{
    private static KeyValuePair<string, string> F(string key, string value) => KeyValuePair.Create(key, value);

    [Fact]
    public async Task A_partner_worker_added_by_the_coordinator_signs_in_by_the_mailed_link_ranks_a_cpas_service_and_is_matched_there()
    {
        var s = await CampaignAsync(workers: 1);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var today = CalendarTime.LocalDate(DateTimeOffset.UtcNow);
        ImmersionOffer cpasOffer = null!;
        await fx.App.WithScopeAsync(async sp => cpasOffer = await sp.GetRequiredService<ImmersionOffers>().SaveCoordinatorOfferAsync(s.CampaignId, null, ImmersionHost.Cpas, new OfferInput
        {
            Organisation = "Service ISP " + tag, Title = "Une journée à l'insertion", Domain = "Emploi et formation", Address = "Rue des Saules 12",
            WhatYouWillSee = "Un atelier collectif et un entretien de bilan (fictifs).", ContactName = "Camille Coordination", ContactEmail = Coordinator,
            Dates = [new(TestDates.MondayOnOrAfter(today.AddDays(31)).AddDays(2), 1)], // a Wednesday
        }));
        var cpasDate = cpasOffer.Dates[0].Id;
        var orgA = await fx.App.WithDbAsync(db => db.Organisations.Where(o => o.Name == DemoData.PartnerA).Select(o => o.Id).SingleAsync());
        var campaignPage = $"/immersion/{s.CampaignId}";
        var add = $"{campaignPage}?handler=AddPartnerWorker";
        var email = $"lotte.{tag}@partner-web.test";

        using var coord = await SignedInAsync(Coordinator);
        using (var r = await coord.SubmitToAsync(campaignPage, add, ("Worker.Name", "Lotte " + tag), ("Worker.Email", email), ("Worker.OrganisationId", orgA.ToString()), ("Worker.Language", "nl")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        // Bad input: the same person again, a CPAS staff address, no organisation — a clear error, nothing stored.
        async Task<string> RefusedAsync(params (string, string)[] fields)
        {
            using var r = await coord.SubmitToAsync(campaignPage, add, fields);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            return WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        }
        Assert.Contains("Cette personne participe déjà à la campagne.",
            await RefusedAsync(("Worker.Name", "Lotte"), ("Worker.Email", email.ToUpperInvariant()), ("Worker.OrganisationId", orgA.ToString()), ("Worker.Language", "fr")));
        Assert.Contains("appartient à un compte du personnel du CPAS",
            await RefusedAsync(("Worker.Name", "AS"), ("Worker.Email", "as@demo.casehub.test"), ("Worker.OrganisationId", orgA.ToString()), ("Worker.Language", "fr")));
        Assert.Contains("Choisissez l'organisation partenaire de cette personne.",
            await RefusedAsync(("Worker.Name", "Sans org"), ("Worker.Email", $"sans.{tag}@partner-web.test"), ("Worker.OrganisationId", ""), ("Worker.Language", "fr")));
        Assert.Equal(1, await fx.App.WithDbAsync(db => db.ImmersionParticipants.CountAsync(p => p.CampaignId == s.CampaignId && p.Visits == ImmersionHost.Cpas)));
        Assert.False(await fx.App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == $"sans.{tag}@partner-web.test")));
        Assert.Contains($"data-resend-worker=\"{email}\"", await coord.GetStringAsync(campaignPage));

        // The invitation, in the worker's language, with a single-use sign-in link to the choice page.
        var mail = (await fx.Smtp.WaitForAsync(email)).Single();
        Assert.Contains("kies uw dag in het OCMW", mail.Subject);
        var link = MailLinks.Find(mail, "/account/magic");
        using var worker = fx.App.NewClient("nl");
        using (var signIn = await worker.SubmitAsync(link))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal($"/immersion/{s.CampaignId}/choose", signIn.Headers.Location!.OriginalString);
        }
        var choose = $"/immersion/{s.CampaignId}/choose";
        var page = WebUtility.HtmlDecode(await worker.GetStringAsync(choose));
        Assert.Contains("Service ISP " + tag, page);
        Assert.DoesNotContain("Médiation scolaire", page); // partners' offers are for CPAS workers

        // Ranking a partner's offer (wrong side) or one date twice: a Dutch error, nothing saved.
        using (var r = await worker.SubmitToAsync(choose, choose + "?handler=Save", ("Ranking[0]", s.Offer.Dates[0].Id.ToString())))
            Assert.Contains("Keuze nr. 1 komt niet overeen met een aanbod dat voor u openstaat.", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        using (var r = await worker.SubmitToAsync(choose, choose + "?handler=Save", ("Ranking[0]", cpasDate.ToString()), ("Ranking[1]", cpasDate.ToString())))
            Assert.Contains("Dezelfde datum is twee keer gekozen", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        Assert.Equal("", await fx.App.WithDbAsync(db => db.ImmersionParticipants.Where(p => p.Email == email).Select(p => p.Ranking).SingleAsync()));
        using (var r = await worker.SubmitToAsync(choose, choose + "?handler=Save", ("Ranking[0]", cpasDate.ToString())))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        // The link worked once.
        using var other = fx.App.NewClient("en");
        using (var reuse = await other.SubmitAsync(link))
            Assert.Contains("This link has already been used.", WebUtility.HtmlDecode(await reuse.Content.ReadAsStringAsync()));

        // The same matching run places the partner worker at the CPAS service.
        var v = await VersionOfPageAsync(coord, s.CampaignId);
        using (var r = await coord.SubmitToAsync($"/immersion/{s.CampaignId}/matching", $"/immersion/{s.CampaignId}/matching?handler=Run", ("Version", v.ToString(CultureInfo.InvariantCulture)), ("Seed", "11")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(cpasDate, await fx.App.WithDbAsync(db => db.ImmersionPlacements
            .Where(p => db.ImmersionParticipants.Any(x => x.Id == p.ParticipantId && x.Email == email)).Select(p => p.OfferDateId).SingleAsync()));
    }

    [Fact]
    public async Task A_partner_worker_corrects_only_their_own_organisations_entries_and_the_csv_names_the_organisation()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var orgA = await fx.App.WithDbAsync(db => db.Organisations.Where(o => o.Name == DemoData.PartnerA).Select(o => o.Id).SingleAsync());
        var orgB = await fx.App.WithDbAsync(db => db.Organisations.Where(o => o.Name == DemoData.PartnerB).Select(o => o.Id).SingleAsync());
        PartnerDirectoryEntry own = null!, theirs = null!;
        await fx.App.WithScopeAsync(async sp =>
        {
            var d = sp.GetRequiredService<PartnerDirectory>();
            own = await d.SaveAsync(null, new DirectoryInput { Organisation = "Tilleuls " + tag, Service = "Onthaal " + tag, Domains = "Jeunesse", OrganisationId = orgA });
            theirs = await d.SaveAsync(null, new DirectoryInput { Organisation = "Escale " + tag, Domains = "Santé mentale", OpeningHours = "Lu 9h", OrganisationId = orgB });
        });

        using var partner = await SignedInAsync("partner@demo.casehub.test"); // a worker of partner A
        var list = WebUtility.HtmlDecode(await partner.GetStringAsync("/immersion/directory?q=" + tag));
        Assert.Contains($"data-correct=\"{own.Id}\"", list);
        Assert.DoesNotContain($"data-correct=\"{theirs.Id}\"", list);
        Assert.Contains($"data-organisation=\"{orgA}\"", list);

        var correct = $"/immersion/directory?handler=Correct&edit={own.Id}";
        using (var r = await partner.SubmitToAsync($"/immersion/directory?edit={own.Id}", correct,
                   ("Correction.OpeningHours", "Ma–vr 9u–17u"), ("Correction.Address", "Lindestraat 1"), ("Correction.PublicServed", "Gezinnen"), ("Correction.ContactConsent", "false")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var saved = await fx.App.WithDbAsync(db => db.PartnerDirectoryEntries.SingleAsync(e => e.Id == own.Id));
        Assert.Equal(("Ma–vr 9u–17u", "Lindestraat 1", "Gezinnen"), (saved.OpeningHours, saved.Address, saved.PublicServed));
        // A contact without consent: a Dutch error, the entry unchanged.
        using (var r = await partner.SubmitToAsync($"/immersion/directory?edit={own.Id}", correct, ("Correction.OpeningHours", "nooit"), ("Correction.ContactName", "Piet"), ("Correction.ContactConsent", "false")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("Een contactpersoon wordt alleen met toestemming vermeld", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        }
        Assert.Equal("Ma–vr 9u–17u", await fx.App.WithDbAsync(db => db.PartnerDirectoryEntries.Where(e => e.Id == own.Id).Select(e => e.OpeningHours).SingleAsync()));

        // Another organisation's entry, or another role: 404, nothing changed.
        var token = FormClient.AntiforgeryToken(await partner.GetStringAsync("/immersion/directory"));
        using (var r = await partner.PostAsync($"/immersion/directory?handler=Correct&edit={theirs.Id}", [F("Correction.OpeningHours", "jamais")], token))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using var staff = await SignedInAsync("as@demo.casehub.test");
        var staffToken = FormClient.AntiforgeryToken(await staff.GetStringAsync("/immersion/directory"));
        using (var r = await staff.PostAsync(correct, [F("Correction.OpeningHours", "jamais")], staffToken))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("Lu 9h", await fx.App.WithDbAsync(db => db.PartnerDirectoryEntries.Where(e => e.Id == theirs.Id).Select(e => e.OpeningHours).SingleAsync()));

        // The organisation's section lists its services; the CSV names the linked organisation.
        using var coord = await SignedInAsync(Coordinator);
        var section = WebUtility.HtmlDecode(await coord.GetStringAsync($"/immersion/directory?org={orgA}&q={tag}"));
        Assert.Contains("id=\"organisation-services\"", section);
        Assert.Contains("Onthaal " + tag, section);
        Assert.DoesNotContain("Escale " + tag, section);
        var csv = await coord.GetStringAsync($"/immersion/directory?handler=Csv&q={tag}");
        Assert.Contains("Organisation liée", csv);
        Assert.Contains($"Tilleuls {tag};{DemoData.PartnerA};Onthaal {tag}", csv);
        Assert.Contains($"Escale {tag};{DemoData.PartnerB};", csv);
    }
}
