using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CaseHub.Core.Data;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Feedback;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaseHub.Web.Tests.DiscoveryDays;

/// <summary>
/// The timed side through the running app with a fake clock and a real SMTP server: reminders and "still coming?"
/// mails from the background job, the one-click pages behind their links, the questionnaire after the day and its results.
/// </summary>
public class TimedWebTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.Zero));
    private SmtpSink _smtp = null!;
    private CaseHubFactory _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpSink.StartNewAsync();
        _app = new CaseHubFactory(_smtp, _clock, demo: true, settings: new Dictionary<string, string?> { ["DiscoveryDays:JobIntervalSeconds"] = "3600" });
        _ = _app.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private Task RunJobsAsync() => _app.Services.GetRequiredService<DiscoveryDayWorker>().RunOnceAsync();

    private async Task<string> BookAsync(Guid dayId, string name)
    {
        var email = $"{name.ToLowerInvariant()}.{Guid.NewGuid().ToString("N")[..6]}@partner-timed.test";
        using var client = _app.NewClient();
        using var _ = await DiscoveryWeb.PostFormAsync(client, dayId, await DiscoveryWeb.OpenFormAsync(client, dayId), email, name);
        _clock.Advance(TimeSpan.FromSeconds(1));
        return email;
    }

    private static string Link(SmtpSink.ReceivedMail mail, string contains)
    {
        var href = Regex.Matches(mail.Html, "href=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).First(h => h.Contains(contains));
        return new Uri(href).PathAndQuery;
    }

    [Fact]
    public async Task Still_coming_opens_without_recording_and_a_no_gives_the_seat_to_the_waiting_list_at_once()
    {
        var day = await DiscoveryWeb.PublishAsync(_app, 1, "Journée encore là " + Guid.NewGuid().ToString("N")[..6], daysAhead: 10);
        var anna = await BookAsync(day.Id, "Anna");
        var bram = await BookAsync(day.Id, "Bram");

        _clock.SetUtcNow(day.Start - TimeSpan.FromDays(7));
        await RunJobsAsync();
        var reminder = (await _smtp.WaitForAsync(m => m.To == anna && m.Subject.StartsWith("Rappel", StringComparison.Ordinal))).Single();
        Assert.Contains("/discovery-days/manage/", reminder.Text);

        _clock.SetUtcNow(day.Start - TimeSpan.FromDays(3));
        await RunJobsAsync();
        await RunJobsAsync(); // a second run (or a second node) sends nothing more
        var ask = (await _smtp.WaitForAsync(m => m.To == anna && m.Subject.StartsWith("Venez-vous toujours", StringComparison.Ordinal))).Single();
        Assert.DoesNotContain(_smtp.MessagesTo(bram), m => m.Subject.StartsWith("Venez-vous", StringComparison.Ordinal));

        // Opening the "no" link (as a mail scanner would) changes nothing; it shows the choice.
        using var client = _app.NewClient();
        var no = Link(ask, "answer=no");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(no));
        Assert.Contains("data-auto-submit=\"false\"", page);
        Assert.Contains("value=\"no\" checked=\"checked\"", page);
        Assert.Equal(BookingStatus.Confirmed, (await DiscoveryWeb.BookingsAsync(_app, day.Id)).Single(b => b.Email == anna).Status);
        // The "yes" link page asks the script to submit at once (one click for the person).
        Assert.Contains("data-auto-submit=\"true\"", await client.GetStringAsync(Link(ask, "answer=yes")));

        using var release = await client.SubmitAsync(no, [new("Answer", "no")]);
        Assert.Contains("votre place a été libérée", await DiscoveryWeb.Html(release));
        var bookings = await DiscoveryWeb.BookingsAsync(_app, day.Id);
        Assert.Equal((BookingStatus.Cancelled, CancelledBy.StillComing), (bookings.Single(b => b.Email == anna).Status, bookings.Single(b => b.Email == anna).CancelledBy!.Value));
        Assert.Equal(BookingStatus.Confirmed, bookings.Single(b => b.Email == bram).Status);
        var promoted = await _smtp.WaitForAsync(m => m.To == bram && m.Subject.StartsWith("Inscription confirmée", StringComparison.Ordinal));
        Assert.Contains("une place s'est libérée", promoted.Single().Text);
        await DiscoveryWeb.AssertInvariantsAsync(_app, day.Id);
    }

    [Fact]
    public async Task Time_limited_offers_lapse_through_the_job_and_pass_on()
    {
        var day = await DiscoveryWeb.PublishAsync(_app, 1, "Journée offre " + Guid.NewGuid().ToString("N")[..6], daysAhead: 20, mode: WaitlistMode.TimedOffer);
        var anna = await BookAsync(day.Id, "Anna");
        var bram = await BookAsync(day.Id, "Bram");
        var chloe = await BookAsync(day.Id, "Chloe");
        using var client = _app.NewClient();
        var annaToken = await DiscoveryWeb.ManageTokenAsync(_app, anna);
        using var cancel = await client.SubmitToAsync($"/discovery-days/manage/{annaToken}", $"/discovery-days/manage/{annaToken}?handler=Cancel");
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);

        var offer = (await _smtp.WaitForAsync(m => m.To == bram && m.Subject.StartsWith("Une place pour vous", StringComparison.Ordinal))).Single();
        var bramPage = WebUtility.HtmlDecode(await client.GetStringAsync(MailLinks.Find(offer, "/discovery-days/manage/")));
        Assert.Contains("data-status=\"offered\"", bramPage);
        Assert.Contains("J'accepte la place", bramPage);

        _clock.Advance(TimeSpan.FromHours(25));
        await RunJobsAsync();
        await _smtp.WaitForAsync(m => m.To == bram && m.Subject.StartsWith("Place non acceptée à temps", StringComparison.Ordinal));
        var chloeOffer = (await _smtp.WaitForAsync(m => m.To == chloe && m.Subject.StartsWith("Une place pour vous", StringComparison.Ordinal))).Single();
        var chloeLink = MailLinks.Find(chloeOffer, "/discovery-days/manage/");
        using var accept = await client.SubmitToAsync(chloeLink, chloeLink + "?handler=Accept");
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        await _smtp.WaitForAsync(m => m.To == chloe && m.Subject.StartsWith("Inscription confirmée", StringComparison.Ordinal));
        await DiscoveryWeb.AssertInvariantsAsync(_app, day.Id);
        Assert.Equal(BookingStatus.Confirmed, (await DiscoveryWeb.BookingsAsync(_app, day.Id)).Single(b => b.Email == chloe).Status);
    }

    [Fact]
    public async Task Check_in_opens_on_the_day_before_it_the_list_is_read_only_and_a_posted_tap_is_refused_with_the_opening_time()
    {
        var day = await DiscoveryWeb.PublishAsync(_app, 2, "Journée pointage " + Guid.NewGuid().ToString("N")[..6], daysAhead: 10);
        await BookAsync(day.Id, "Chloe");
        var booking = (await DiscoveryWeb.BookingsAsync(_app, day.Id)).Single();
        using var coordinator = _app.NewClient();
        await coordinator.SignInAsync("coordination@demo.casehub.test", Core.Demo.DemoData.Password);
        var url = $"/organise/discovery-days/{day.Id}/check-in";

        // Ten days ahead: the list, read-only, and when check-in opens (09:00 start, 12 hours before: the evening before).
        var early = WebUtility.HtmlDecode(await coordinator.GetStringAsync(url));
        Assert.Contains("id=\"checkin-closed\"", early);
        var opensText = Core.Calendar.CalendarTime.ToLocal(day.Start.AddHours(-12)).ToString("dddd d MMMM 'à' HH:mm", Core.Localization.Languages.Culture("fr"));
        Assert.Contains("Le pointage des arrivées ouvre le " + opensText, early);
        Assert.DoesNotContain("checkin-button", early);
        // A tap posted anyway (an old page, a crafted form) is refused with the same message, nothing recorded.
        var token = FormClient.AntiforgeryToken(early)!;
        using (var refused = await coordinator.PostAsync($"{url}?handler=Toggle&bookingId={booking.Id}", [KeyValuePair.Create("arrived", "true")], token))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Le pointage des arrivées ouvre le " + opensText, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        }
        Assert.Null((await DiscoveryWeb.BookingsAsync(_app, day.Id)).Single().CheckedInAt);

        // On the morning of the day: the buttons, and a tap records the arrival.
        _clock.SetUtcNow(day.Start.AddMinutes(-30));
        using var onTheDay = _app.NewClient(); // ten days later, the first sign-in has expired
        await onTheDay.SignInAsync("coordination@demo.casehub.test", Core.Demo.DemoData.Password);
        var open = await onTheDay.GetStringAsync(url);
        Assert.DoesNotContain("id=\"checkin-closed\"", open);
        using (var tap = await onTheDay.PostAsync($"{url}?handler=Toggle&bookingId={booking.Id}", [KeyValuePair.Create("arrived", "true")], FormClient.AntiforgeryToken(open)))
            Assert.Equal(HttpStatusCode.Redirect, tap.StatusCode);
        Assert.NotNull((await DiscoveryWeb.BookingsAsync(_app, day.Id)).Single().CheckedInAt);
    }

    [Fact]
    public async Task After_the_day_people_answer_the_questionnaire_once_and_results_appear_only_from_five_answers()
    {
        var day = await DiscoveryWeb.PublishAsync(_app, 8, "Journée avis " + Guid.NewGuid().ToString("N")[..6], daysAhead: 3);
        var people = new List<string>();
        for (var i = 0; i < 6; i++) people.Add(await BookAsync(day.Id, "Person" + i));

        _clock.SetUtcNow(day.End + TimeSpan.FromHours(3));
        await RunJobsAsync();
        var links = new List<string>();
        foreach (var p in people)
            links.Add(MailLinks.Find((await _smtp.WaitForAsync(m => m.To == p && m.Subject.StartsWith("Votre avis", StringComparison.Ordinal))).Single(), "/feedback/"));

        using var coordinator = _app.NewClient();
        await coordinator.SignInAsync("coordination@demo.casehub.test", Core.Demo.DemoData.Password);
        var formId = (await _app.WithDbAsync(db => db.DiscoveryDays.SingleAsync(d => d.Id == day.Id))).FeedbackFormId!.Value;
        var questions = await _app.WithDbAsync(db => db.FeedbackQuestions.Where(q => q.FormId == formId).OrderBy(q => q.Position).ToListAsync());
        string F(int i) => "q_" + questions[i].Id.ToString("N");
        string W(int i) => "w_" + questions[i].Id.ToString("N");

        // A required answer missing: refused, the link still works.
        using (var client = _app.NewClient())
        {
            using var missing = await client.SubmitAsync(links[0], [new(F(1), "4")]);
            Assert.Contains("Cette question demande une réponse.", await DiscoveryWeb.Html(missing));
        }
        for (var i = 0; i < 5; i++)
        {
            using var client = _app.NewClient();
            var form = WebUtility.HtmlDecode(await client.GetStringAsync(links[i]));
            Assert.Contains("Ce questionnaire est anonyme", form);
            using var sent = await client.SubmitAsync(links[i], [new(F(0), i < 4 ? "yes" : "no"), new(W(0), $"Raison {i}"), new(F(1), (i + 1).ToString(CultureInfo.InvariantCulture)), new(F(2), i < 2 ? $"Étonnement {i}" : "")]);
            Assert.Contains("Merci ! Vos réponses sont enregistrées.", await DiscoveryWeb.Html(sent));
            if (i == 3)
            {
                var hidden = WebUtility.HtmlDecode(await coordinator.GetStringAsync(FeedbackLinks.ResultsPath(formId)));
                Assert.Contains("id=\"results-hidden\"", hidden);
                Assert.DoesNotContain("Raison 0", hidden);
            }
        }
        using (var again = _app.NewClient())
            Assert.Contains("Vous avez déjà répondu à ce questionnaire.", WebUtility.HtmlDecode(await again.GetStringAsync(links[0])));

        var results = WebUtility.HtmlDecode(await coordinator.GetStringAsync(FeedbackLinks.ResultsPath(formId)));
        Assert.DoesNotContain("id=\"results-hidden\"", results);
        Assert.Contains("Raison 4", results);
        Assert.Contains("4 (80 %)", results);
        Assert.Contains("Moyenne : 3,0 / 5", results);
        Assert.DoesNotContain("Étonnement 0", results); // only two wrote something: that question stays hidden
        Assert.DoesNotContain("style=", results);
        using var partner = _app.NewClient();
        await partner.SignInAsync("partner2@demo.casehub.test", Core.Demo.DemoData.Password);
        Assert.Contains("/account/denied", (await partner.GetAsync(FeedbackLinks.ResultsPath(formId))).Headers.Location!.ToString());
    }
}
