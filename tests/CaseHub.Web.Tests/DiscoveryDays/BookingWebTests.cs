using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CaseHub.Core.DiscoveryDays;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CaseHub.Web.Tests.DiscoveryDays;

/// <summary>The public pages and the organiser's pages over real HTTP, with a real SMTP server.</summary>
public class BookingWebTests(AppFixture fx) : IClassFixture<AppFixture>
{
    private static string Unique(string prefix) => $"{prefix}.{Guid.NewGuid().ToString("N")[..8]}@partner-web.test";

    [Fact]
    public async Task A_partner_books_without_an_account_and_gets_one_mail_with_the_invitation_and_a_working_link()
    {
        var day = await DiscoveryWeb.PublishAsync(fx.App, 3, "Journée découverte W-" + Guid.NewGuid().ToString("N")[..6]);
        using var client = fx.App.NewClient("nl");
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/discovery-days"));
        Assert.Contains(day.Title, list);
        Assert.Contains("3 vrije plaatsen van 3", list);

        var email = Unique("ines");
        var form = await DiscoveryWeb.OpenFormAsync(client, day.Id);
        using var response = await DiscoveryWeb.PostFormAsync(client, day.Id, form, email, "Inès Partner", language: "nl");
        var html = await DiscoveryWeb.Html(response);
        Assert.Equal("confirmed", DiscoveryWeb.Outcome(html));

        var mail = (await fx.Smtp.WaitForAsync(email)).Single();
        Assert.StartsWith("Inschrijving bevestigd: " + day.Title, mail.Subject);
        var calendar = mail.Message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
        Assert.Equal("REQUEST", calendar.ContentType.Parameters["method"]);
        var ics = (await IcalJs.ParseAsync([calendar.Text])).Single();
        Assert.Equal(day.Start, ics.Master.Dtstart!.Utc);
        Assert.Equal(email, Assert.Single(ics.Master.Attendees).Email);

        var manage = await client.GetStringAsync(MailLinks.Find(mail, "/discovery-days/manage/"));
        Assert.Contains("data-status=\"confirmed\"", manage);
        Assert.Contains("Inès Partner, uw plaats is bevestigd.", WebUtility.HtmlDecode(manage));
    }

    [Fact]
    public async Task A_full_day_says_so_before_the_form_and_the_booking_goes_to_the_waiting_list()
    {
        var day = await DiscoveryWeb.PublishAsync(fx.App, 1, "Journée pleine " + Guid.NewGuid().ToString("N")[..6]);
        using var first = fx.App.NewClient();
        var firstForm = await DiscoveryWeb.OpenFormAsync(first, day.Id);
        using var ok = await DiscoveryWeb.PostFormAsync(first, day.Id, firstForm, Unique("first"), "Première Personne");
        Assert.Equal("confirmed", DiscoveryWeb.Outcome(await DiscoveryWeb.Html(ok)));

        using var second = fx.App.NewClient();
        var dayPage = WebUtility.HtmlDecode(await second.GetStringAsync($"/discovery-days/{day.Id}"));
        Assert.Contains("data-seat-state=\"full\"", dayPage);
        Assert.Contains("M'inscrire sur la liste d'attente", dayPage);
        var form = await DiscoveryWeb.OpenFormAsync(second, day.Id);
        Assert.True(form.SaysFull);
        Assert.Contains("Cette journée est complète.", WebUtility.HtmlDecode(form.Html));
        using var waiting = await DiscoveryWeb.PostFormAsync(second, day.Id, form, Unique("second"), "Deuxième Personne");
        var html = await DiscoveryWeb.Html(waiting);
        Assert.Equal("waitlisted", DiscoveryWeb.Outcome(html));
        Assert.Contains("en position 1.", html);
        Assert.DoesNotContain("Les dernières places sont parties", html); // they knew before sending
    }

