using System.Text.RegularExpressions;
using CaseHub.Core.Calendar;
using CaseHub.Core.DiscoveryDays;
using CaseHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.E2E;

/// <summary>
/// Discovery days end to end in Chromium: an organiser publishes a day with one seat, partner A books it, partner B
/// lands on the waiting list (told before the form), A cancels through the link in the mail, B is promoted by mail.
/// </summary>
[Collection("e2e")]
public class DiscoveryDayJourneys(E2EFixture f)
{
    private const string Organiser = "coordination@demo.casehub.test";

    [Fact]
    public async Task A_partner_books_cancels_through_the_mail_link_and_the_waiting_partner_is_promoted()
    {
        var title = "Journée découverte E2E " + Guid.NewGuid().ToString("N")[..6];
        var partnerA = $"anna.{Guid.NewGuid().ToString("N")[..8]}@partner-e2e.test";
        var partnerB = $"bram.{Guid.NewGuid().ToString("N")[..8]}@partner-e2e.test";

        // 1. The organiser publishes a day with one seat.
        var organiser = await f.NewPageAsync();
        await organiser.SignInAsync(Organiser);
        await organiser.GotoAsync("/organise/discovery-days");
        await organiser.ClickAsync("#new-day");
        await organiser.FillAsync("#Form_Title", title);
        await organiser.FillAsync("#Form_ServicesVisited", "Accueil, service social général, ISP");
        await organiser.FillAsync("#Form_Description", "Une journée pour **découvrir** le CPAS de l'intérieur.");
        await organiser.FillAsync("#Form_Place", "CPAS, rue des Saules 12, salle du conseil");
        await organiser.FillAsync("#Form_Capacity", "1");
        await organiser.CheckAsync("input[name='Form.Languages'][value='nl']");
        await organiser.FillAsync("#Form_Programme", "09:00 Accueil et café\n09:30 Présentation des services\n11:00 Visite du service social\n12:30 Lunch\n13:30 Échanges et contacts");
        await organiser.ShotAsync("discovery-organiser-new-day");
        await organiser.ClickAsync("#save-day");
        await Assertions.Expect(organiser.Locator("h1")).ToHaveTextAsync(title);
        var dayId = Regex.Match(organiser.Url, "/organise/discovery-days/([0-9a-f-]{36})").Groups[1].Value;
        Assert.NotEmpty(dayId);
        CspWatch.AssertClean(organiser);

        // 2. Partner A finds it on the public list and books the only seat.
        var a = await f.NewPageAsync();
        await a.GotoAsync("/discovery-days");
        var card = a.Locator($"li[data-day='{dayId}']");
        await Assertions.Expect(card.Locator(".dd-seats")).ToHaveTextAsync("Plus qu'une place libre");
        await a.ShotAsync("discovery-public-list");
        await card.Locator("h2 a").ClickAsync();
        await Assertions.Expect(a.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(a.Locator(".programme li")).ToHaveCountAsync(5);
        await a.ShotAsync("discovery-public-day");
        await a.ClickAsync("#book");
        await Assertions.Expect(a.Locator("#seat-state")).ToHaveAttributeAsync("data-seat-state", "available");
        await a.FillAsync("#Name", "Anna Partenaire");
        await a.FillAsync("#Organisation", "Maison de quartier Les Tilleuls");
        await a.FillAsync("#Email", partnerA);
        await a.FillAsync("#Needs", "Accès sans marches, si possible");
        await a.ShotAsync("discovery-booking-form");
        // Consent is required: without it, nothing is booked.
        await a.ClickAsync("#book-submit");
        await Assertions.Expect(a.Locator(".alert.error")).ToContainTextAsync("acceptez l'utilisation de vos données");
        await a.CheckAsync("input[name='Consent']");
        await a.ClickAsync("#book-submit");
        await Assertions.Expect(a.Locator("#booking-result")).ToHaveAttributeAsync("data-outcome", "confirmed");
        await a.ShotAsync("discovery-booking-confirmed");
        CspWatch.AssertClean(a);

        // 3. Partner B (Dutch) sees "full" before the form and joins the waiting list.
        var b = await f.NewPageAsync("nl-BE");
        await b.GotoAsync($"/discovery-days/{dayId}");
        await Assertions.Expect(b.Locator(".dd-seats")).ToHaveAttributeAsync("data-seat-state", "full");
        await b.ClickAsync("#book");
        await Assertions.Expect(b.Locator("#seat-state")).ToHaveAttributeAsync("data-seat-state", "full");
        await Assertions.Expect(b.Locator("#book-submit")).ToHaveTextAsync("Mij inschrijven op de wachtlijst");
        await b.ShotAsync("discovery-booking-form-full");
        await b.FillAsync("#Name", "Bram Partner");
        await b.FillAsync("#Organisation", "Wijkhuis De Linde");
        await b.FillAsync("#Email", partnerB);
        await b.CheckAsync("input[name='Consent']");
        await b.ClickAsync("#book-submit");
        await Assertions.Expect(b.Locator("#booking-result")).ToHaveAttributeAsync("data-outcome", "waitlisted");
        await Assertions.Expect(b.Locator("#booking-result")).ToContainTextAsync("plaats 1");
        CspWatch.AssertClean(b);

        // 4. A gets the confirmation with the invitation and the personal link, opens it and cancels.
        var confirmation = (await f.Smtp.WaitForAsync(m => m.To.Equals(partnerA, StringComparison.OrdinalIgnoreCase) && m.Subject.StartsWith("Inscription confirmée", StringComparison.Ordinal))).Single();
        Assert.Contains(confirmation.Message.BodyParts, p => p.ContentType.MimeType == "text/calendar");
        await a.GotoAsync(MailLinks.Find(confirmation, "/discovery-days/manage/"));
        await Assertions.Expect(a.Locator("#booking-status")).ToHaveAttributeAsync("data-status", "confirmed");
        await a.ShotAsync("discovery-manage-confirmed");
        a.Dialog += (_, dialog) => dialog.AcceptAsync();
        await a.ClickAsync("#cancel-booking");
        await Assertions.Expect(a.Locator("#booking-status")).ToHaveAttributeAsync("data-status", "cancelled");
        await Assertions.Expect(a.Locator(".alert.success")).ToContainTextAsync("votre inscription est annulée");
        await a.ShotAsync("discovery-manage-cancelled");
        CspWatch.AssertClean(a);

        // 5. B is promoted: the mail arrives (in Dutch, with the invitation) and B's link shows the seat.
        var promoted = (await f.Smtp.WaitForAsync(m => m.To.Equals(partnerB, StringComparison.OrdinalIgnoreCase) && m.Subject.StartsWith("Inschrijving bevestigd", StringComparison.Ordinal))).Single();
        Assert.Contains("Goed nieuws", promoted.Text);
        Assert.Contains(promoted.Message.BodyParts, p => p.ContentType.MimeType == "text/calendar");
        await b.GotoAsync(MailLinks.Find(promoted, "/discovery-days/manage/"));
        await Assertions.Expect(b.Locator("#booking-status")).ToHaveAttributeAsync("data-status", "confirmed");
        await b.ShotAsync("discovery-manage-promoted-dutch");
        CspWatch.AssertClean(b);

        // 6. The organiser sees it all: the list with counts, the day, the check-in on a phone.
        await organiser.GotoAsync("/organise/discovery-days");
        var row = organiser.Locator($"tr[data-day='{dayId}']");
        await Assertions.Expect(row.Locator(".seat-count")).ToHaveTextAsync("1 / 1");
        await organiser.ShotAsync("discovery-organiser-list");
        await organiser.GotoAsync($"/organise/discovery-days/{dayId}");
        await Assertions.Expect(organiser.Locator("#registrants")).ToContainTextAsync("Bram Partner");
        await Assertions.Expect(organiser.Locator("#stat-waiting")).ToHaveTextAsync("0");
        await organiser.ShotAsync("discovery-organiser-day");
        await organiser.PrintShotAsync("discovery-organiser-day");
        CspWatch.AssertClean(organiser);

        // Check-in opens on the day (12 hours before its start): this day's list is read-only and says when.
        var phone = await f.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await phone.SignInAsync(Organiser);
        await phone.GotoAsync($"/organise/discovery-days/{dayId}/check-in");
        await Assertions.Expect(phone.Locator("#checkin-closed")).ToContainTextAsync("Le pointage des arrivées ouvre le");
        await Assertions.Expect(phone.Locator(".checkin-button")).ToHaveCountAsync(0);
        await phone.ShotAsync("discovery-checkin-not-open-phone");

        // A day of the same organiser that starts in two hours: its check-in is open.
        var soonId = Guid.Empty;
        await f.App.WithScopeAsync(async sp =>
        {
            var start = CalendarTime.ToLocal(sp.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(2));
            start = start.Hour >= 22 ? start.Date.AddDays(1).AddHours(6) : start.AddSeconds(-start.Second); // the day must end before midnight
            var deadline = start.AddMinutes(-30);
            var input = DiscoverySample.Input(DateOnly.FromDateTime(start), 2, title + " (bientôt)") with
            {
                StartTime = TimeOnly.FromDateTime(start),
                EndTime = TimeOnly.FromDateTime(start).AddHours(1),
                DeadlineDate = DateOnly.FromDateTime(deadline),
                DeadlineTime = TimeOnly.FromDateTime(deadline),
            };
            var soon = await sp.GetRequiredService<DiscoveryDayService>().CreateAsync(input, null);
            await sp.GetRequiredService<DiscoveryBookingService>().BookAsync(soon.Id, new BookingRequest
            {
                Name = "Bram Partner", Organisation = "Maison de quartier (E2E)", Email = $"bram.{Guid.NewGuid().ToString("N")[..8]}@partner-e2e.test",
                Language = "fr", Consent = true,
                SubmissionKey = Guid.NewGuid().ToString("N"),
            });
            soonId = soon.Id;
        });
        await phone.GotoAsync($"/organise/discovery-days/{soonId}/check-in");
        await Assertions.Expect(phone.Locator("#checkin-count")).ToContainTextAsync("0");
        await phone.ClickAsync("#checkin-list li button");
        await Assertions.Expect(phone.Locator("#checkin-list li").First).ToHaveClassAsync(new Regex("arrived"));
        await Assertions.Expect(phone.Locator("#checkin-count")).ToContainTextAsync("1");
        await phone.ShotAsync("discovery-checkin-phone");
        await phone.PrintShotAsync("discovery-checkin");
        await phone.ReloadAsync();
        await Assertions.Expect(phone.Locator("#checkin-list li").First).ToHaveClassAsync(new Regex("arrived"));
        CspWatch.AssertClean(phone);
    }
}

/// <summary>A booker who cannot come on their date moves to another date of the same programme from their mail's link, on a phone.</summary>
[Collection("e2e")]
public class DiscoveryChangeOfDayJourneys(E2EFixture f)
{
    [Fact]
    public async Task A_booker_moves_to_another_date_from_the_mail_link_on_a_phone()
    {
        var title = "Journée découverte dates " + Guid.NewGuid().ToString("N")[..6];
        var email = $"dora.{Guid.NewGuid().ToString("N")[..8]}@partner-e2e.test";
        var ids = new List<Guid>();
        await f.App.WithScopeAsync(async sp =>
        {
            var today = Core.Calendar.CalendarTime.LocalDate(sp.GetRequiredService<TimeProvider>().GetUtcNow());
            var service = sp.GetRequiredService<Core.DiscoveryDays.DiscoveryDayService>();
            foreach (var (days, seats) in new[] { (15, 3), (43, 1), (71, 1) })
                ids.Add((await service.CreateAsync(DiscoverySample.Input(today.AddDays(days), seats, title), null)).Id);
        });
        var (first, second, third) = (ids[0], ids[1], ids[2]);

        // Someone already holds the third date's only seat.
        var other = await f.NewPageAsync();
        await BookAsync(other, third, "Omar Autre", $"omar.{Guid.NewGuid().ToString("N")[..8]}@partner-e2e.test");

        var phone = await f.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await BookAsync(phone, first, "Dora Partenaire", email);
        var confirmation = (await f.Smtp.WaitForAsync(m => m.To.Equals(email, StringComparison.OrdinalIgnoreCase) && m.Subject.StartsWith("Inscription confirmée", StringComparison.Ordinal))).Single();
        await phone.GotoAsync(MailLinks.Find(confirmation, "/discovery-days/manage/"));
        var change = phone.Locator("#change-day");
        await Assertions.Expect(change.Locator("input[name='ToDayId']")).ToHaveCountAsync(2);
        await Assertions.Expect(change).ToContainTextAsync("Complet");
        await change.ScrollIntoViewIfNeededAsync();
        await phone.ShotAsync("discovery-change-day-phone");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scroll");

        // The full date without accepting its waiting list: a clear message, the seat is kept.
        phone.Dialog += (_, dialog) => dialog.AcceptAsync();
        await change.Locator($"input[value='{third}']").CheckAsync();
        await phone.ClickAsync("#change-day-button");
        await Assertions.Expect(phone.Locator("#change-day .field-validation-error")).ToContainTextAsync("Cette journée est complète");
        await Assertions.Expect(phone.Locator("#booking-status")).ToHaveAttributeAsync("data-status", "confirmed");

        // The second date has a seat: moved, the page follows the new link.
        await phone.Locator($"#change-day input[value='{second}']").CheckAsync();
        await phone.ClickAsync("#change-day-button");
        await Assertions.Expect(phone.Locator(".alert.success[role=status]")).ToContainTextAsync("votre place à la nouvelle date est confirmée");
        await Assertions.Expect(phone.Locator("#booking-status")).ToHaveAttributeAsync("data-status", "confirmed");
        Assert.Contains(second.ToString(), await phone.Locator(".dd-summary-title a").GetAttributeAsync("href") ?? "");
        await phone.ShotAsync("discovery-changed-day-phone");
        CspWatch.AssertClean(phone);

        var moved = (await f.Smtp.WaitForAsync(m => m.To.Equals(email, StringComparison.OrdinalIgnoreCase) && m.Subject.StartsWith("Changement de date", StringComparison.Ordinal))).Single();
        Assert.Contains(moved.Message.BodyParts, p => p.ContentType.MimeType == "text/calendar");
        Assert.Contains(moved.Message.Attachments, p => p.ContentDisposition?.FileName == "cancel.ics");
    }

