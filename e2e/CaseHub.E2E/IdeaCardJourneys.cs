using System.Globalization;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Demo;
using CaseHub.Core.Immersion;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.E2E;

/// <summary>
/// Issue #22: a network meeting's brainstorm with idea cards in three browsers (two desktops and a phone at 390 px),
/// from the first card to the decisions and the minutes; and the coordinator adding a debrief's contact to the
/// partner directory once the person's consent is recorded.
/// </summary>
[Collection("e2e")]
public class IdeaCardJourneys(E2EFixture f)
{
    private const string Chair = "facilitator@demo.casehub.test";
    private const string As = "as@demo.casehub.test";
    private const string Partner = "partner@demo.casehub.test";
    private const string Coordinator = "coordination@demo.casehub.test";

    private async Task<Guid> MeetingAsync(string title)
    {
        Guid id = default;
        await f.App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CaseHubDbContext>();
            async Task<Guid> User(string email) => await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var now = DateTimeOffset.UtcNow;
            var room = await sp.GetRequiredService<RoomService>().CreateAsync(new RoomSpec(title, NetworkMeetingProtocol.Key, now, now.AddHours(2), "Salle du conseil", null, null,
                [new ParticipantSpec(await User(As), RoomRole.Participant, null), new ParticipantSpec(await User(Partner), RoomRole.Participant, null)]), await User(Chair));
            await db.SaveChangesAsync();
            id = room.Id;
        });
        return id;
    }

    private static async Task<bool> FitsWidthAsync(IPage page)
        => await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    private static ILocator Card(IPage page, string text) => page.Locator(".idea-card", new() { HasText = text });

    [Fact]
    public async Task Three_people_write_group_and_vote_on_idea_cards_and_the_top_ideas_reach_the_decisions_and_the_minutes()
    {
        var title = "Réseau AMIF — idées " + Guid.NewGuid().ToString("N")[..6];
        var id = await MeetingAsync(title);
        var room = $"/meetings/{id}/room";

        var chair = await f.NewPageAsync("fr-BE");
        await chair.SignInAsync(Chair);
        await chair.GotoAsync(room);
        await Assertions.Expect(chair.Locator(".conn")).ToHaveTextAsync("Connecté·e");
        var asPage = await f.NewPageAsync("fr-BE");
        await asPage.SignInAsync(As);
        await asPage.GotoAsync(room);
        await Assertions.Expect(asPage.Locator(".conn")).ToHaveTextAsync("Connecté·e");
        var phone = await f.NewPageAsync("nl-BE", PhoneRooms.Phone);
        await phone.SignInAsync(Partner);
        await phone.GotoAsync(room);
        await Assertions.Expect(phone.Locator("[data-bind=bar-conn]")).ToHaveAttributeAsync("data-state", "connected");

        // The organiser chooses two dots each (named ideas), then runs the meeting to its brainstorm step.
        await chair.ClickAsync(".ideas-settings summary");
        await chair.FillAsync("#idea-dots", "2");
        await chair.ClickAsync("[data-idea-form=settings] button");
        await Assertions.Expect(chair.Locator("#part-ideas [data-idea=mode]")).ToHaveTextAsync("Idées signées");
        await chair.ClickAsync("[data-act=start]");
        for (var i = 0; i < 6 && !(await chair.Locator(".phase-now").TextContentAsync() ?? "").Contains("Brainstorming", StringComparison.Ordinal); i++)
        {
            var before = await chair.Locator(".phase-now").TextContentAsync();
            await chair.ClickAsync("[data-act=next]");
            await Assertions.Expect(chair.Locator(".phase-now")).Not.ToHaveTextAsync(before ?? "");
        }
        await Assertions.Expect(chair.Locator(".phase-now")).ToHaveTextAsync("Brainstorming");
        await Assertions.Expect(asPage.Locator("#part-ideas [data-idea=dots-left]")).ToHaveTextAsync("Il vous reste 2 point(s).");

        // Three people write cards; each appears live for the others, with its author.
        await chair.FillAsync("#idea-text", "Carte des services partagée");
        await chair.ClickAsync("[data-idea-form=card] button");
        await asPage.FillAsync("#idea-text", "Permanence logement commune");
        await asPage.ClickAsync("[data-idea-form=card] button");
        await phone.ClickAsync("[role=tab][data-tab=ideas]");
        await phone.FillAsync("#idea-text", "Budgetatelier met de schuldbemiddeling");
        await phone.ClickAsync("[data-idea-form=card] button");
        await Assertions.Expect(chair.Locator(".idea-card")).ToHaveCountAsync(3);
        await Assertions.Expect(Card(phone, "Permanence logement commune")).ToContainTextAsync("door Sarah Assistante");

        // Grouping with the keyboard's "move to" list (no dragging needed), by two different people.
        await asPage.FillAsync("#idea-group", "Accès aux droits");
        await asPage.ClickAsync("[data-idea-form=group] button");
        await Assertions.Expect(chair.Locator(".idea-column h3", new() { HasText = "Accès aux droits" })).ToBeVisibleAsync();
        await Card(asPage, "Permanence logement commune").Locator("select").SelectOptionAsync(new SelectOptionValue { Label = "Accès aux droits" });
        await Card(phone, "Budgetatelier").Locator("select").SelectOptionAsync(new SelectOptionValue { Label = "Accès aux droits" });
        var group = chair.Locator(".idea-column:not(.ungrouped)");
        await Assertions.Expect(group.Locator(".idea-card")).ToHaveCountAsync(2);

        // Dots: two each, hidden until the reveal.
        await Card(asPage, "Permanence logement commune").Locator("[data-act=dot]").ClickAsync();
        await Card(asPage, "Budgetatelier").Locator("[data-act=dot]").ClickAsync();
        await Assertions.Expect(Card(asPage, "Carte des services").Locator("[data-act=dot]")).ToBeDisabledAsync();
        await Card(phone, "Permanence logement commune").Locator("[data-act=dot]").ClickAsync();
        await Card(phone, "Permanence logement commune").Locator("[data-act=dot]").ClickAsync();
        await Card(chair, "Budgetatelier").Locator("[data-act=dot]").ClickAsync();
        await Assertions.Expect(chair.Locator("[data-idea=status]")).ToContainTextAsync("5 point(s) placés");
        await Assertions.Expect(chair.Locator(".idea-dots")).ToHaveCountAsync(0);
        await asPage.ShotAsync("ideas-voting-desktop");
        Assert.True(await FitsWidthAsync(phone), "the phone's ideas part scrolls sideways");
        await phone.ShotAsync("ideas-voting-phone-390-nl");

        // The facilitator reveals all votes together, then carries the top two into the decisions.
        chair.Dialog += async (_, d) => await d.AcceptAsync();
        await chair.ClickAsync("[data-idea=reveal]");
        await Assertions.Expect(Card(asPage, "Permanence logement commune").Locator(".idea-dots")).ToHaveTextAsync("3 point(s)");
        await Assertions.Expect(Card(phone, "Budgetatelier").Locator(".idea-dots")).ToHaveTextAsync("2 stip(pen)");
        await chair.FillAsync("#idea-top", "2");
        await chair.ClickAsync("[data-idea-form=top] button");
        await Assertions.Expect(asPage.Locator("[data-bind=decisions]")).ToContainTextAsync("Permanence logement commune");
        await Assertions.Expect(asPage.Locator("[data-bind=decisions]")).ToContainTextAsync("Budgetatelier met de schuldbemiddeling");
        await Assertions.Expect(chair.Locator(".idea-carried")).ToHaveCountAsync(2);
        await chair.ShotAsync("ideas-revealed-carried-desktop");
        Assert.True(await FitsWidthAsync(phone), "the phone's ideas part scrolls sideways after the reveal");
        await phone.ShotAsync("ideas-revealed-phone-390-nl");

        // Minutes: the decisions and the voted ideas.
        await chair.ClickAsync("[data-act=close]");
        await Assertions.Expect(asPage.Locator(".phase-now")).ToContainTextAsync("clôturée");
        await chair.GotoAsync($"/meetings/{id}/minutes");
        await Assertions.Expect(chair.Locator(".minutes")).ToContainTextAsync("Idées (brainstorming)");
        await Assertions.Expect(chair.Locator(".minutes")).ToContainTextAsync("Accès aux droits · Permanence logement commune (3 point(s)) — reprise en décision");
        await chair.ShotAsync("ideas-minutes");
        foreach (var p in new[] { chair, asPage, phone }) CspWatch.AssertClean(p);
    }

    [Fact]
    public async Task The_coordinator_adds_a_debrief_contact_to_the_directory_once_the_persons_consent_is_recorded()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var organisation = "Maison de quartier " + tag;
        var worker = await f.App.CreateUserAsync($"visite.{tag}@cpas-e2e.test", "Visiteuse " + tag, Roles.SocialWorker);
        Guid placementId = default;
        await f.App.WithScopeAsync(async sp =>
        {
            var today = CalendarTime.LocalDate(DateTimeOffset.UtcNow);
            var c = await sp.GetRequiredService<ImmersionCampaigns>().CreateAsync(new CampaignInput
            {
                Name = "Immersions contacts " + tag, PeriodStart = today.AddDays(30), PeriodEnd = today.AddDays(50),
                OffersDeadline = today.AddDays(5), PreferencesDeadline = today.AddDays(10), MaxRanks = 3,
                ContactName = "Camille Coordination", ContactEmail = Coordinator,
            }, null);
            var token = await sp.GetRequiredService<ImmersionPartners>().InviteAsync(c.Id, organisation, "Hôte " + tag, $"hote.{tag}@partner-e2e.test", "fr");
            var offer = await sp.GetRequiredService<ImmersionOffers>().SavePartnerOfferAsync(token, null, new OfferInput
            {
                Title = "Permanence logement", Domain = "Logement", Address = "Rue de l'Exemple 1", WhatYouWillSee = "Une permanence logement (fictive).",
                ContactName = "Hôte " + tag, ContactEmail = $"hote.{tag}@partner-e2e.test", Dates = [new(TestDates.Weekday(today.AddDays(32)), 1)],
            });
            await sp.GetRequiredService<ImmersionParticipants>().AddAsync(c.Id, [worker.Id]);
            var db = sp.GetRequiredService<CaseHubDbContext>();
            var participant = await db.ImmersionParticipants.SingleAsync(p => p.CampaignId == c.Id && p.UserId == worker.Id);
            var placement = new ImmersionPlacement { CampaignId = c.Id, ParticipantId = participant.Id, OfferDateId = offer.Dates[0].Id, UpdatedAt = DateTimeOffset.UtcNow };
            db.ImmersionPlacements.Add(placement);
            await db.SaveChangesAsync();
            placementId = placement.Id;
        });
        var debrief = $"/immersion/debrief/{placementId}";

        // The visitor notes the person they met (desktop).
        var visitor = await f.NewPageAsync("fr-BE");
        await visitor.SignInAsync(worker.Email!, DemoData.Password);
        await visitor.GotoAsync(debrief);
        await visitor.ClickAsync(".imm-contact-add summary");
        await visitor.FillAsync("#Contact_Name", "Aline Exemple");
        await visitor.FillAsync("#Contact_Service", "Service logement");
        await visitor.FillAsync("#Contact_Email", $"aline.{tag}@partner-e2e.test");
        await visitor.ClickAsync("#save-contact");
        await Assertions.Expect(visitor.Locator(".imm-contact")).ToContainTextAsync("Aline Exemple");
        await visitor.ShotAsync("debrief-contact-noted");

        // The coordinator, on a phone: no "add to directory" before consent; records it (day, how); adds in one click.
        var coord = await f.NewPageAsync("fr-BE", PhoneRooms.Phone);
        await coord.SignInAsync(Coordinator);
        await coord.GotoAsync(debrief + "#contacts");
        var contact = coord.Locator(".imm-contact", new() { HasText = "Aline Exemple" });
        await Assertions.Expect(contact.Locator("[data-consent]")).ToContainTextAsync("pas encore enregistré");
        await Assertions.Expect(contact.Locator("[data-to-directory]")).ToHaveCountAsync(0);
        Assert.True(await FitsWidthAsync(coord), "the debrief page scrolls sideways on a phone");
        await coord.ShotAsync("debrief-contact-consent-phone-390");
        await contact.Locator("input[type=date]").FillAsync(CalendarTime.LocalDate(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await contact.Locator("select").SelectOptionAsync("Phone");
        await contact.Locator(".imm-consent-form button").ClickAsync();
        await Assertions.Expect(coord.Locator(".alert.success")).ToContainTextAsync("Accord enregistré");
        await Assertions.Expect(contact.Locator("[data-consent]")).ToContainTextAsync("par téléphone");
        await contact.Locator("[data-to-directory]").ClickAsync();
        await Assertions.Expect(coord.Locator(".alert.success")).ToContainTextAsync("ajouté au répertoire");
        await Assertions.Expect(contact.Locator("[data-in-directory]")).ToBeVisibleAsync();
        await contact.Locator("[data-to-directory]").ClickAsync(); // a second click: the same entry, updated
        await Assertions.Expect(coord.Locator(".alert.success")).ToContainTextAsync("pas de doublon");
        Assert.True(await FitsWidthAsync(coord), "the debrief page scrolls sideways on a phone after adding");
        await coord.ShotAsync("debrief-contact-in-directory-phone-390");

        // The directory lists the service once, with the person's contact.
        await coord.SetViewportSizeAsync(1280, 900);
        await coord.GotoAsync("/immersion/directory?q=" + Uri.EscapeDataString(tag));
        await Assertions.Expect(coord.Locator("body")).ToContainTextAsync("Aline Exemple");
        Assert.Equal(1, await f.App.WithDbAsync(db => db.PartnerDirectoryEntries.CountAsync(e => e.Organisation == organisation && e.ContactName == "Aline Exemple")));
        await coord.ShotAsync("directory-from-debrief-contact");
        foreach (var p in new[] { visitor, coord }) CspWatch.AssertClean(p);
    }
}
