using System.Globalization;
using CaseHub.TestSupport;

namespace CaseHub.E2E;

/// <summary>
/// Casework around a conference (issue #21): the facilitator opens a case and a conference; in the room's grid phase the
/// AS and the AI fill the social assessment grid at the same time from two browsers (each sees the other's cell appear
/// and who is editing); then, on the case page, the AS notes a document already provided and asks the AI a question in
/// the case thread, and the AI answers.
/// </summary>
[Collection("e2e")]
public class CaseworkJourneys(E2EFixture f)
{
    [Fact]
    public async Task AS_and_AI_fill_the_grid_together_in_the_conference_then_note_a_document_and_talk_in_the_thread()
    {
        var chair = await f.NewPageAsync("fr-BE");
        await chair.SignInAsync("facilitator@demo.casehub.test");
        await chair.GotoAsync("/conferences/cases/new");
        await chair.FillAsync("#Code", "E2E-2026-077");
        await chair.SelectOptionAsync("#ServiceId", new SelectOptionValue { Label = "Service social général" });
        await chair.FillAsync("#Summary", "Personne seule, revenu d'intégration ; santé et emploi à articuler.");
        await chair.CheckAsync("input[name=Themes][value=Health]");
        await chair.ClickAsync("form button.primary");
        await Assertions.Expect(chair.Locator("h1")).ToContainTextAsync("E2E-2026-077");
        var caseUrl = new Uri(chair.Url).AbsolutePath;
        // The picker lists people to choose, nobody preselected.
        await Assertions.Expect(chair.Locator(".picker-people input:checked")).ToHaveCountAsync(0);
        foreach (var (name, party) in new[] { ("Sarah Assistante", "SocialWorker"), ("Ilias Insertion", "InsertionAgent") })
        {
            await chair.Locator(".picker-people label", new() { HasText = name }).ClickAsync();
            await chair.SelectOptionAsync("#add-party", party);
            await chair.ClickAsync("#add-member-form button");
            await Assertions.Expect(chair.Locator(".conf-members")).ToContainTextAsync(name);
        }
        await chair.ClickAsync($"a[href='{caseUrl}/prepare']");
        await chair.FillAsync("#Location", "CPAS, salle 3");
        await chair.ClickAsync("form button.primary");
        await Assertions.Expect(chair.Locator("h1")).ToContainTextAsync("E2E-2026-077");
        var conferenceUrl = new Uri(chair.Url).AbsolutePath;

        // The room: the facilitator goes to the grid phase.
        await chair.GotoAsync(conferenceUrl + "/live");
        var asPage = await f.NewPageAsync("fr-BE");
        await asPage.SignInAsync("as@demo.casehub.test");
        await asPage.GotoAsync(conferenceUrl + "/live");
        var aiPage = await f.NewPageAsync("fr-BE");
        await aiPage.SignInAsync("ai@demo.casehub.test");
        await aiPage.GotoAsync(conferenceUrl + "/live");
        await Assertions.Expect(chair.Locator(".person.online")).ToHaveCountAsync(3);
        await chair.ClickAsync("[data-act=start]");
        foreach (var phase in new[] { "Tour des positions", "Questions de clarification", "Bilan social (grille)" })
        {
            await chair.NextPhaseAsync();
            await Assertions.Expect(asPage.Locator(".phase-now")).ToContainTextAsync(phase);
        }
        await Assertions.Expect(asPage.Locator("#g-Health-text")).ToBeVisibleAsync();
        await Assertions.Expect(aiPage.Locator("#g-Employment-text")).ToBeVisibleAsync();

        // The AS types in Health while the AI sees who is editing, and the AI fills Employment at the same time.
        await asPage.FocusAsync("#g-Health-text");
        await Assertions.Expect(aiPage.Locator("[data-theme-card=Health] [data-editors]")).ToContainTextAsync("Sarah Assistante");
        await asPage.SelectOptionAsync("#g-Health-rating", "Destabilising");
        await asPage.FillAsync("#g-Health-text", "Suivi médical en cours, rendez-vous jusqu'en juin.");
        await aiPage.SelectOptionAsync("#g-Employment-rating", "Opportunity");
        await aiPage.FillAsync("#g-Employment-text", "Formation courte en logistique possible en mai.");
        await aiPage.SelectOptionAsync("#g-Employment-vis", "AllParticipants");
        await aiPage.ShotAsync("casework-grid-editing-ai");
        await Task.WhenAll(
            asPage.ClickAsync("[data-theme-card=Health] [data-grid-act=save-theme]"),
            aiPage.ClickAsync("[data-theme-card=Employment] [data-grid-act=save-theme]"));
        // Both cells kept, each shown to the other.
        await Assertions.Expect(aiPage.Locator("#g-Health-text")).ToHaveValueAsync("Suivi médical en cours, rendez-vous jusqu'en juin.");
        await Assertions.Expect(asPage.Locator("#g-Employment-text")).ToHaveValueAsync("Formation courte en logistique possible en mai.");
        await Assertions.Expect(chair.Locator("#g-Employment-rating")).ToHaveValueAsync("Opportunity");
        // An action owned by the person, at short term.
        await asPage.SelectOptionAsync("#gn-Health-owner", "Person");
        await asPage.FillAsync("#gn-Health-text", "Demander l'avis du médecin traitant");
        await asPage.ClickAsync("[data-theme-card=Health] .grid-action-new button[type=submit]");
        await Assertions.Expect(aiPage.Locator("[data-theme-card=Health] .grid-action input[name=text]").First).ToHaveValueAsync("Demander l'avis du médecin traitant");
        await asPage.ShotAsync("casework-grid-live-as");
        await aiPage.ShotAsync("casework-grid-live-ai");

        // Tell it once: the AS notes the lease already provided, valid two more years.
        await asPage.GotoAsync(caseUrl);
        await Assertions.Expect(asPage.Locator("#grid")).ToContainTextAsync("Formation courte en logistique possible en mai.");
        var today = DateOnly.FromDateTime(DateTime.Now);
        await asPage.ClickAsync("#documents details > summary");
        await asPage.SelectOptionAsync("#doc-type", "lease");
        await asPage.FillAsync("#doc-until", today.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await asPage.ClickAsync("#documents form.conf-form button[type=submit]");
        await Assertions.Expect(asPage.Locator("#documents")).ToContainTextAsync("Bail");

        // The thread: the AS asks the AI a question; the AI answers; both see the exchange.
        await asPage.FillAsync("#post-text", "@Ilias Insertion la formation de mai est-elle compatible avec les rendez-vous médicaux ?");
        await asPage.SelectOptionAsync("#post-kind", "Question");
        await asPage.ClickAsync("form.case-post button.primary");
        await Assertions.Expect(asPage.Locator("#thread .case-msg-question")).ToContainTextAsync("compatible avec les rendez-vous");
        await f.Smtp.WaitForAsync(m => m.To == "ai@demo.casehub.test" && m.Text.Contains("E2E-2026-077"));
        await aiPage.GotoAsync(caseUrl);
        var question = aiPage.Locator("#thread .case-msg-question").First;
        await question.Locator("details.case-answer > summary").ClickAsync();
        await question.Locator("textarea").FillAsync("Oui : les cours sont le matin, les rendez-vous l'après-midi.");
        await question.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(aiPage.Locator("#thread .case-msg-answer")).ToContainTextAsync("les cours sont le matin");
        await aiPage.ShotAsync("casework-case-thread-ai");
        await asPage.GotoAsync(caseUrl);
        await Assertions.Expect(asPage.Locator("#thread .case-msg-answer")).ToContainTextAsync("les cours sont le matin");
        await asPage.ShotAsync("casework-case-as");
    }
}
