using System.Text.RegularExpressions;
using CaseHub.Core.Calendar;
using CaseHub.Core.Immersion;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.E2E;

/// <summary>
/// After the immersion days, in Chromium on the demo team ("Pôle Jeunes"): the coordinator saves the speed-meeting
/// rotation with named groups and prints a sheet per table and per group; schedules the team's debrief meeting; a visitor
/// has shared a debrief (and kept private notes); in the room the team lead and the visitor see the gathered shared
/// debriefs (never the private notes), the panel picks up an edit made during the meeting, the lead records what the
/// team adopts and closes; the minutes carry what the visitors bring back.
/// </summary>
[Collection("e2e")]
public class ImmersionTeamDebriefJourneys(E2EFixture f)
{
    private const string Coordinator = "coordination@demo.casehub.test";

    /// <summary>
    /// A campaign of the demo team's first two workers, each placed at a partner (as a published matching leaves it),
    /// made through the services: the matching itself is ImmersionJourneys' subject. It starts before the demo
    /// campaign so the demo one stays first in the list (the guide tour follows the first).
    /// </summary>
    private async Task<(Guid CampaignId, List<Guid> Placements)> PlacedCampaignAsync(string tag)
    {
        var today = CalendarTime.LocalDate(DateTimeOffset.UtcNow);
        var start = today.AddDays(30);
        Guid campaignId = default;
        var placements = new List<Guid>();
        await f.App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Core.Data.CaseHubDbContext>();
            var coordinator = await db.Users.AsNoTracking().SingleAsync(u => u.Email == Coordinator);
            var c = await sp.GetRequiredService<ImmersionCampaigns>().CreateAsync(new CampaignInput
            {
                Name = "Immersions débriefing E2E " + tag, PeriodStart = start, PeriodEnd = start.AddDays(10),
                OffersDeadline = today.AddDays(5), PreferencesDeadline = today.AddDays(10), MaxRanks = 3,
                ContactName = coordinator.DisplayName, ContactEmail = Coordinator,
            }, coordinator.Id);
            campaignId = c.Id;
            var token = await sp.GetRequiredService<ImmersionPartners>().InviteAsync(c.Id, "Relais Jeunesse " + tag + " (démo)", "Inès Relais", $"relais.{tag}@partner-e2e.test", "fr");
            var offer = await sp.GetRequiredService<ImmersionOffers>().SavePartnerOfferAsync(token, null, new OfferInput
            {
                Title = "Une journée au relais jeunesse", Domain = "Santé mentale", Address = "Rue du Relais 3, Val-des-Saules",
                WhatYouWillSee = "L'accueil des jeunes, une permanence, la réunion d'équipe.", PublicServed = "Jeunes de 16 à 25 ans",
                ContactName = "Inès Relais", ContactEmail = $"relais.{tag}@partner-e2e.test", DirectoryConsent = true,
                Dates = [new(TestDates.Weekday(start.AddDays(1)), 2)],
            });
            var emails = ImmersionDemo.Workers.Take(2).Select(w => w.Email).ToList();
            var workers = await db.Users.AsNoTracking().Where(u => emails.Contains(u.Email!)).ToListAsync();
            await sp.GetRequiredService<ImmersionParticipants>().AddAsync(c.Id, workers.Select(w => w.Id));
            foreach (var email in emails)
            {
                var userId = workers.Single(w => w.Email == email).Id;
                var p = await db.ImmersionParticipants.SingleAsync(x => x.CampaignId == c.Id && x.UserId == userId);
                var placement = new ImmersionPlacement { CampaignId = c.Id, ParticipantId = p.Id, OfferDateId = offer.Dates[0].Id, UpdatedAt = DateTimeOffset.UtcNow };
                db.ImmersionPlacements.Add(placement);
                placements.Add(placement.Id);
            }
            await db.SaveChangesAsync();
        });
        return (campaignId, placements);
    }

    /// <summary>Clicks the panel's refresh button until it shows <paramref name="text"/> (the notes reach the server a moment after typing).</summary>
    private static async Task RefreshUntilAsync(IPage page, string text)
    {
        var panel = page.Locator("#team-debrief-panel [data-gathered-list]");
        for (var i = 0; i < 30 && !(await panel.InnerTextAsync()).Contains(text); i++)
        {
            var before = await page.Locator("#team-debrief-panel").GetAttributeAsync("data-refreshed-at");
            await page.ClickAsync("#refresh-gathered");
            await Assertions.Expect(page.Locator("#team-debrief-panel")).Not.ToHaveAttributeAsync("data-refreshed-at", before ?? "");
        }
        await Assertions.Expect(panel).ToContainTextAsync(text);
    }

    [Fact]
    public async Task Coordinator_saves_the_rotation_schedules_the_team_debrief_visitors_and_lead_meet_on_gathered_debriefs_and_adopt_a_decision()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (campaignId, placements) = await PlacedCampaignAsync(tag);
        var visitorEmail = ImmersionDemo.Workers[0].Email;

        // 1. The coordinator saves the speed-meeting rotation with named groups; printed, it is one sheet per table and per group.
        var coord = await f.NewPageAsync();
        await coord.SignInAsync(Coordinator);
        await coord.GotoAsync($"/immersion/{campaignId}/speed-meeting");
        await coord.FillAsync("#Partners", "Relais Jeunesse\nMaison de quartier Les Tilleuls\nCentre de santé mentale L'Escale");
        await coord.FillAsync("#GroupNames", "Les Saules\nLes Tilleuls\nLes Érables");
        await coord.ClickAsync("#save-rotation");
        await Assertions.Expect(coord.Locator("#speed-summary")).ToHaveAttributeAsync("data-saved", "true");
        await Assertions.Expect(coord.Locator("#speed-grid")).ToContainTextAsync("Les Érables");
        await coord.ShotAsync("immersion-speed-meeting-saved");
        await coord.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Assertions.Expect(coord.Locator(".imm-print-sheet:visible")).ToHaveCountAsync(6);
        Assert.Equal(0, await coord.Locator("main form:visible, main button:visible, main input:visible, main textarea:visible").CountAsync());
        await Assertions.Expect(coord.Locator("#speed-grid")).ToBeHiddenAsync();
        await Assertions.Expect(coord.Locator("main > .alert")).ToBeHiddenAsync();
        await coord.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await coord.PrintShotAsync("immersion-speed-meeting-sheets");
        // Printed for real (PDF): each of the six sheets ends its page, so a table gets its own sheet.
        var pdfPath = Path.Combine(RepoPaths.Output("screenshots"), "print-immersion-speed-meeting-sheets.pdf");
        // (PdfAsync prints with the emulated media: print it is, the screen again after.)
        await coord.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var pdf = System.Text.Encoding.Latin1.GetString(await coord.PdfAsync(new PagePdfOptions { Format = "A4", Path = pdfPath }));
        await coord.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        Assert.Equal(6, Regex.Count(pdf, @"/Type\s*/Page(?!s)"));

        // 2. A visitor writes their shared debrief (the prompts as headings) and private notes.
        var visitor = await f.NewPageAsync();
        await visitor.SignInAsync(visitorEmail);
        await visitor.GotoAsync($"/immersion/debrief/{placements[0]}");
        var shared = visitor.Locator("#notes-shared");
        await Assertions.Expect(shared).ToHaveAttributeAsync("data-notes-status", "connected");
        await shared.Locator(".cm-content").ClickAsync();
        await visitor.Keyboard.TypeAsync("## Ce que j'ai vu\nUne permanence d'accueil des jeunes sans rendez-vous.\n## Ce que je ramène à mon équipe\nAppeler le relais avant toute orientation jeunesse.\n");
        await Assertions.Expect(shared.Locator(".cm-content")).ToContainTextAsync("Appeler le relais");
        var privateNotes = visitor.Locator("#notes-private");
        await Assertions.Expect(privateNotes).ToHaveAttributeAsync("data-notes-status", "connected");
        await privateNotes.Locator(".cm-content").ClickAsync();
        await visitor.Keyboard.TypeAsync("Note privée : journée fatigante, à ne pas partager.");
        await Assertions.Expect(privateNotes.Locator(".cm-content")).ToContainTextAsync("à ne pas partager");
        CspWatch.AssertClean(visitor);

        // 3. The coordinator schedules the team's debrief (the demo team's lead chairs it).
        await coord.GotoAsync($"/immersion/{campaignId}/team-debriefs");
        await Assertions.Expect(coord.Locator("#Form_TeamId option:checked")).ToContainTextAsync(ImmersionDemo.TeamName);
        await coord.FillAsync("#Form_Place", "Salle du conseil, 1er étage");
        await coord.ShotAsync("immersion-team-debrief-schedule");
        await coord.ClickAsync("#schedule-team-debrief");
        await Assertions.Expect(coord.Locator("main > .alert.success")).ToBeVisibleAsync();
        await Assertions.Expect(coord.Locator("#team-debriefs li")).ToHaveCountAsync(1);
        var roomId = await coord.Locator("#team-debriefs li").GetAttributeAsync("data-room");
        Assert.NotNull(roomId);
        CspWatch.AssertClean(coord);

        // 4. The team lead opens the room from their own team-debriefs page; the visitor joins from the meeting link.
        var lead = await f.NewPageAsync();
        await lead.SignInAsync(ImmersionDemo.LeadEmail);
        await lead.GotoAsync($"/immersion/{campaignId}/team-debriefs");
        await lead.ClickAsync($"#team-debriefs li[data-room='{roomId}'] a.button");
        await Assertions.Expect(lead.Locator(".conn")).ToHaveTextAsync("Connecté·e");
        var visitorRoom = await visitor.Context.NewPageAsync();
        CspWatch.Attach(visitorRoom);
        await visitorRoom.GotoAsync($"/meetings/{roomId}/room");
        await Assertions.Expect(visitorRoom.Locator(".conn")).ToHaveTextAsync("Connecté·e");

        // The gathered panel: both visitors, the shared debrief under its prompts, never the private notes.
        await RefreshUntilAsync(lead, "Appeler le relais avant toute orientation jeunesse.");
        var panel = lead.Locator("#team-debrief-panel");
        await Assertions.Expect(panel.Locator("article.imm-gathered")).ToHaveCountAsync(2);
        await Assertions.Expect(panel.Locator("[data-gathered-count]")).ToHaveTextAsync("2");
        await Assertions.Expect(panel).ToContainTextAsync("Ce que je ramène à mon équipe");
        await Assertions.Expect(panel).ToContainTextAsync("Pas encore de débriefing écrit.");
        await Assertions.Expect(visitorRoom.Locator("#team-debrief-panel")).ToContainTextAsync("Appeler le relais");
        Assert.DoesNotContain("ne pas partager", await lead.ContentAsync());
        Assert.DoesNotContain("ne pas partager", await visitorRoom.ContentAsync());

        // 5. The lead starts; during the meeting the visitor adds a point to their shared debrief: the panel picks it up.
        await lead.ClickAsync("[data-act=start]");
        await Assertions.Expect(visitorRoom.Locator(".phase-now")).ToContainTextAsync("Accueil");
        await shared.Locator(".cm-content").ClickAsync();
        await visitor.Keyboard.PressAsync("Control+End");
        await visitor.Keyboard.TypeAsync("Proposer une fiche de liaison commune.\n");
        await Assertions.Expect(shared.Locator(".cm-content")).ToContainTextAsync("fiche de liaison commune");
        await RefreshUntilAsync(lead, "fiche de liaison commune");
        await Assertions.Expect(lead.Locator("[data-gathered-status]")).ToHaveTextAsync("Débriefings à jour");
        await lead.ShotAsync("immersion-team-debrief-room");
        await visitorRoom.AssertAccessibleAsync("immersion-team-debrief-room-visitor");
        // On a phone: the gathered sheets are one of the room's parts; the part chosen stays open as the meeting moves on.
        await PhoneRooms.CheckAsync(f, visitorEmail, $"/meetings/{roomId}/room", "immersion-team-debrief", liveChange: async (phone) =>
        {
            await lead.NextPhaseAsync();
            await Assertions.Expect(phone.Locator("[data-bind=bar-phase-now]")).Not.ToContainTextAsync("Accueil");
        });

        // 6. To "what we bring back": the lead records what the team adopts, then closes.
        for (var i = 0; i < 2; i++) await lead.NextPhaseAsync(); // one step was taken during the phone check
        await Assertions.Expect(visitorRoom.Locator(".phase-now")).ToHaveTextAsync("Ce que nous ramenons à l'équipe");
        await lead.FillAsync("#decision-text", "Nous adoptons la fiche de liaison commune avec le relais jeunesse");
        await lead.ClickAsync("form[data-form=decision] button");
        await Assertions.Expect(visitorRoom.Locator("[data-bind=decisions]")).ToContainTextAsync("Nous adoptons la fiche de liaison");
        lead.Dialog += async (_, d) => await d.AcceptAsync();
        await lead.ClickAsync("[data-act=close]");
        await Assertions.Expect(visitorRoom.Locator(".phase-now")).ToContainTextAsync("clôturée");

        // 7. The minutes: what the visitors bring back (the shared debrief's section only) and what the team adopts.
        await visitorRoom.GotoAsync($"/meetings/{roomId}/minutes");
        var minutes = visitorRoom.Locator(".minutes");
        await Assertions.Expect(minutes).ToContainTextAsync("Ce que les visiteurs ramènent");
        await Assertions.Expect(minutes).ToContainTextAsync("Appeler le relais avant toute orientation jeunesse.");
        await Assertions.Expect(minutes).ToContainTextAsync("Proposer une fiche de liaison commune.");
        await Assertions.Expect(minutes).ToContainTextAsync("Ce que l'équipe adopte");
        await Assertions.Expect(minutes).ToContainTextAsync("Nous adoptons la fiche de liaison commune avec le relais jeunesse");
        Assert.DoesNotContain("ne pas partager", await minutes.InnerTextAsync());
        Assert.DoesNotContain("permanence d'accueil des jeunes sans rendez-vous", await minutes.InnerTextAsync());
        await visitorRoom.ShotAsync("immersion-team-debrief-minutes");
        foreach (var p in new[] { coord, visitor, lead, visitorRoom }) CspWatch.AssertClean(p);
    }
}
