using CaseHub.TestSupport;

namespace CaseHub.E2E;

/// <summary>
/// The one identifying-data guard (issue #21 point 5): the AS writes in the case thread a text with a name after a civil
/// title, a street address and a phone number; all three are highlighted at once with their masked previews and a
/// "keep because…" field each; "mask all" saves the masked text.
/// </summary>
[Collection("e2e")]
public class PiiGuardJourneys(E2EFixture f)
{
    [Fact]
    public async Task AS_sees_every_identifying_item_of_a_thread_message_at_once_and_masks_them_all()
    {
        var chair = await f.NewPageAsync("fr-BE");
        await chair.SignInAsync("facilitator@demo.casehub.test");
        await chair.GotoAsync("/conferences/cases/new");
        await chair.FillAsync("#Code", "E2E-2026-121");
        await chair.SelectOptionAsync("#ServiceId", new SelectOptionValue { Label = "Service social général" });
        await chair.FillAsync("#Summary", "Personne seule ; logement à stabiliser.");
        await chair.CheckAsync("input[name=Themes][value=Housing]");
        await chair.ClickAsync("form button.primary");
        await Assertions.Expect(chair.Locator("h1")).ToContainTextAsync("E2E-2026-121");
        var caseUrl = new Uri(chair.Url).AbsolutePath;
        await chair.Locator(".picker-people label", new() { HasText = "Sarah Assistante" }).ClickAsync();
        await chair.SelectOptionAsync("#add-party", "SocialWorker");
        await chair.ClickAsync("#add-member-form button");
        await Assertions.Expect(chair.Locator(".conf-members")).ToContainTextAsync("Sarah Assistante");

        var asPage = await f.NewPageAsync("fr-BE");
        await asPage.SignInAsync("as@demo.casehub.test");
        await asPage.GotoAsync(caseUrl);
        await asPage.FillAsync("#post-text", "Madame Dupont a déménagé rue de la Loi 16 ; nouveau numéro 0471 23 45 67.");
        await asPage.SelectOptionAsync("#post-vis", "AllParticipants");
        await asPage.ClickAsync("form.case-post button.primary");

        // All three at once, in place, each with its masked preview and its "keep because…" field.
        var panel = asPage.Locator("form.case-post .pii-guard");
        await Assertions.Expect(panel.Locator("mark.pii-flag")).ToHaveCountAsync(3);
        await Assertions.Expect(panel.Locator("mark.pii-flag")).ToHaveTextAsync(["Dupont", "rue de la Loi 16", "0471 23 45 67"]);
        await Assertions.Expect(panel.Locator("code")).ToHaveTextAsync(["D.", "rue ***", "0471 ** ** 67"]);
        await Assertions.Expect(panel.Locator("input.pii-keep")).ToHaveCountAsync(3);
        await Assertions.Expect(asPage.Locator("#post-text")).ToHaveValueAsync("Madame Dupont a déménagé rue de la Loi 16 ; nouveau numéro 0471 23 45 67.");
        await asPage.ShotAsync("pii-guard-thread-findings");

        await panel.Locator("button.pii-mask-all").ClickAsync();
        await Assertions.Expect(asPage.Locator("#thread")).ToContainTextAsync("Madame D. a déménagé rue *** ; nouveau numéro 0471 ** ** 67.");
        await Assertions.Expect(asPage.Locator("#thread")).Not.ToContainTextAsync("Dupont");
        await Assertions.Expect(asPage.Locator(".pii-guard")).ToHaveCountAsync(0);
        await asPage.ShotAsync("pii-guard-thread-masked");
    }
}
