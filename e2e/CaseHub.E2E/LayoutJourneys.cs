namespace CaseHub.E2E;

/// <summary>
/// Every menu page on a small phone (360 px): usable, no sideways scrolling of the page, and accessible (axe).
/// Wide screens and tablets are covered by the other journeys (1280 px, 1920 px projector, 390 px phone).
/// </summary>
[Collection("e2e")]
public class LayoutJourneys(E2EFixture f)
{
    private static readonly ViewportSize SmallPhone = new() { Width = 360, Height = 740 };

    [Fact]
    public async Task Every_menu_page_fits_a_360_px_phone_and_passes_axe()
    {
        var visitor = await f.NewPageAsync("fr-BE", SmallPhone);
        await visitor.GotoAsync("/discovery-days");
        await visitor.ShotAsync("phone-public-discovery-days");
        await visitor.GotoAsync("/account/sign-in");
        await visitor.ShotAsync("phone-sign-in");

        var admin = await f.NewPageAsync("fr-BE", SmallPhone);
        await admin.SignInAsync("admin@demo.casehub.test");
        await admin.ShotAsync("phone-dashboard");
        var menu = await admin.Locator(".main-nav a").EvaluateAllAsync<string[]>("links => links.map((a) => a.getAttribute('href'))");
        Assert.Contains("/admin/users", menu);
        foreach (var path in menu.Concat(["/meetings/new", "/immersion/directory", "/committees/cases", "/account/profile", "/account/calendar"]).Distinct())
        {
            await admin.GotoAsync(path);
            await admin.AssertAccessibleAsync("phone " + path);
        }
        await admin.GotoAsync("/immersion/directory");
        await admin.PrintShotAsync("immersion-directory");
        // One listing on a phone, with its table scrolling in its own box.
        await admin.GotoAsync("/admin/users");
        await admin.ShotAsync("phone-admin-users");

        var coordinator = await f.NewPageAsync("nl-BE", SmallPhone);
        await coordinator.SignInAsync("coordination@demo.casehub.test");
        await coordinator.GotoAsync("/organise/discovery-days");
        await coordinator.ShotAsync("phone-organise-discovery-days-nl");
        foreach (var p in new[] { visitor, admin, coordinator }) CspWatch.AssertClean(p);
    }
}
