using System.Globalization;
using System.Text.RegularExpressions;
using CaseHub.Core.Calendar;
using CaseHub.TestSupport;

namespace CaseHub.E2E;

/// <summary>
/// The immersion programme end to end in Chromium: the coordinator creates a campaign, invites a partner and three
/// workers; the partner publishes an offer through the magic link in the mail; the three workers rank its dates; the
/// coordinator runs the matching, moves the person left without a place by hand (the page warns), and publishes: every
/// worker gets a calendar invitation by mail.
/// </summary>
[Collection("e2e")]
public class ImmersionJourneys(E2EFixture f)
{
    private const string Coordinator = "coordination@demo.casehub.test";
    private static readonly string[] Workers = ["jeunes1@demo.casehub.test", "jeunes2@demo.casehub.test", "jeunes3@demo.casehub.test"];

    [Fact]
    public async Task Coordinator_creates_partner_publishes_workers_rank_coordinator_matches_adjusts_and_publishes()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var name = "Immersions d'avril E2E " + tag;
        var partnerEmail = $"accueil.{tag}@partner-e2e.test";
        var today = CalendarTime.LocalDate(DateTimeOffset.UtcNow);
        // Offers are on working days: three days from a Monday inside the default period (6 to 10 weeks ahead).
        var monday = TestDates.MondayOnOrAfter(today.AddDays(43));
        string Day(int offset) => monday.AddDays(offset - 45).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // 1. The coordinator creates the campaign (defaults filled in), invites a partner and adds three workers.
        var coord = await f.NewPageAsync();
        await coord.SignInAsync(Coordinator);
        await coord.GotoAsync("/immersion");
        await coord.FillAsync("#Form_Name", name);
        await coord.ShotAsync("immersion-new-campaign");
        await coord.ClickAsync("#create-campaign");
        await Assertions.Expect(coord.Locator("h1")).ToHaveTextAsync(name);
        var campaignId = Regex.Match(coord.Url, "/immersion/([0-9a-f-]{36})").Groups[1].Value;
        Assert.NotEmpty(campaignId);
        await coord.FillAsync("#Partner_Organisation", "Maison des Médiations " + tag);
        await coord.FillAsync("#Partner_ContactName", "Déborah Accueil");
        await coord.FillAsync("#Partner_ContactEmail", partnerEmail);
        await coord.ClickAsync("#invite-partner-button");
        await Assertions.Expect(coord.Locator("#partners")).ToContainTextAsync("Maison des Médiations " + tag);
        foreach (var w in Workers) await coord.CheckAsync($"input[name='UserIds'][data-email='{w}']");
        await coord.ClickAsync("#add-participants-button");
        await Assertions.Expect(coord.Locator("#participants tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(coord.Locator("#stat-missing-prefs")).ToHaveTextAsync("3");
        await coord.ShotAsync("immersion-campaign-status");
        CspWatch.AssertClean(coord);

        // 2. The partner opens the magic link from the mail (no account) and publishes an offer on three dates, one place each.
        var mail = (await f.Smtp.WaitForAsync(m => m.To.Equals(partnerEmail, StringComparison.OrdinalIgnoreCase))).Single();
        var partner = await f.NewPageAsync();
        await partner.GotoAsync(MailLinks.Find(mail, "/immersion/partner/"));
        await Assertions.Expect(partner.Locator("h1")).ToContainTextAsync("Maison des Médiations " + tag);
        await partner.FillAsync("#Form_Title", "Une journée en médiation scolaire");
        await partner.SelectOptionAsync("#Form_Domain", "Médiation");
        await partner.FillAsync("#Form_WhatYouWillSee", "L'accueil des familles, une médiation école–famille (situation fictive), la réunion d'équipe.");
        await partner.FillAsync("#Form_PublicServed", "Élèves du secondaire et leurs familles");
        await partner.FillAsync("#Form_Address", "Rue de la Médiation 8, 1030 Schaerbeek");
        for (var i = 0; i < 3; i++)
        {
            await partner.FillAsync($"#date-{i}", Day(45 + i));
            await partner.FillAsync($"#cap-{i}", "1");
        }
        await partner.CheckAsync("#Form_DirectoryConsent");
        await partner.ShotAsync("immersion-partner-offer-form");
        await partner.ClickAsync("#save-offer");
        await Assertions.Expect(partner.Locator("main > .alert.success")).ToBeVisibleAsync();
        await Assertions.Expect(partner.Locator("#partner-offers li")).ToHaveCountAsync(1);
        CspWatch.AssertClean(partner);

        // 3. Three workers rank: two want the first two dates, the third only the first.
        for (var i = 0; i < Workers.Length; i++)
        {
            var w = await f.NewPageAsync();
            await w.SignInAsync(Workers[i]);
            await w.GotoAsync($"/immersion/{campaignId}/choose");
            await Assertions.Expect(w.Locator(".imm-offer")).ToHaveCountAsync(1);
            await w.SelectOptionAsync("#rank-0", new SelectOptionValue { Index = 1 });
            if (i < 2) await w.SelectOptionAsync("#rank-1", new SelectOptionValue { Index = 2 });
            if (i == 0) await w.ShotAsync("immersion-worker-choices");
            await w.ClickAsync("#save-preferences");
            await Assertions.Expect(w.Locator("main > .alert.success")).ToBeVisibleAsync();
            CspWatch.AssertClean(w);
            await w.Context.CloseAsync();
        }

        // 4. The coordinator sees nobody missing, runs the matching: two placed, one without a place.
        await coord.GotoAsync($"/immersion/{campaignId}");
        await Assertions.Expect(coord.Locator("#stat-missing-prefs")).ToHaveTextAsync("0");
        await coord.ClickAsync("#open-matching");
        await coord.ClickAsync("#run-matching");
        await Assertions.Expect(coord.Locator("main > .alert.success")).ToContainTextAsync("2 personne(s) placée(s) sur 3");
        await Assertions.Expect(coord.Locator("#rank-chart tr[data-rank='none']")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(coord.Locator("#unmatched li")).ToHaveCountAsync(1);

        // 5. Adjust: the person left out goes to the third date by hand; the page warns it is not one of their choices.
        var row = coord.Locator("#placements tbody tr[data-placed='false']");
        await row.Locator("select").SelectOptionAsync(new SelectOptionValue { Index = 3 });
        await row.Locator("button").ClickAsync();
        await Assertions.Expect(coord.Locator("main > .alert.success")).ToBeVisibleAsync();
        await Assertions.Expect(coord.Locator("#placements tbody tr[data-placed='false']")).ToHaveCountAsync(0);
        await Assertions.Expect(coord.Locator("#violations li[data-kind='NotRanked']")).ToHaveCountAsync(1);
        await coord.ShotAsync("immersion-matching-adjusted");

        // 6. Publish (confirming despite the warning): three invitations; every worker gets the calendar invitation by mail.
        coord.Dialog += (_, dialog) => dialog.AcceptAsync();
        await coord.ClickAsync("#publish");
        await Assertions.Expect(coord.Locator("main > .alert.success")).ToContainTextAsync("Publié : 3 invitation(s)");
        await coord.ShotAsync("immersion-matching-published");
        // Printed: the board (people, places, choice ranks, seats), without the forms that run, move and publish.
        await coord.PrintShotAsync("immersion-matching", withoutControls: true, "#placements tbody td", "#seats tbody td", "#rank-chart tbody th");
        CspWatch.AssertClean(coord);
        foreach (var w in Workers)
        {
            var invite = (await f.Smtp.WaitForAsync(m => m.To.Equals(w, StringComparison.OrdinalIgnoreCase) && (m.Subject + m.Text).Contains("Maison des Médiations " + tag))).Single();
            Assert.Contains(invite.Message.BodyParts, p => p.ContentType.MimeType == "text/calendar");
        }

        // 7. A worker sees their place and opens the live debrief notes.
        var first = await f.NewPageAsync();
        await first.SignInAsync(Workers[0]);
        await first.GotoAsync($"/immersion/{campaignId}/choose");
        await Assertions.Expect(first.Locator("#my-place")).ToBeVisibleAsync();
        await first.ClickAsync("#open-debrief");
        var shared = first.Locator("#notes-shared");
        await Assertions.Expect(shared).ToHaveAttributeAsync("data-notes-status", "connected");
        await shared.Locator(".cm-content").ClickAsync();
        await first.Keyboard.TypeAsync("Accueil très chaleureux ; contact direct avec la médiatrice.");
        await Assertions.Expect(shared.Locator(".cm-content")).ToContainTextAsync("Accueil très chaleureux");
        await first.ShotAsync("immersion-debrief");
        CspWatch.AssertClean(first);
    }

    /// <summary>
    /// Reciprocity: the coordinator publishes a CPAS service's day and adds a partner organisation's worker; the worker
    /// follows the sign-in link from the mail (no password), lands on the choice page, ranks the CPAS service; the same
    /// matching run places them there.
    /// </summary>
    [Fact]
    public async Task Coordinator_adds_a_partner_worker_who_signs_in_from_the_mail_ranks_a_cpas_service_and_is_matched()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var workerEmail = $"lotte.{tag}@partner-e2e.test";
        var today = CalendarTime.LocalDate(DateTimeOffset.UtcNow);

        var coord = await f.NewPageAsync();
        await coord.SignInAsync(Coordinator);
        await coord.GotoAsync("/immersion");
        await coord.FillAsync("#Form_Name", "Réciprocité E2E " + tag);
        await coord.ClickAsync("#create-campaign");
        var campaignId = Regex.Match(coord.Url, "/immersion/([0-9a-f-]{36})").Groups[1].Value;
        Assert.NotEmpty(campaignId);
        await coord.ClickAsync("#add-cpas-offer");
        await coord.FillAsync("#Form_Organisation", "Service d'insertion " + tag);
        await coord.FillAsync("#Form_Title", "Une journée à l'insertion socioprofessionnelle");
        await coord.SelectOptionAsync("#Form_Domain", "Emploi et formation");
        await coord.FillAsync("#Form_WhatYouWillSee", "Un atelier collectif, un entretien de bilan (situation fictive), la réunion d'équipe.");
        await coord.FillAsync("#Form_Address", "Rue des Saules 12, 1030 Schaerbeek");
        await coord.FillAsync("#date-0", TestDates.Weekday(today.AddDays(45)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await coord.FillAsync("#cap-0", "1");
        await coord.ClickAsync("#save-offer");
        await Assertions.Expect(coord.Locator("#offers")).ToContainTextAsync("Service d'insertion " + tag);

        await coord.FillAsync("#Worker_Name", "Lotte Peeters " + tag);
        await coord.FillAsync("#Worker_Email", workerEmail);
        await coord.SelectOptionAsync("#Worker_OrganisationId", new SelectOptionValue { Label = "Maison de quartier Les Tilleuls (démo)" });
        await coord.SelectOptionAsync("#Worker_Language", "nl");
        await coord.ClickAsync("#add-partner-worker-button");
        await Assertions.Expect(coord.Locator("main > .alert.success")).ToBeVisibleAsync();
        await Assertions.Expect(coord.Locator("#participants")).ToContainTextAsync("Lotte Peeters " + tag);
        await coord.ShotAsync("immersion-partner-worker-added");
        CspWatch.AssertClean(coord);

        var mail = (await f.Smtp.WaitForAsync(m => m.To.Equals(workerEmail, StringComparison.OrdinalIgnoreCase))).Single();
        var worker = await f.NewPageAsync();
        await worker.GotoAsync(MailLinks.Find(mail, "/account/magic"));
        await worker.ClickAsync("main form button.primary");
        await Assertions.Expect(worker).ToHaveURLAsync(new Regex($"/immersion/{campaignId}/choose$"));
        await Assertions.Expect(worker.Locator(".imm-offer")).ToHaveCountAsync(1);
        await worker.SelectOptionAsync("#rank-0", new SelectOptionValue { Index = 1 });
        await worker.ShotAsync("immersion-partner-worker-choice");
        await worker.ClickAsync("#save-preferences");
        await Assertions.Expect(worker.Locator("main > .alert.success")).ToBeVisibleAsync();
        CspWatch.AssertClean(worker);

        await coord.GotoAsync($"/immersion/{campaignId}/matching");
        await coord.ClickAsync("#run-matching");
        await Assertions.Expect(coord.Locator("main > .alert.success")).ToContainTextAsync("1 personne(s) placée(s) sur 1");
    }

    /// <summary>A partner worker corrects their own organisation's entry in the directory (linked from the demo offer by name).</summary>
    [Fact]
    public async Task A_partner_worker_corrects_their_organisations_directory_entry()
    {
        var page = await f.NewPageAsync();
        await page.SignInAsync("partner2@demo.casehub.test"); // Nora, of the demo's mental-health centre
        await page.GotoAsync("/immersion/directory");
        var entry = page.Locator(".imm-entry", new PageLocatorOptions { HasText = "L'Escale" }).First;
        await entry.Locator(".imm-org a").ClickAsync(); // the organisation's section
        await Assertions.Expect(page.Locator("#organisation-services")).ToBeVisibleAsync();
        await page.Locator("[data-correct]").First.ClickAsync();
        await page.FillAsync("#Correction_OpeningHours", "Lun–ven 9h–17h, jeudi jusqu'à 19h");
        await page.ShotAsync("immersion-directory-correct");
        await page.ClickAsync("#save-correction");
        await Assertions.Expect(page.Locator("main > .alert.success")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#directory")).ToContainTextAsync("jeudi jusqu'à 19h");
        await page.ShotAsync("immersion-directory-organisation");
        CspWatch.AssertClean(page);
    }
}