    private static async Task BookAsync(IPage page, Guid dayId, string name, string email)
    {
        await page.GotoAsync($"/discovery-days/{dayId}");
        await page.ClickAsync("#book");
        await page.FillAsync("#Name", name);
        await page.FillAsync("#Organisation", "Service d'insertion (E2E)");
        await page.FillAsync("#Email", email);
        await page.CheckAsync("input[name='Consent']");
        await page.ClickAsync("#book-submit");
        await Assertions.Expect(page.Locator("#booking-result")).ToHaveAttributeAsync("data-outcome", "confirmed");
    }
}

/// <summary>The shared feedback questionnaire: people answer through their mailed link; the organiser sees aggregated results from five answers on.</summary>
[Collection("e2e")]
public class FeedbackJourneys(E2EFixture f)
{
    [Fact]
    public async Task Participants_answer_anonymously_and_the_organiser_sees_results_only_from_five_answers()
    {
        var title = "Journée découverte avis " + Guid.NewGuid().ToString("N")[..6];
        var people = Enumerable.Range(1, 6).Select(i => $"avis{i}.{Guid.NewGuid().ToString("N")[..6]}@partner-e2e.test").ToList();
        Guid formId = default;
        await f.App.WithScopeAsync(async sp =>
        {
            var clock = sp.GetRequiredService<TimeProvider>();
            var date = Core.Calendar.CalendarTime.LocalDate(clock.GetUtcNow()).AddDays(12);
            var day = await sp.GetRequiredService<Core.DiscoveryDays.DiscoveryDayService>().CreateAsync(new Core.DiscoveryDays.DiscoveryDayInput
            {
                Title = title, ServicesVisited = "Accueil, ISP", Place = "CPAS", Date = date, StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(12, 0),
                DeadlineDate = date.AddDays(-1), DeadlineTime = new TimeOnly(12, 0), Capacity = 10, Audience = Core.DiscoveryDays.DiscoveryAudience.Partners,
                Languages = ["fr"], ContactName = "Camille Coordination", ContactEmail = "coordination@demo.casehub.test",
            }, null);
            formId = day.FeedbackFormId!.Value;
            // As the job does after the day: one personal link per participant.
            var feedback = sp.GetRequiredService<Core.Feedback.FeedbackService>();
            await feedback.InviteAsync(formId, people.Select((p, i) => new Core.Feedback.FeedbackRecipient($"e2e-{i}", p, $"Participant {i + 1}", i == 5 ? "nl" : "fr")));
            await sp.GetRequiredService<Core.Data.CaseHubDbContext>().SaveChangesAsync();
        });

        string[] surprises = ["La diversité des services", "L'accueil sans rendez-vous", "", "", "Le nombre de demandes par jour"];
        for (var i = 0; i < 5; i++)
        {
            var mail = (await f.Smtp.WaitForAsync(people[i])).Single();
            var page = await f.NewPageAsync();
            await page.GotoAsync(MailLinks.Find(mail, "/feedback/"));
            await page.CheckAsync($"fieldset.question >> nth=0 >> input[value='{(i == 3 ? "no" : "yes")}']");
            await page.FillAsync("fieldset.question >> nth=0 >> textarea", i == 3 ? "Trop court pour tout voir" : "Des contacts directs");
            await page.ClickAsync($"fieldset.question >> nth=1 >> .scale-point >> nth={(i % 2 == 0 ? 4 : 3)}");
            if (surprises[i].Length > 0) await page.FillAsync("fieldset.question >> nth=2 >> textarea", surprises[i]);
            if (i == 0) await page.ShotAsync("feedback-answer-form");
            await page.ClickAsync("#feedback-submit");
            await Assertions.Expect(page.Locator("#feedback-done")).ToBeVisibleAsync();
            CspWatch.AssertClean(page);

            if (i == 3)
            {
                var early = await f.NewPageAsync();
                await early.SignInAsync("coordination@demo.casehub.test");
                await early.GotoAsync($"/feedback/results/{formId}");
                await Assertions.Expect(early.Locator("#results-hidden")).ToBeVisibleAsync();
                await early.ShotAsync("feedback-results-hidden");
            }
        }

        var organiser = await f.NewPageAsync();
        await organiser.SignInAsync("coordination@demo.casehub.test");
        await organiser.GotoAsync($"/feedback/results/{formId}");
        await Assertions.Expect(organiser.Locator("#responses")).ToHaveTextAsync("5");
        await Assertions.Expect(organiser.Locator("#results-hidden")).ToHaveCountAsync(0);
        await Assertions.Expect(organiser.Locator("section.result").First).ToContainTextAsync("Trop court pour tout voir");
        await organiser.ShotAsync("feedback-results");
        CspWatch.AssertClean(organiser);
    }
}