    [Fact]
    public async Task The_last_seat_going_while_someone_types_is_told_truthfully()
    {
        var day = await DiscoveryWeb.PublishAsync(fx.App, 1, "Journée dernière place " + Guid.NewGuid().ToString("N")[..6]);
        using var slow = fx.App.NewClient();
        var slowForm = await DiscoveryWeb.OpenFormAsync(slow, day.Id);
        Assert.False(slowForm.SaysFull);
        using var fast = fx.App.NewClient();
        using var _ = await DiscoveryWeb.PostFormAsync(fast, day.Id, await DiscoveryWeb.OpenFormAsync(fast, day.Id), Unique("fast"), "Rapide");
        using var late = await DiscoveryWeb.PostFormAsync(slow, day.Id, slowForm, Unique("slow"), "Lent");
        var html = await DiscoveryWeb.Html(late);
        Assert.Equal("waitlisted", DiscoveryWeb.Outcome(html));
        Assert.Contains("Les dernières places sont parties pendant que vous remplissiez le formulaire.", html);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_clear_message_and_books_nothing()
    {
        var day = await DiscoveryWeb.PublishAsync(fx.App, 5, "Journée refus " + Guid.NewGuid().ToString("N")[..6]);
        using var client = fx.App.NewClient();
        var form = await DiscoveryWeb.OpenFormAsync(client, day.Id);

        using (var r = await DiscoveryWeb.PostFormAsync(client, day.Id, form, "pas-une-adresse", "Quelqu'un"))
            Assert.Contains("Cette adresse e-mail n'est pas valable.", await DiscoveryWeb.Html(r));
        using (var r = await DiscoveryWeb.PostFormAsync(client, day.Id, form, Unique("noconsent"), "Quelqu'un", consent: false))
            Assert.Contains("acceptez l'utilisation de vos données", await DiscoveryWeb.Html(r));
        using (var r = await DiscoveryWeb.PostFormAsync(client, day.Id, form, Unique("bot"), "Bot", website: "http://spam.test"))
            Assert.Contains("Merci, votre demande a été reçue.", await DiscoveryWeb.Html(r));
        Assert.Empty(await DiscoveryWeb.BookingsAsync(fx.App, day.Id));

        // Without the antiforgery token the post is refused outright.
        using var forged = await client.PostAsync($"/discovery-days/{day.Id}/book", [new("Name", "X"), new("Email", Unique("x")), new("Consent", "true")], null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty(await DiscoveryWeb.BookingsAsync(fx.App, day.Id));
    }

    [Fact]
    public async Task The_same_form_posted_twice_gives_one_booking_and_the_same_address_again_gets_its_link()
    {
        var day = await DiscoveryWeb.PublishAsync(fx.App, 5, "Journée doublon " + Guid.NewGuid().ToString("N")[..6]);
        using var client = fx.App.NewClient();
        var form = await DiscoveryWeb.OpenFormAsync(client, day.Id);
        var email = Unique("twice");
        var both = await Task.WhenAll(DiscoveryWeb.PostFormAsync(client, day.Id, form, email, "Deux Fois"), DiscoveryWeb.PostFormAsync(client, day.Id, form, email, "Deux Fois"));
        foreach (var r in both) Assert.Equal("confirmed", DiscoveryWeb.Outcome(await DiscoveryWeb.Html(r)));
        Assert.Single(await DiscoveryWeb.BookingsAsync(fx.App, day.Id));

        var again = await DiscoveryWeb.OpenFormAsync(client, day.Id);
        using var r2 = await DiscoveryWeb.PostFormAsync(client, day.Id, again, email.ToUpperInvariant(), "Deux Fois");
        var html = await DiscoveryWeb.Html(r2);
        Assert.Equal("already", DiscoveryWeb.Outcome(html));
        Assert.Contains("Vous êtes déjà inscrit·e à cette journée avec cette adresse.", html);
        Assert.Single(await DiscoveryWeb.BookingsAsync(fx.App, day.Id));
        var mails = await fx.Smtp.WaitForAsync(email, 2);
        Assert.StartsWith("Votre inscription :", mails[^1].Subject);
        Assert.Contains("/discovery-days/manage/", mails[^1].Text);
    }

    [Theory]
    [InlineData("/discovery-days/manage/not-a-token")]
    [InlineData("/discovery-days/manage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/discovery-days/manage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/still-coming?answer=no")]
    [InlineData("/feedback/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_tampered_link_shows_a_plain_not_found_page(string url)
    {
        using var client = fx.App.NewClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await DiscoveryWeb.Html(response);
        Assert.Contains("Page introuvable", html);
        Assert.DoesNotContain("Exception", html);
    }

    [Fact]
    public async Task Changing_a_booking_through_the_link_a_token_with_capital_letters_still_works()
    {
        var day = await DiscoveryWeb.PublishAsync(fx.App, 2, "Journée lien " + Guid.NewGuid().ToString("N")[..6]);
        using var client = fx.App.NewClient();
        var email = Unique("link");
        using var _ = await DiscoveryWeb.PostFormAsync(client, day.Id, await DiscoveryWeb.OpenFormAsync(client, day.Id), email, "Lien Personnel");
        var token = await DiscoveryWeb.ManageTokenAsync(fx.App, email);
        using var other = fx.App.NewClient();
        using var update = await other.SubmitAsync($"/discovery-days/manage/{token}",
            [new("Name", "Lien Modifié"), new("Organisation", "Nouvelle asbl"), new("Language", "en"), new("Needs", "Végétarien")],
            $"/discovery-days/manage/{token}?handler=Update");
        Assert.Equal(HttpStatusCode.Redirect, update.StatusCode);
        Assert.Equal($"/discovery-days/manage/{token}", update.Headers.Location!.OriginalString);
        var b = (await DiscoveryWeb.BookingsAsync(fx.App, day.Id)).Single();
        Assert.Equal(("Lien Modifié", "Nouvelle asbl", "en", "Végétarien"), (b.Name, b.Organisation, b.Language, b.Needs));
    }

    [Fact]
    public async Task From_the_manage_link_a_booker_moves_to_another_date_and_one_mail_brings_both_calendar_files()
    {
        var title = "Journée découverte date " + Guid.NewGuid().ToString("N")[..6];
        var first = await DiscoveryWeb.PublishAsync(fx.App, 2, title, daysAhead: 20);
        var second = await DiscoveryWeb.PublishAsync(fx.App, 2, title, daysAhead: 48);
        var unrelated = await DiscoveryWeb.PublishAsync(fx.App, 2, "Autre programme " + Guid.NewGuid().ToString("N")[..6], daysAhead: 30);
        using var client = fx.App.NewClient("nl");
        var email = Unique("move");
        using var _ = await DiscoveryWeb.PostFormAsync(client, first.Id, await DiscoveryWeb.OpenFormAsync(client, first.Id), email, "Mila Wissel", language: "nl");
        var token = await DiscoveryWeb.ManageTokenAsync(fx.App, email);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/discovery-days/manage/{token}"));
        Assert.Contains("Een andere datum kiezen", page);
        Assert.Contains($"value=\"{second.Id}\"", page);
        Assert.DoesNotContain(unrelated.Id.ToString(), page);

        // No date chosen: a message on the form, nothing changed.
        using (var none = await client.SubmitAsync($"/discovery-days/manage/{token}", [], $"/discovery-days/manage/{token}?handler=ChangeDay"))
            Assert.Contains("Kies de dag waarnaar u wilt overstappen.", await DiscoveryWeb.Html(none));
        Assert.Equal(BookingStatus.Confirmed, (await DiscoveryWeb.BookingsAsync(fx.App, first.Id)).Single().Status);

        using var moved = await client.SubmitAsync($"/discovery-days/manage/{token}", [new("ToDayId", second.Id.ToString())],
            $"/discovery-days/manage/{token}?handler=ChangeDay");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var newToken = await DiscoveryWeb.ManageTokenAsync(fx.App, email);
        Assert.NotEqual(token, newToken);
        Assert.Equal($"/discovery-days/manage/{newToken}", moved.Headers.Location!.OriginalString);
        var now = WebUtility.HtmlDecode(await client.GetStringAsync($"/discovery-days/manage/{newToken}"));
        Assert.Contains("Gelukt: uw plaats op de nieuwe datum is bevestigd.", now);
        Assert.Contains("Deze inschrijving is naar een andere datum verplaatst", WebUtility.HtmlDecode(await client.GetStringAsync($"/discovery-days/manage/{token}")));
        await DiscoveryWeb.AssertInvariantsAsync(fx.App, first.Id);
        await DiscoveryWeb.AssertInvariantsAsync(fx.App, second.Id);

        // One mail: REQUEST for the new date as the calendar part, CANCEL for the old one attached; ical.js reads both.
        var mails = await DiscoveryWeb.MailsAsync(fx.App, email);
        Assert.Equal(["DiscoveryConfirmed", "DiscoveryMoved"], mails.Select(m => m.Kind));
        var message = mails[1].Message;
        var original = mails[0].Message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
        var request = message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
        var cancelPart = message.Attachments.OfType<MimePart>().Single(a => a.FileName == "cancel.ics");
        using var content = new MemoryStream();
        await cancelPart.Content!.DecodeToAsync(content);
        var parsed = await IcalJs.ParseAsync([request.Text, Encoding.UTF8.GetString(content.ToArray()), original.Text]);
        var uids = await fx.App.WithDbAsync(db => db.CalendarEntries.Where(e => e.Id == first.CalendarEntryId || e.Id == second.CalendarEntryId)
            .ToDictionaryAsync(e => e.Id, e => e.Uid));
        Assert.Equal(("REQUEST", uids[second.CalendarEntryId], second.Start), (parsed[0].Method, parsed[0].Master.Uid, parsed[0].Master.Dtstart!.Utc));
        Assert.Equal(("CANCEL", uids[first.CalendarEntryId]), (parsed[1].Method, parsed[1].Master.Uid)); // this person only: the day itself goes on
        Assert.True(parsed[1].Master.Sequence > parsed[2].Master.Sequence, "the cancellation supersedes the invitation the person holds");
        Assert.Equal(email, Assert.Single(parsed[1].Master.Attendees).Email);
        Assert.StartsWith("Nieuwe datum: " + title, message.Subject);
    }

    [Fact]
    public async Task Organisers_see_and_export_the_registrants_and_others_cannot()
    {
        var day = await DiscoveryWeb.PublishAsync(fx.App, 1, "Journée export " + Guid.NewGuid().ToString("N")[..6]);
        using var p = fx.App.NewClient();
        using var _1 = await DiscoveryWeb.PostFormAsync(p, day.Id, await DiscoveryWeb.OpenFormAsync(p, day.Id), Unique("zoe"), "=Zoé Équipe");
        using var _2 = await DiscoveryWeb.PostFormAsync(p, day.Id, await DiscoveryWeb.OpenFormAsync(p, day.Id), Unique("yann"), "Yann Attente");

        using var anonymous = fx.App.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/organise/discovery-days/{day.Id}/registrants.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/organise/discovery-days")).StatusCode);
        using var partner = fx.App.NewClient();
        await partner.SignInAsync("partner2@demo.casehub.test", Core.Demo.DemoData.Password);
        foreach (var url in new[] { $"/organise/discovery-days/{day.Id}/registrants.csv", "/organise/discovery-days", $"/organise/discovery-days/{day.Id}" })
        {
            using var denied = await partner.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.Contains("/account/denied", denied.Headers.Location!.ToString());
        }

        using var coordinator = fx.App.NewClient();
        await coordinator.SignInAsync("coordination@demo.casehub.test", Core.Demo.DemoData.Password);
        var page = WebUtility.HtmlDecode(await coordinator.GetStringAsync($"/organise/discovery-days/{day.Id}"));
        Assert.Contains("=Zoé Équipe", page);
        Assert.Contains("Yann Attente", page);
        using var csv = await coordinator.GetAsync($"/organise/discovery-days/{day.Id}/registrants.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Statut;Position en liste d'attente;Nom;Organisation;E-mail;Langue", lines[0]);
        Assert.StartsWith("Confirmé;;'=Zoé Équipe;", lines[1]);
        Assert.StartsWith("Liste d'attente;1;Yann Attente;", lines[2]);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/organise/discovery-days/{Guid.NewGuid()}/registrants.csv")).StatusCode);
    }

    [Fact]
    public async Task An_organiser_publishes_through_the_form_and_a_lower_capacity_is_refused_with_a_message()
    {
        using var coordinator = fx.App.NewClient();
        await coordinator.SignInAsync("coordination@demo.casehub.test", Core.Demo.DemoData.Password);
        var title = "Journée publiée " + Guid.NewGuid().ToString("N")[..6];
        var date = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow.AddDays(28).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        KeyValuePair<string, string>[] Fields(string capacity, string programme) =>
        [
            new("Form.Title", title), new("Form.ServicesVisited", "Accueil, ISP"), new("Form.Place", "CPAS"), new("Form.Date", date),
            new("Form.StartTime", "09:30"), new("Form.EndTime", "15:00"), new("Form.DeadlineDate", deadline), new("Form.DeadlineTime", "17:00"),
            new("Form.Capacity", capacity), new("Form.Audience", "Partners"), new("Form.Audience", "NewWorkers"), new("Form.Languages", "fr"),
            new("Form.WaitlistMode", "TimedOffer"), new("Form.OfferHours", "12"), new("Form.Programme", programme),
            new("Form.ContactName", "Camille Coordination"), new("Form.ContactEmail", "coordination@demo.casehub.test"),
        ];

        using (var bad = await coordinator.SubmitAsync("/organise/discovery-days/edit", Fields("4", "09:30 Accueil\nmidi: lunch")))
        {
            // Named once in the summary (linked to the field), and the line's message beside the field.
            var html = await DiscoveryWeb.Html(bad);
            Assert.Contains("<a href=\"#Form_Programme\">Programme (une ligne par moment) : Ligne 2 : écrivez l'heure puis l'activité", html);
            Assert.Equal(2, Regex.Count(html, "Ligne 2 : écrivez"));
        }
        using var created = await coordinator.SubmitAsync("/organise/discovery-days/edit", Fields("2", "09:30 Accueil\n12h00 Lunch"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var dayId = Guid.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        var day = await fx.App.WithDbAsync(db => db.DiscoveryDays.Include(d => d.Programme).SingleAsync(d => d.Id == dayId));
        Assert.Equal((title, 2, WaitlistMode.TimedOffer, 12, DiscoveryAudience.Partners | DiscoveryAudience.NewWorkers), (day.Title, day.Capacity, day.WaitlistMode, day.OfferHours, day.Audience));
        Assert.Equal(2, day.Programme.Count);

        using var p = fx.App.NewClient();
        using var _1 = await DiscoveryWeb.PostFormAsync(p, dayId, await DiscoveryWeb.OpenFormAsync(p, dayId), Unique("c1"), "Un");
        using var _2 = await DiscoveryWeb.PostFormAsync(p, dayId, await DiscoveryWeb.OpenFormAsync(p, dayId), Unique("c2"), "Deux");
        using var lower = await coordinator.SubmitAsync($"/organise/discovery-days/edit/{dayId}", Fields("1", "09:30 Accueil"));
        Assert.Contains("2 places sont déjà occupées ou proposées", await DiscoveryWeb.Html(lower));
        Assert.Equal(2, (await fx.App.WithDbAsync(db => db.DiscoveryDays.SingleAsync(d => d.Id == dayId))).Capacity);
    }

    [Fact]
    public async Task The_public_programme_is_a_calendar_feed_without_anyone_s_address()
    {
        var day = await DiscoveryWeb.PublishAsync(fx.App, 4, "Journée flux " + Guid.NewGuid().ToString("N")[..6]);
        using var client = fx.App.NewClient();
        using var p = fx.App.NewClient();
        var email = Unique("feed");
        using var _ = await DiscoveryWeb.PostFormAsync(p, day.Id, await DiscoveryWeb.OpenFormAsync(p, day.Id), email, "Flux");
        var feed = await client.GetStringAsync("/discovery-days/feed.ics?lang=nl");
        Assert.Contains("METHOD:PUBLISH", feed);
        Assert.Contains(day.Title, feed);
        Assert.DoesNotContain(email, feed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ATTENDEE", feed);
        var parsed = await IcalJs.ParseAsync([feed]);
        Assert.Equal("PUBLISH", parsed[0].Method);
        var file = await client.GetAsync($"/discovery-days/{day.Id}/calendar.ics");
        Assert.Equal("text/calendar", file.Content.Headers.ContentType!.MediaType);
    }
}
