using System.Text.RegularExpressions;

namespace CaseHub.E2E;

/// <summary>A comité à blanc in four browsers: a chair and three members decide two cases, then find them in the case law.</summary>
[Collection("e2e")]
public class CommitteeJourneys(E2EFixture f)
{
    private static readonly (string Email, string Decision, string Amount, string Motivation)[] FirstCase =
    [
        ("conseiller@demo.casehub.test", "Grant", "1650", "Loyer soutenable, la garantie évite l'hébergement chez un tiers."),
        ("as@demo.casehub.test", "Grant", "1200", "Octroi partiel : la famille peut compléter avec l'épargne."),
        ("ai@demo.casehub.test", "Defer", "", "Attendre le bail signé avant de s'engager."),
    ];

    private static readonly (string Email, string Decision, string Amount, string Motivation)[] SecondCase =
    [
        ("conseiller@demo.casehub.test", "Grant", "320", "Intervention partielle, le solde en plan de paiement."),
        ("as@demo.casehub.test", "Grant", "320", "La moitié de la facture, il a toujours remboursé."),
        ("ai@demo.casehub.test", "Refuse", "", "Le plan de paiement suffit."),
    ];

    [Fact]
    public async Task A_chair_and_three_members_run_two_cases_to_reference_decisions_and_the_library_finds_them()
    {
        var chair = await f.NewPageAsync("fr-BE");
        await chair.SignInAsync("facilitator@demo.casehub.test");

        // A case that still carries a national register number is not saved: the finding is shown in place.
        await chair.GotoAsync("/committees/cases/edit");
        await chair.FillAsync("#Form_Title", "Aide urgente après un incendie");
        await chair.FillAsync("#Form_Household", "Adulte, 52 ans, isolé");
        await chair.FillAsync("#Form_Request", "Aide urgente pour du mobilier");
        await chair.FillAsync("#Form_Narrative", "Monsieur X (NN 85.07.30-033.28) a perdu son mobilier dans un incendie.");
        await chair.ClickAsync("#save-case");
        await Assertions.Expect(chair.Locator("#pii-findings mark.cmt-flag")).ToHaveCountAsync(1);
        await chair.ShotAsync("committee-pii-finding");
        await chair.ClickAsync("#mask-all");
        await Assertions.Expect(chair.Locator("#pii-findings")).ToHaveCountAsync(0); // the masked page is back
        await Assertions.Expect(chair.Locator("#Form_Narrative")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"85\.\*\*"));
        await chair.ClickAsync("#save-case");
        await Assertions.Expect(chair.Locator("h1")).ToContainTextAsync("Aide urgente après un incendie");

        // Plan: two demo cases in order, three members, anonymous reveal.
        await chair.GotoAsync("/committees/new");
        await chair.FillAsync("#Title", "Comité à blanc — parcours e2e");
        await chair.Locator("#session-cases tr", new() { HasText = "Garantie locative après une séparation" }).Locator("input").FillAsync("1");
        await chair.Locator("#session-cases tr", new() { HasText = "Arriérés d'énergie d'un jeune isolé" }).Locator("input").FillAsync("2");
        foreach (var (email, _, _, _) in FirstCase) await chair.CheckAsync($"input[data-email='{email}']");
        await chair.ShotAsync("committee-new");
        await chair.ClickAsync("#create-session");
        await Assertions.Expect(chair.Locator(".alert.success")).ToContainTextAsync("invitations");
        var sessionUrl = new Uri(chair.Url).AbsolutePath;

        var members = new Dictionary<string, IPage>();
        foreach (var (email, _, _, _) in FirstCase)
        {
            var page = await f.NewPageAsync("fr-BE");
            await page.SignInAsync(email);
            await page.GotoAsync(sessionUrl);
            await Assertions.Expect(page.Locator("[data-bind=conn]")).ToHaveTextAsync("Connecté·e");
            members[email] = page;
        }
        await Assertions.Expect(chair.Locator("[data-bind=conn]")).ToHaveTextAsync("Connecté·e");
        // Who is here: the presence list of every live room, from the room connection.
        await Assertions.Expect(chair.Locator("[data-bind=people] .person.online")).ToHaveCountAsync(4);
        await Assertions.Expect(chair.Locator("[data-bind=people]")).ToContainTextAsync("Président·e de séance");

