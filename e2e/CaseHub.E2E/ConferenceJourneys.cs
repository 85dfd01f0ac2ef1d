using System.Globalization;
using System.Text.RegularExpressions;
using CaseHub.TestSupport;

namespace CaseHub.E2E;

/// <summary>
/// A case conference from preparation to follow-up: the facilitator opens a pseudonymised case and prepares the
/// conference, the AS and the AI write opposing positions (sealed), the partner joins the room, the facilitator opens
/// the positions (the partner does not see the CPAS-only one), records the disagreement, an orientation and actions,
/// closes; the partner's minutes omit CPAS-only content; the timeline and dashboard show the result; afterwards the
/// facilitator edits the case and the action items are followed up on the case page (a stale edit is refused).
/// </summary>
[Collection("e2e")]
public class ConferenceJourneys(E2EFixture f)
{
    private const string AsPosition = "Suivi santé en cours, pas encore disponible pour l'emploi";
    private const string AiPosition = "Motivée et prête pour une formation courte en logistique";

    [Fact]
    public async Task A_facilitator_brings_AS_AI_and_partner_from_opposing_positions_to_an_orientation_with_actions()
    {
        var chair = await f.NewPageAsync("fr-BE");
        await chair.SignInAsync("facilitator@demo.casehub.test");

        // A pseudonymised case: a code, the service (from the CPAS's services), the bilan social themes it starts with.
        await chair.GotoAsync("/conferences/cases/new");
        await chair.FillAsync("#Code", "E2E-2026-031");
        await chair.SelectOptionAsync("#ServiceId", new SelectOptionValue { Label = "Service social général" });
        await chair.FillAsync("#Summary", "Personne seule, revenu d'intégration. L'AS et l'AI ne s'accordent pas sur la disposition au travail.");
        await chair.CheckAsync("input[name=Themes][value=Health]");
        await chair.CheckAsync("input[name=Themes][value=Employment]");
        await chair.ClickAsync("form button.primary");
        await Assertions.Expect(chair.Locator("h1")).ToContainTextAsync("E2E-2026-031");
        var caseUrl = new Uri(chair.Url).AbsolutePath;
        foreach (var (name, party) in new[] { ("Sarah Assistante", "SocialWorker"), ("Ilias Insertion", "InsertionAgent"), ("Pieter Partner", "Partner") })
        {
            await chair.Locator(".picker-people label", new() { HasText = name }).ClickAsync();
            await chair.SelectOptionAsync("#add-party", party);
            await chair.ClickAsync("#add-member-form button");
            await Assertions.Expect(chair.Locator(".conf-members")).ToContainTextAsync(name);
        }

        // Preparation: everyone on the case is invited (calendar invitation by mail).
        await chair.ClickAsync($"a[href='{caseUrl}/prepare']");
        await chair.FillAsync("#Location", "CPAS, salle 2");
        await chair.CheckAsync("input[name=WithPerson]");
        await chair.ShotAsync("conference-prepare");
        await chair.ClickAsync("form button.primary");
        await Assertions.Expect(chair.Locator("h1")).ToContainTextAsync("Concertation E2E-2026-031");
        var conferenceUrl = new Uri(chair.Url).AbsolutePath;
        await f.Smtp.WaitForAsync(m => m.To == "partner@demo.casehub.test" && m.Subject.Contains("E2E-2026-031"));

        // Opposing positions, sealed until the room opens them.
        var asPage = await f.NewPageAsync("fr-BE");
        await asPage.SignInAsync("as@demo.casehub.test");
        await asPage.GotoAsync(conferenceUrl);
        await asPage.FillAsync("#pos-sit", AsPosition);
        await asPage.FillAsync("#pos-prop", "Maintien en première ligne trois mois");
        await asPage.FillAsync("#pos-needs", "Que l'ISP attende l'avis du médecin traitant avant toute inscription, et que le rapport social reste au service social.");
        await asPage.FillAsync("#pos-conc", "Une formation imposée trop tôt risque d'interrompre le suivi santé : deux rendez-vous médicaux ont déjà sauté pendant le stage de l'an dernier.");
        await asPage.SelectOptionAsync("#pos-vis", "CpasOnly");
        await asPage.ClickAsync("form:has(#pos-sit) button.primary");
        await Assertions.Expect(asPage.Locator(".alert.success")).ToBeVisibleAsync();

        var aiPage = await f.NewPageAsync("fr-BE");
        await aiPage.SignInAsync("ai@demo.casehub.test");
        await aiPage.GotoAsync(conferenceUrl);
        await Assertions.Expect(aiPage.Locator("body")).Not.ToContainTextAsync(AsPosition);
        await aiPage.FillAsync("#pos-sit", AiPosition);
        await aiPage.FillAsync("#pos-prop", "Orientation ISP avec formation");
        await aiPage.FillAsync("#pos-needs", "Un accord de principe du service social pour une formation courte à horaires adaptés, et une date de reprise du suivi médical.");
        await aiPage.FillAsync("#pos-conc", "Attendre encore trois mois fait perdre la place en formation logistique qui commence le mois prochain, et l'élan actuel de la personne.");
        await aiPage.ClickAsync("form:has(#pos-sit) button.primary");
        await Assertions.Expect(aiPage.Locator(".alert.success")).ToBeVisibleAsync();
        await aiPage.ShotAsync("conference-position");

        // The room: facilitator, AS, AI and the partner (in Dutch).
        await chair.GotoAsync(conferenceUrl + "/live");
        await Assertions.Expect(chair.Locator(".conn")).ToHaveTextAsync("Connecté·e");
        // The facilitator reads both positions to prepare; the count says they are still sealed for the others.
        await Assertions.Expect(chair.Locator("[data-conf=positions] .conf-position")).ToHaveCountAsync(2);
        await Assertions.Expect(chair.Locator("[data-conf=sealed]")).ToContainTextAsync("2 position(s) rédigée(s), encore cachée(s) aux autres participant·es");
        await asPage.GotoAsync(conferenceUrl + "/live");
        await aiPage.GotoAsync(conferenceUrl + "/live");
        var partner = await f.NewPageAsync("nl-BE");
        await partner.SignInAsync("partner@demo.casehub.test");
        await partner.GotoAsync(conferenceUrl + "/live");
        await Assertions.Expect(partner.Locator(".conn")).ToHaveTextAsync("Verbonden");
        await Assertions.Expect(chair.Locator(".person.online")).ToHaveCountAsync(4);
        await Assertions.Expect(partner.Locator("[data-conf=sealed]")).ToContainTextAsync("2 standpunt(en) nog verborgen");

        await chair.ClickAsync("[data-act=start]");
        await chair.NextPhaseAsync();
        await Assertions.Expect(partner.Locator(".phase-now")).ToHaveTextAsync("Ronde van de standpunten");
        await chair.ClickAsync("[data-conf-act=open-positions]");
        await Assertions.Expect(partner.Locator("[data-conf=positions]")).ToContainTextAsync(AiPosition);
        await Assertions.Expect(partner.Locator("[data-conf=positions]")).Not.ToContainTextAsync(AsPosition);
        await Assertions.Expect(aiPage.Locator("[data-conf=positions]")).ToContainTextAsync(AsPosition);
        await AssertPositionsShownWholeAsync(aiPage);

        // The disagreement map, actions with owners and due dates, the orientation and the review date.
        await chair.SelectOptionAsync("#pt-kind", "Disagreement");
        await chair.FillAsync("#pt-text", "Disposition au travail");
        await chair.FillAsync("#pt-views", "AS : santé d'abord ; AI : formation maintenant");
        await chair.ClickAsync("form[data-conf-form=point] button");
        await chair.SelectOptionAsync("#pt-kind", "Agreement");
        await chair.FillAsync("#pt-text", "Formation courte compatible avec les soins");
        await chair.ClickAsync("form[data-conf-form=point] button");
        await Assertions.Expect(partner.Locator("[data-conf=points] li")).ToHaveCountAsync(2);

        var today = DateOnly.FromDateTime(DateTime.Now);
        await chair.FillAsync("#action-text", "Inscrire à la formation logistique");
        await chair.SelectOptionAsync("#action-owner", new SelectOptionValue { Label = "Ilias Insertion" });
        await chair.FillAsync("#action-due", today.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await chair.ClickAsync("form[data-form=action] button");
        await chair.FillAsync("#action-text", "Attestation médicale de compatibilité");
        await chair.SelectOptionAsync("#action-owner", new SelectOptionValue { Label = "Sarah Assistante" });
        await chair.FillAsync("#action-due", today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await chair.ClickAsync("form[data-form=action] button");
        await Assertions.Expect(partner.Locator("[data-bind=actions] li")).ToHaveCountAsync(2);

        // A hard external deadline: the employer's start date.
        await chair.SelectOptionAsync("#dl-action", new SelectOptionValue { Label = "Inscrire à la formation logistique — Ilias Insertion" });
        await chair.SelectOptionAsync("#dl-kind", "EmployerStart");
        await chair.FillAsync("#dl-date", today.AddDays(12).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await chair.ClickAsync("form[data-conf-form=deadline] button");
        await Assertions.Expect(chair.Locator("[data-bind=toast]")).ToBeHiddenAsync();

        await chair.SelectOptionAsync("#oc-orientation", "training");
        await chair.FillAsync("#oc-detail", "Formation courte en logistique, horaires adaptés aux soins");
        await chair.FillAsync("#oc-review", today.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await chair.ClickAsync("form[data-conf-form=outcome] button");
        await Assertions.Expect(partner.Locator("[data-conf=outcome]")).ToContainTextAsync("Opleiding");
        await chair.ShotAsync("conference-live-facilitator");
        await partner.ShotAsync("conference-live-partner-nl");
        await aiPage.ShotAsync("conference-live-ai");

        // On a phone, mid-meeting: the facilitator's room at 360 and 390 px, every part one tap away; the part chosen
        // stays open while the map changes for everyone; the positions are shown whole there too.
        await PhoneRooms.CheckAsync(f, "facilitator@demo.casehub.test", conferenceUrl + "/live", "conference-live", liveChange: async (phone) =>
        {
            await chair.SelectOptionAsync("#pt-kind", "Agreement");
            await chair.FillAsync("#pt-text", "Un relais santé–ISP suit les deux volets");
            await chair.ClickAsync("form[data-conf-form=point] button");
            await Assertions.Expect(phone.Locator("[data-conf=points]")).ToContainTextAsync("Un relais santé–ISP suit les deux volets");
            await phone.ClickAsync("[role=tab][data-tab=positions]");
            await AssertPositionsShownWholeAsync(phone);
            await phone.ClickAsync("[role=tab][data-tab=people]");
        });

        // Close: minutes to everyone; the partner's copy omits the CPAS-only position.
        chair.Dialog += async (_, d) => await d.AcceptAsync();
        await chair.ClickAsync("[data-act=close]");
        var mail = (await f.Smtp.WaitForAsync(m => m.To == "partner@demo.casehub.test" && m.Subject.StartsWith("Verslag", StringComparison.Ordinal) && m.Text.Contains("E2E-2026-031"))).Single();
        Assert.Contains(AiPosition, mail.Text);
        Assert.Contains("Inscrire à la formation logistique", mail.Text);
        Assert.DoesNotContain(AsPosition, mail.Text);
        var aiMail = (await f.Smtp.WaitForAsync(m => m.To == "ai@demo.casehub.test" && m.Text.Contains("E2E-2026-031") && m.Text.Contains("Disposition au travail"))).Single();
        Assert.Contains(AsPosition, aiMail.Text);

        await chair.GotoAsync(conferenceUrl + "/minutes");
        await Assertions.Expect(chair.Locator(".minutes")).ToContainTextAsync("Formation courte en logistique");
        await chair.ShotAsync("conference-minutes");

        // Timeline and dashboard follow up.
        await chair.GotoAsync(caseUrl);
        await Assertions.Expect(chair.Locator(".conf-timeline")).ToContainTextAsync("Inscrire à la formation logistique");
        await Assertions.Expect(chair.Locator(".conf-facts")).ToContainTextAsync("Formation");
        await Assertions.Expect(chair.Locator(".conf-timeline")).ToContainTextAsync("début chez l'employeur");
        await chair.ShotAsync("conference-case-timeline");

        // After the meeting the facilitator edits the case: the PII guard warns first, then the change is saved.
        await chair.ClickAsync(".conf-edit > summary");
        await chair.FillAsync("#edit-summary", "Personne seule. Loyer versé sur BE68 5390 0754 7034.");
        await chair.ClickAsync(".conf-edit button.primary");
        await Assertions.Expect(chair.Locator(".alert.error")).ToContainTextAsync("IBAN");
        await Assertions.Expect(chair.Locator("#edit-summary")).ToHaveValueAsync("Personne seule. Loyer versé sur BE68 5390 0754 7034.");
        await chair.FillAsync("#edit-summary", "Personne seule ; formation logistique décidée, suivi santé maintenu.");
        await chair.ClickAsync(".conf-edit button.primary");
        await Assertions.Expect(chair.Locator(".conf-summary")).ToContainTextAsync("formation logistique décidée");
        await Assertions.Expect(chair.Locator(".dd-badges")).ToContainTextAsync("Santé"); // the grid's themes, ticked at creation

        // The AS marks her action done on the case page; the facilitator's page still shows the old state, so the
        // facilitator's change of the due date is refused ("changed meanwhile") and the current state is shown.
        await asPage.GotoAsync(caseUrl);
        var asAction = asPage.Locator(".conf-action", new() { HasText = "Attestation médicale" });
        await asAction.Locator("summary").ClickAsync();
        await asAction.Locator("select[name='Followup.Status']").SelectOptionAsync("Done");
        await asAction.Locator("form button").ClickAsync();
        await Assertions.Expect(asPage.Locator(".alert.success")).ToBeVisibleAsync();
        await Assertions.Expect(asPage.Locator(".conf-action", new() { HasText = "Attestation médicale" })).ToContainTextAsync("Fait");
        var chairAction = chair.Locator(".conf-action", new() { HasText = "Attestation médicale" });
        await chairAction.Locator("summary").ClickAsync();
        await chairAction.Locator("input[type=date]").FillAsync(today.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await chairAction.Locator("form button").ClickAsync();
        await Assertions.Expect(chair.Locator(".alert.error")).ToContainTextAsync("modifiée entre-temps");
        await Assertions.Expect(chair.Locator(".conf-action-failed")).ToContainTextAsync("Fait");
        await chair.ShotAsync("conference-case-followup");
        // The facilitator hands the other action to the AS.
        var aiAction = chair.Locator(".conf-action", new() { HasText = "Inscrire à la formation logistique" });
        await aiAction.Locator("summary").ClickAsync();
        await aiAction.Locator("select[name='Followup.OwnerId']").SelectOptionAsync(new SelectOptionValue { Label = "Sarah Assistante" });
        await aiAction.Locator("form button").ClickAsync();
        await Assertions.Expect(chair.Locator(".alert.success")).ToBeVisibleAsync();
        await Assertions.Expect(chair.Locator(".conf-action", new() { HasText = "Inscrire à la formation logistique" })).ToContainTextAsync("Sarah Assistante");
        await partner.GotoAsync(caseUrl);
        await Assertions.Expect(partner.Locator(".conf-timeline")).ToContainTextAsync(AiPosition);
        await Assertions.Expect(partner.Locator(".conf-timeline")).Not.ToContainTextAsync(AsPosition);
        await chair.GotoAsync("/conferences");
        await Assertions.Expect(chair.Locator("section:has(#rev-h)")).ToContainTextAsync("E2E-2026-031");
        await chair.ShotAsync("conference-dashboard");
        foreach (var p in new[] { chair, asPage, aiPage, partner }) CspWatch.AssertClean(p);
    }

    /// <summary>Every position is readable in full: the positions column is no scroll box of its own (it hid the second one).</summary>
    private static async Task AssertPositionsShownWholeAsync(IPage page)
    {
        var positions = page.Locator("[data-conf=positions]");
        await Assertions.Expect(positions.Locator(".conf-position")).ToHaveCountAsync(2);
        var clipped = await positions.EvaluateAsync<double[]>(
            "(n) => [n.scrollHeight - n.clientHeight, n.lastElementChild.getBoundingClientRect().bottom - n.getBoundingClientRect().bottom]");
        Assert.True(clipped[0] <= 1 && clipped[1] <= 1, $"the positions are cut: {clipped[0]}px scroll inside the column, the last one ends {clipped[1]}px below it");
    }
}
