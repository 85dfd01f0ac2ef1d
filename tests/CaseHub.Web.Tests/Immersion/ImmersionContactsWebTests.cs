using System.Globalization;
using System.Net;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Demo;
using CaseHub.Core.Immersion;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Immersion;

/// <summary>
/// Contacts made in an immersion flow into the partner directory over real HTTP: the visitor notes them, the
/// coordinator records the person's consent and adds them in one click — never without consent, never twice, and a
/// withdrawn consent takes the person's details out of the directory.
/// </summary>
public class ImmersionContactsWebTests(AppFixture fx) : IClassFixture<AppFixture>
{
    private const string Coordinator = "coordination@demo.casehub.test";

    /// <summary>A campaign with one partner offer and one worker placed on its first date: the debrief page's placement.</summary>
    private async Task<(Guid PlacementId, AppUser Worker, string Organisation)> PlacementAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var cpas = await fx.App.WithDbAsync(db => db.Organisations.FirstAsync(o => o.Name == DemoData.CpasName));
        var worker = await fx.App.CreateUserAsync($"visit.{tag}@cpas-web.test", "Visiteur " + tag, Roles.SocialWorker, organisationId: cpas.Id);
        var today = CalendarTime.LocalDate(DateTimeOffset.UtcNow);
        var organisation = "Maison de quartier " + tag;
        Guid placementId = default;
        await fx.App.WithScopeAsync(async sp =>
        {
            var c = await sp.GetRequiredService<ImmersionCampaigns>().CreateAsync(new CampaignInput
            {
                Name = "Contacts " + tag, PeriodStart = today.AddDays(30), PeriodEnd = today.AddDays(50),
                OffersDeadline = today.AddDays(5), PreferencesDeadline = today.AddDays(10), MaxRanks = 3,
                ContactName = "Camille Coordination", ContactEmail = Coordinator,
            }, null);
            var token = await sp.GetRequiredService<ImmersionPartners>().InviteAsync(c.Id, organisation, "Hôte " + tag, $"host.{tag}@partner-web.test", "fr");
            var offer = await sp.GetRequiredService<ImmersionOffers>().SavePartnerOfferAsync(token, null, new OfferInput
            {
                Title = "Accueil social", Domain = "Logement", Address = "Rue du Test 1", WhatYouWillSee = "Une permanence logement (fictive).",
                ContactName = "Hôte " + tag, ContactEmail = $"host.{tag}@partner-web.test", DirectoryConsent = false,
                Dates = [new(TestDates.Weekday(today.AddDays(32)), 1)],
            });
            await sp.GetRequiredService<ImmersionParticipants>().AddAsync(c.Id, [worker.Id]);
            var db = sp.GetRequiredService<Core.Data.CaseHubDbContext>();
            var participant = await db.ImmersionParticipants.SingleAsync(p => p.CampaignId == c.Id && p.UserId == worker.Id);
            var placement = new ImmersionPlacement { CampaignId = c.Id, ParticipantId = participant.Id, OfferDateId = offer.Dates[0].Id, UpdatedAt = DateTimeOffset.UtcNow };
            db.ImmersionPlacements.Add(placement);
            await db.SaveChangesAsync();
            placementId = placement.Id;
        });
        return (placementId, worker, organisation);
    }

    private async Task<FormClient> SignedInAsync(string email)
    {
        var client = fx.App.NewClient();
        await client.SignInAsync(email, DemoData.Password);
        return client;
    }

    private static string Page(Guid placementId) => $"/immersion/debrief/{placementId}";

    private static Task<HttpResponseMessage> PostAsync(FormClient client, Guid placementId, string handler, Guid? contactId, params (string Key, string Value)[] fields)
        => client.SubmitToAsync(Page(placementId), $"{Page(placementId)}?handler={handler}" + (contactId is { } id ? $"&contactId={id}" : ""), fields);

    /// <summary>The organisation's entries other than the one that follows its immersion offer (which lists the offer's service).</summary>
    private Task<List<PartnerDirectoryEntry>> EntriesAsync(string organisation)
        => fx.App.WithDbAsync(db => db.PartnerDirectoryEntries.AsNoTracking().Where(e => e.Organisation == organisation && e.SourceOfferId == null).ToListAsync());

    [Fact]
    public async Task A_contact_reaches_the_directory_only_with_consent_once_and_leaves_it_when_consent_is_withdrawn()
    {
        var (placementId, worker, organisation) = await PlacementAsync();
        using var visitor = await SignedInAsync(worker.Email!);
        using (var r = await PostAsync(visitor, placementId, "Contact", null, ("Contact.Name", "Aline Exemple"), ("Contact.Service", "Service logement"),
                   ("Contact.Email", "aline.exemple@partner-web.test"), ("Contact.Phone", "02 000 00 00")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var contact = await fx.App.WithDbAsync(db => db.ImmersionContacts.AsNoTracking().SingleAsync(c => c.PlacementId == placementId));
        Assert.Equal(organisation, contact.Organisation); // empty organisation: the host's

        using var coordinator = await SignedInAsync(Coordinator);
        var html = WebUtility.HtmlDecode(await coordinator.GetStringAsync(Page(placementId)));
        Assert.Contains("Aline Exemple", html);
        Assert.Contains("pas encore enregistré", html);

        // Without consent: refused with the reason, nothing stored.
        using (var r = await PostAsync(coordinator, placementId, "ToDirectory", contact.Id))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("L'accord de la personne n'est pas enregistré", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        }
        Assert.Empty(await EntriesAsync(organisation));

        // Consent: a day in the future and a missing method are refused; then recorded.
        var today = CalendarTime.LocalDate(DateTimeOffset.UtcNow);
        using (var r = await PostAsync(coordinator, placementId, "Consent", contact.Id, ("consentDate", today.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("consentMethod", "Phone")))
            Assert.Contains("Le jour de l'accord doit être entre", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        using (var r = await PostAsync(coordinator, placementId, "Consent", contact.Id, ("consentDate", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("consentMethod", "")))
            Assert.Contains("Indiquez comment la personne a donné son accord", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        Assert.Null((await fx.App.WithDbAsync(db => db.ImmersionContacts.AsNoTracking().SingleAsync(c => c.Id == contact.Id))).ConsentGivenOn);
        using (var r = await PostAsync(coordinator, placementId, "Consent", contact.Id, ("consentDate", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("consentMethod", "Phone")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var recorded = await fx.App.WithDbAsync(db => db.ImmersionContacts.AsNoTracking().SingleAsync(c => c.Id == contact.Id));
        Assert.Equal(today, recorded.ConsentGivenOn);
        Assert.Equal(ContactConsentMethod.Phone, recorded.ConsentMethod);
        Assert.Equal(await fx.App.WithDbAsync(db => db.Users.Where(u => u.Email == Coordinator).Select(u => u.Id).SingleAsync()), recorded.ConsentRecordedBy);

        // The visitor is not the coordinator: refused with the reason, nothing stored.
        using (var r = await PostAsync(visitor, placementId, "ToDirectory", contact.Id))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Contains("Seule la coordination", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        }
        Assert.Empty(await EntriesAsync(organisation));

        // One click: one entry. A second click updates it (no duplicate).
        using (var r = await PostAsync(coordinator, placementId, "ToDirectory", contact.Id))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using (var r = await PostAsync(coordinator, placementId, "ToDirectory", contact.Id))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var entry = Assert.Single(await EntriesAsync(organisation));
        Assert.Equal(("Aline Exemple", "aline.exemple@partner-web.test", "02 000 00 00", "Service logement"), (entry.ContactName, entry.ContactEmail, entry.ContactPhone, entry.Service));
        Assert.Contains("Logement", entry.DomainList);
        Assert.Contains("a été mise à jour", WebUtility.HtmlDecode(await coordinator.GetStringAsync(Page(placementId))));

        // The same person noted again (another debrief line, same e-mail) links to the same entry.
        using (var r = await PostAsync(visitor, placementId, "Contact", null, ("Contact.Name", "Aline Exemple"), ("Contact.Email", "aline.exemple@partner-web.test")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var second = await fx.App.WithDbAsync(db => db.ImmersionContacts.AsNoTracking().SingleAsync(c => c.PlacementId == placementId && c.Id != contact.Id));
        using (var r = await PostAsync(coordinator, placementId, "Consent", second.Id, ("consentDate", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("consentMethod", "Email")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using (var r = await PostAsync(coordinator, placementId, "ToDirectory", second.Id))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(entry.Id, Assert.Single(await EntriesAsync(organisation)).Id);

        // Consent withdrawn: the person's details leave the entry; the service stays listed.
        using (var r = await PostAsync(coordinator, placementId, "Withdraw", contact.Id))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var after = Assert.Single(await EntriesAsync(organisation));
        Assert.Equal((null, null, null), (after.ContactName, after.ContactEmail, after.ContactPhone));
        Assert.Equal(organisation, after.Organisation);
        // …and it cannot go back in without a new consent.
        using (var r = await PostAsync(coordinator, placementId, "ToDirectory", contact.Id))
            Assert.Contains("L'accord de la personne n'est pas enregistré", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        Assert.Null(Assert.Single(await EntriesAsync(organisation)).ContactName);
    }

    [Fact]
    public async Task Only_the_visitor_notes_contacts_a_bad_contact_is_refused_and_strangers_get_404()
    {
        var (placementId, worker, _) = await PlacementAsync();
        using var coordinator = await SignedInAsync(Coordinator);
        using (var r = await PostAsync(coordinator, placementId, "Contact", null, ("Contact.Name", "Quelqu'un")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Contains("Seule la personne qui a fait l'immersion", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        }
        using var visitor = await SignedInAsync(worker.Email!);
        using (var r = await PostAsync(visitor, placementId, "Contact", null, ("Contact.Name", ""), ("Contact.Email", "pas-une-adresse")))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using (var r = await PostAsync(visitor, placementId, "Contact", null, ("Contact.Name", new string('x', 101))))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(0, await fx.App.WithDbAsync(db => db.ImmersionContacts.CountAsync(c => c.PlacementId == placementId)));

        using var stranger = await SignedInAsync("ai@demo.casehub.test");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(Page(placementId))).StatusCode);
        using (var r = await visitor.SubmitToAsync(Page(placementId), $"{Page(placementId)}?handler=Contact", ("Contact.Name", "Aline Exemple")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var id = await fx.App.WithDbAsync(db => db.ImmersionContacts.Where(c => c.PlacementId == placementId).Select(c => c.Id).SingleAsync());
        // A stranger posting to the contact through any debrief they cannot read: 404, nothing changed.
        using (var r = await stranger.PostAsync($"{Page(placementId)}?handler=Consent&contactId={id}", [new("consentDate", "2026-01-01"), new("consentMethod", "Phone")], null))
            Assert.True(r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, r.StatusCode.ToString());
        Assert.Null((await fx.App.WithDbAsync(db => db.ImmersionContacts.AsNoTracking().SingleAsync(c => c.Id == id))).ConsentGivenOn);
    }
}
