using System.Text.RegularExpressions;

namespace CaseHub.E2E;

/// <summary>A whole intervision session (60-minute peer consultation) with four colleagues in four browsers.</summary>
[Collection("e2e")]
public class IntervisionJourneys(E2EFixture f)
{
    [Fact]
    public async Task Four_colleagues_run_a_peer_consultation_with_anonymous_cards_grouped_live_and_a_summary_as_minutes()
    {
        // The facilitator sets up the team and plans one session.
        var animateur = await f.NewPageAsync("fr-BE");
        await animateur.SignInAsync("facilitator@demo.casehub.test");
        await animateur.GotoAsync("/intervision");
        await animateur.FillAsync("#Name", "Intervision ISP et service social (parcours)");
        foreach (var name in new[] { "Camille Coordination", "Ilias Insertion", "Sarah Assistante" })
            await animateur.Locator(".intervision-members .picker-people label", new() { HasText = name }).Locator("input").CheckAsync();
        await animateur.ClickAsync("button[form=new-team-form]");
        await Assertions.Expect(animateur.Locator(".alert.success")).ToBeVisibleAsync();
        var teamUrl = new Uri(animateur.Url).AbsolutePath;

        await animateur.FillAsync("#Title", "Consultation entre pairs (parcours)");
        await animateur.SelectOptionAsync("#Method", "intervision-peer60");
        await animateur.FillAsync("#Duration", "60");
        await animateur.SelectOptionAsync("#Repeat", "once");
        await animateur.ClickAsync("form[action*='handler=series'] button.primary");
        await Assertions.Expect(animateur.Locator(".intervision-sessions tbody tr")).ToHaveCountAsync(1);
        // Rotation: the first member is narrator, the next one rapporteur.
        await Assertions.Expect(animateur.Locator(".intervision-sessions tbody tr td").Nth(1)).ToHaveTextAsync("Camille Coordination");
        await Assertions.Expect(animateur.Locator(".intervision-sessions tbody tr td").Nth(2)).ToHaveTextAsync("Ilias Insertion");
        await animateur.ShotAsync("intervision-team");
        await animateur.PrintShotAsync("intervision-rotation");
        await animateur.ClickAsync(".intervision-sessions tbody a");
        var sessionUrl = new Uri(animateur.Url).AbsolutePath;

        // Everyone accepts the confidentiality rule before entering; the narrator names the theme in general words.
        async Task<IPage> EnterAsync(string email, string locale = "fr-BE")
        {
            var page = email == "facilitator@demo.casehub.test" ? animateur : await f.NewPageAsync(locale);
            if (page != animateur) await page.SignInAsync(email);
            await page.GotoAsync(sessionUrl);
            if (email == "coordination@demo.casehub.test")
            {
                await page.FillAsync("#Theme", "Un désaccord sur l'orientation vers l'ISP");
                await page.ClickAsync("form[action*='handler=theme'] button");
                await Assertions.Expect(page.Locator(".alert.success")).ToBeVisibleAsync();
            }
            await page.ClickAsync("form[action*='handler=acknowledge'] button"); // without ticking: refused
            await Assertions.Expect(page.Locator(".alert.error")).ToBeVisibleAsync();
            if (email == "as@demo.casehub.test") await page.ShotAsync("intervision-session-confidentiality");
            await page.CheckAsync("input[name=Accept]");
            await page.ClickAsync("form[action*='handler=acknowledge'] button");
            await Assertions.Expect(page.Locator(".conn")).ToHaveTextAsync("Connecté·e");
            return page;
        }
        await EnterAsync("facilitator@demo.casehub.test");
        var narrator = await EnterAsync("coordination@demo.casehub.test");
        var rapporteur = await EnterAsync("ai@demo.casehub.test");
        var colleague = await EnterAsync("as@demo.casehub.test");
        await Assertions.Expect(animateur.Locator(".person.online")).ToHaveCountAsync(4);

        // Narration, then the clarification questions round.
        await animateur.ClickAsync("[data-act=start]");
        await Assertions.Expect(colleague.Locator(".phase-now")).ToHaveTextAsync("Situation et question du narrateur");
        await animateur.NextPhaseAsync();
        await Assertions.Expect(colleague.Locator(".phase-now")).ToHaveTextAsync("Tour de questions de clarification");
        await animateur.ClickAsync("[data-act=start-round]");
        // The round goes round the colleagues present; the narrator, whose situation it is, listens.
        await Assertions.Expect(colleague.Locator(".round-order li")).ToHaveCountAsync(3);
        await Assertions.Expect(colleague.Locator(".round-order")).Not.ToContainTextAsync("Camille Coordination");

        // Hypotheses: anonymous cards, hidden until the animateur reveals them together.
        await animateur.NextPhaseAsync();
        await Assertions.Expect(colleague.Locator("[data-iv=write]")).ToBeVisibleAsync();
        async Task CardAsync(IPage page, string text)
        {
            await page.FillAsync("#iv-card-text", text);
            await page.ClickAsync("form[data-iv-form=card] button");
            await Assertions.Expect(page.Locator("[data-iv=mycards]")).ToContainTextAsync(text);
        }
        await CardAsync(colleague, "Le cadre légal du PIIS pèse sur la décision");
        await CardAsync(rapporteur, "Chacun protège son secret professionnel");
        await CardAsync(colleague, "Une concertation AS-AI plus tôt aurait aidé");
        // Before the reveal, the others see a count, never the text.
        await Assertions.Expect(narrator.Locator(".intervision-count")).ToContainTextAsync("3 carte(s)");
        await Assertions.Expect(narrator.Locator(".intervision-board")).Not.ToContainTextAsync("secret professionnel");
        await colleague.ShotAsync("intervision-cards-before-reveal");

        animateur.Dialog += async (_, d) => await d.AcceptAsync();
        await animateur.ClickAsync("[data-iv-act=reveal]");
        await Assertions.Expect(narrator.Locator(".intervision-board .intervision-card")).ToHaveCountAsync(3);
        await Assertions.Expect(colleague.Locator("[data-iv=write]")).ToBeHiddenAsync();

        // The rapporteur groups and labels with the keyboard alone (a list on each card: Tab to it, arrow down);
        // each move re-renders the board for everyone and the focus comes back to the card's list (found again by its card id). Everyone sees it live.
        await rapporteur.TabToAsync("#iv-group-2");
        await rapporteur.Keyboard.TypeAsync("Le cadre et le secret");
        await rapporteur.Keyboard.PressAsync("Enter");
        await Assertions.Expect(rapporteur.Locator(".intervision-column")).ToHaveCountAsync(2);
        await rapporteur.AssertAccessibleAsync("intervision-grouping-rapporteur");
        foreach (var text in new[] { "Le cadre légal du PIIS", "secret professionnel" })
        {
            var cardId = await rapporteur.Locator(".intervision-card[data-card]", new() { HasText = text }).GetAttributeAsync("data-card"); // the board, not "my cards"
            var select = $"select[data-iv-move='{cardId}']";
            await rapporteur.TabToAsync(select);
            await rapporteur.Keyboard.PressAsync("ArrowDown");
            await Assertions.Expect(rapporteur.Locator(".intervision-column:not(.ungrouped) .intervision-card", new() { HasText = text })).ToHaveCountAsync(1);
            await Assertions.Expect(rapporteur.Locator(select)).ToBeFocusedAsync(); // back on the same card's list after the re-render
        }
        var group = narrator.Locator(".intervision-column:not(.ungrouped)");
        await Assertions.Expect(group.Locator("h4")).ToHaveTextAsync("Le cadre et le secret");
        await Assertions.Expect(group.Locator(".intervision-card")).ToHaveCountAsync(2);
        await Assertions.Expect(narrator.Locator(".intervision-column.ungrouped .intervision-card")).ToHaveTextAsync(new Regex("concertation AS-AI"));
        // Not the rapporteur: no grouping controls.
        await Assertions.Expect(colleague.Locator(".intervision-card select")).ToHaveCountAsync(0);

        // On a phone: the session at 360 and 390 px, every part one tap away; the part chosen stays open while the
        // animateur pauses and resumes the timer.
        await PhoneRooms.CheckAsync(f, "as@demo.casehub.test", sessionUrl + "/live", "intervision-live", liveChange: async (phone) =>
        {
            await animateur.ClickAsync("[data-act=pause]");
            await Assertions.Expect(phone.Locator("[data-bind=bar-timer]")).ToHaveClassAsync(new Regex("paused"));
            await animateur.ClickAsync("[data-act=pause]");
            await Assertions.Expect(phone.Locator("[data-bind=bar-timer]")).Not.ToHaveClassAsync(new Regex("paused"));
        });

        // Narrator's reaction, advice, evaluation; the rapporteur writes the summary, everyone sees it.
        await animateur.NextPhaseAsync();
        await Assertions.Expect(narrator.Locator(".phase-now")).ToHaveTextAsync("Réaction du narrateur");
        // The narrator's own view: their cue and their reaction slot, private until they share it.
        await Assertions.Expect(narrator.Locator("[data-iv=role]")).ToContainTextAsync("C'est votre moment");
        await Assertions.Expect(colleague.Locator("[data-iv=role]")).ToContainTextAsync("Vous êtes participant·e");
        await Assertions.Expect(colleague.Locator("[data-iv=reaction-view]")).ToContainTextAsync("prépare sa réaction");
        await Assertions.Expect(colleague.Locator("form[data-iv-form=reaction]")).ToBeHiddenAsync();
        await narrator.FillAsync("#iv-reaction", "Je repars avec l'idée d'une concertation plus tôt");
        await narrator.ClickAsync("[data-iv-act=reaction-save]");
        await Assertions.Expect(narrator.Locator("[data-iv=reaction-status]")).ToHaveTextAsync("Enregistrée, visible par vous seul·e.");
        await Assertions.Expect(colleague.Locator("[data-iv=reaction-view]")).Not.ToContainTextAsync("concertation plus tôt");
        await narrator.ShotAsync("intervision-live-narrator");
        await narrator.ClickAsync("[data-iv-act=reaction-share]");
        await Assertions.Expect(colleague.Locator("[data-iv=reaction-view]")).ToContainTextAsync("Je repars avec l'idée d'une concertation plus tôt");
        await animateur.NextPhaseAsync();
        await rapporteur.FillAsync("#iv-learnings", "Nommer tôt le désaccord entre AS et AI\nLe secret professionnel se partage dans les limites du nécessaire");
        await rapporteur.FillAsync("#iv-proposals", "Une concertation AS-AI avant toute orientation vers l'ISP");
        await rapporteur.FillAsync("#iv-questions", "Qui tranche en cas de désaccord persistant ?");
        await rapporteur.ClickAsync("form[data-iv-form=summary] button");
        await Assertions.Expect(rapporteur.Locator("[data-iv=summary-status]")).ToHaveTextAsync("Synthèse enregistrée.");
        await Assertions.Expect(colleague.Locator("[data-iv=summary-view]")).ToContainTextAsync("concertation AS-AI avant toute orientation");
        await animateur.ShotAsync("intervision-live-animateur");
        await rapporteur.ShotAsync("intervision-live-rapporteur");
        await animateur.NextPhaseAsync();
        await Assertions.Expect(colleague.Locator(".phase-now")).ToHaveTextAsync("Évaluation");

        // Close: the minutes carry the summary (and no cards, no raw notes); the team keeps it in its history.
        var roomId = await animateur.Locator("#room").GetAttributeAsync("data-room");
        await animateur.ClickAsync("[data-act=close]");
        await Assertions.Expect(colleague.Locator(".phase-now")).ToContainTextAsync("clôturée");
        var mail = (await f.Smtp.WaitForAsync(m => m.To == "as@demo.casehub.test" && m.Text.Contains("Consultation entre pairs (parcours)") && m.Text.Contains("Enseignements"))).Single();
        Assert.Contains("Une concertation AS-AI avant toute orientation vers l'ISP", mail.Text);
        Assert.DoesNotContain("Le cadre légal du PIIS", mail.Text);
        await animateur.GotoAsync($"/meetings/{roomId}/minutes");
        await Assertions.Expect(animateur.Locator(".minutes")).ToContainTextAsync("Qui tranche en cas de désaccord persistant ?");
        await animateur.GotoAsync(teamUrl);
        await Assertions.Expect(animateur.Locator(".intervision-record")).ToContainTextAsync("Nommer tôt le désaccord");
        await animateur.ShotAsync("intervision-team-history");
        foreach (var p in new[] { animateur, narrator, rapporteur, colleague }) CspWatch.AssertClean(p);
    }
}