        await chair.ClickAsync("#start-session");
        foreach (var page in members.Values)
            await Assertions.Expect(page.Locator("#case-h")).ToContainTextAsync("Garantie locative après une séparation");
        await Assertions.Expect(chair.Locator("[data-bind=timer]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(09|10):\d\d$"));
        await members["as@demo.casehub.test"].ShotAsync("committee-reading");

        await RunCaseAsync(chair, members, FirstCase, "Garantie accordée : un loyer à 52 % des ressources reste soutenable pour une famille à reloger.", "1 425,00 €", screenshots: true, sessionUrl: sessionUrl);
        await chair.ClickAsync("#next-case");
        foreach (var page in members.Values)
            await Assertions.Expect(page.Locator("#case-h")).ToContainTextAsync("Arriérés d'énergie");
        await RunCaseAsync(chair, members, SecondCase, "Intervention de moitié dans la régularisation, solde en plan de paiement : il a toujours remboursé.", "320,00 €", screenshots: false);
        await chair.ClickAsync("#close-session");
        await Assertions.Expect(chair.Locator(".cmt-reference-list li")).ToHaveCountAsync(2);
        await chair.ShotAsync("committee-summary");

        // The internal case law finds both reference decisions.
        var reader = members["as@demo.casehub.test"];
        await reader.GotoAsync("/committees/case-law");
        await reader.FillAsync("#Q", "reloger");
        await reader.ClickAsync("#search");
        await Assertions.Expect(reader.Locator(".cmt-law-entry")).ToHaveCountAsync(1);
        await Assertions.Expect(reader.Locator(".cmt-law-entry").First).ToContainTextAsync("famille à reloger");
        await reader.FillAsync("#Q", "plan de paiement");
        await reader.SelectOptionAsync("#Aid", "EnergyCosts");
        await reader.ClickAsync("#search");
        await Assertions.Expect(reader.Locator(".cmt-law-entry", new() { HasText = "il a toujours remboursé" })).ToHaveCountAsync(1);
        await reader.ShotAsync("committee-case-law");
        await reader.GotoAsync("/committees/convergence");
        await Assertions.Expect(reader.Locator("#convergence-table tbody tr")).ToHaveCountAsync(3);
        await reader.ShotAsync("committee-convergence");

