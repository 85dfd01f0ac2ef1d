namespace CaseHub.E2E;

/// <summary>
/// Every menu page on a small phone (360 px): usable, no sideways scrolling of the page, and accessible (axe).
/// Wide screens and tablets are covered by the other journeys (1280 px, 1920 px projector); the live rooms at 360 and
/// 390 px by <see cref="PhoneRooms"/>, called from each feature's journey while its room is live.
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
        // The menu folds behind one button on a phone: keyboard and screen reader (aria-expanded), Escape closes.
        var toggle = admin.Locator(".menu-toggle");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(admin.Locator(".main-nav")).ToBeHiddenAsync();
        await admin.TabToAsync(".menu-toggle");
        await admin.Keyboard.PressAsync("Enter");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(admin.Locator(".main-nav a[href='/meetings']")).ToBeVisibleAsync();
        // The administrator's pages are one "Administration" entry that opens in place.
        await Assertions.Expect(admin.Locator(".main-nav a[href='/admin/users']")).ToBeHiddenAsync();
        await admin.TabToAsync(".nav-submenu > summary");
        await admin.Keyboard.PressAsync("Enter");
        await Assertions.Expect(admin.Locator(".main-nav a[href='/admin/users']")).ToBeVisibleAsync();
        await admin.ShotAsync("phone-menu-open");
        await admin.Keyboard.PressAsync("Escape");
        await Assertions.Expect(admin.Locator(".main-nav a[href='/admin/users']")).ToBeHiddenAsync();
        await Assertions.Expect(admin.Locator(".nav-submenu > summary")).ToBeFocusedAsync();
        await admin.Keyboard.PressAsync("Escape");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(admin.Locator(".main-nav")).ToBeHiddenAsync();
        await Assertions.Expect(toggle).ToBeFocusedAsync();
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

        // The desktop header of an administrator: one row, the admin pages in the "Administration" submenu.
        var desktop = await f.NewPageAsync("fr-BE");
        await desktop.SignInAsync("admin@demo.casehub.test");
        await Assertions.Expect(desktop.Locator(".menu-toggle")).ToBeHiddenAsync();
        await Assertions.Expect(desktop.Locator(".main-nav a[href='/meetings']")).ToBeVisibleAsync();
        await desktop.ClickAsync(".nav-submenu > summary");
        await Assertions.Expect(desktop.Locator(".main-nav a[href='/admin/audit']")).ToBeVisibleAsync();
        await desktop.ShotAsync("admin-header-desktop");
        await desktop.ClickAsync(".site-footer"); // a click elsewhere closes it
        await Assertions.Expect(desktop.Locator(".main-nav a[href='/admin/audit']")).ToBeHiddenAsync();

        var coordinator = await f.NewPageAsync("nl-BE", SmallPhone);
        await coordinator.SignInAsync("coordination@demo.casehub.test");
        await coordinator.GotoAsync("/organise/discovery-days");
        await coordinator.ShotAsync("phone-organise-discovery-days-nl");
        foreach (var p in new[] { visitor, admin, desktop, coordinator }) CspWatch.AssertClean(p);
    }
}