        CspWatch.AssertClean(chair);
        foreach (var page in members.Values) CspWatch.AssertClean(page);
    }

    private async Task RunCaseAsync(IPage chair, Dictionary<string, IPage> members,
        (string Email, string Decision, string Amount, string Motivation)[] ballots, string rationale, string median, bool screenshots, string? sessionUrl = null)
    {
        var asPage = members["as@demo.casehub.test"];
        var code = (await chair.Locator("#case-h").InnerTextAsync()).Split(' ')[0];
        await chair.ClickAsync("#open-vote");
        // Live changes are said to screen readers too (the page's polite live region), after the page refreshed.
        await Assertions.Expect(asPage.Locator("#live-announcer")).ToContainTextAsync($"Vote ouvert : {code}");
        // The last member starts typing while the others decide: the page updates in place around them (no reload).
        var last = members[ballots[^1].Email];
        await Assertions.Expect(last.Locator("#ballot-form")).ToBeVisibleAsync();
        await last.EvaluateAsync("() => { window.samePage = true; }");
        await last.FillAsync("#ballot-motivation", "Brouillon en cours");
        foreach (var (email, decision, amount, motivation) in ballots)
        {
            var page = members[email];
            if (page == last)
            {
                await Assertions.Expect(last.Locator("#vote-count")).ToHaveTextAsync($"{ballots.Length - 1} décision(s) sur 4");
                Assert.True(await last.EvaluateAsync<bool>("() => window.samePage === true"), "the page reloaded under a member's typing");
                Assert.Equal("Brouillon en cours", await last.InputValueAsync("#ballot-motivation"));
                Assert.Equal("ballot-motivation", await last.EvaluateAsync<string>("() => document.activeElement.id"));
            }
            await Assertions.Expect(page.Locator("#ballot-form")).ToBeVisibleAsync();
            await page.CheckAsync($"#ballot-form input[name='Ballot.Decision'][value='{decision}']");
            if (amount.Length > 0) await page.FillAsync("#ballot-amount", amount);
            if (decision == "Grant") await page.FillAsync("#ballot-conditions", "PIIS");
            await page.FillAsync("#ballot-motivation", motivation);
            await page.ClickAsync("#cast-ballot");
            await Assertions.Expect(page.Locator("#my-ballot-note")).ToBeVisibleAsync();
        }
        await Assertions.Expect(chair.Locator("#vote-count")).ToHaveTextAsync("3 décision(s) sur 4");
        await Assertions.Expect(chair.Locator("#live-announcer")).ToContainTextAsync("3 vote(s) sur 4 — secrets jusqu'à la révélation");
        // Before the reveal, nobody sees anyone else's motivation.
        await Assertions.Expect(asPage.Locator("body")).Not.ToContainTextAsync(ballots[0].Motivation);
        if (screenshots) await asPage.ShotAsync("committee-secret-vote");

        await chair.ClickAsync("#force-reveal");
        foreach (var page in members.Values.Append(chair))
            await Assertions.Expect(page.Locator("#divergence")).ToContainTextAsync(ballots[2].Motivation);
        await Assertions.Expect(asPage.Locator("#live-announcer")).ToContainTextAsync($"Vote clôturé, résultats affichés : {code}");
        // Revealed, the step is named for what it shows; the median of two amounts is half-way between them.
        await Assertions.Expect(asPage.Locator("#step-h")).ToHaveTextAsync("Décisions individuelles révélées");
        await Assertions.Expect(asPage.Locator(".cmt-steps .cmt-now")).ToContainTextAsync("Décisions individuelles révélées");
        await Assertions.Expect(asPage.Locator("#divergence")).ToContainTextAsync(new Regex(@"médiane\s" + median.Replace(" ", @"\s")));
        if (screenshots) await asPage.ShotAsync("committee-divergence");
        // On a phone: the session at 360 and 390 px, every part one tap away, the part chosen kept while the chair moves on.
        if (sessionUrl is not null)
        {
            await PhoneRooms.CheckAsync(f, "conseiller@demo.casehub.test", sessionUrl, "committee-session", liveChange: async (phone) =>
            {
                await chair.ClickAsync("#to-discussion");
                await Assertions.Expect(phone.Locator(".room-bar-phase")).ToContainTextAsync("Discussion");
            });
        }

        if (sessionUrl is null) await chair.ClickAsync("#to-discussion"); // else done by the phone check
        await Assertions.Expect(asPage.Locator(".notes-editor .cm-content")).ToBeVisibleAsync();
        await chair.ClickAsync("#to-reference");
        await Assertions.Expect(chair.Locator("#reference-form")).ToBeVisibleAsync();
        await chair.FillAsync("#ref-conditions", "PIIS");
        await chair.FillAsync("#ref-rationale", rationale);
        await chair.ClickAsync("#record-reference");
        await Assertions.Expect(chair.Locator("#reference-recorded")).ToContainTextAsync(rationale);
        await Assertions.Expect(asPage.Locator("#reference-recorded")).ToContainTextAsync(rationale);
        await Assertions.Expect(asPage.Locator("#live-announcer")).ToContainTextAsync($"Décision de référence enregistrée : {code}");
        if (screenshots) await chair.ShotAsync("committee-reference");
    }
}
