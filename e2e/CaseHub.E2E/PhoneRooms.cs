using CaseHub.TestSupport;

namespace CaseHub.E2E;

/// <summary>
/// A live page on a phone, mid-meeting (called by each feature's journey while its room is live): at 360 and 390 px the
/// page never scrolls sideways and passes axe in every part; the sticky header is compact (the timer on one line) and
/// stays on top when the page scrolls; each part is one tap, or one arrow key, away (tablist, tab, tabpanel); the part
/// someone chose stays open through the room's live updates and a reload. Screenshots: phone-{name}-360/-390.png.
/// </summary>
public static class PhoneRooms
{
    public static readonly ViewportSize SmallPhone = new() { Width = 360, Height = 740 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <param name="email">a participant of the room (signed in on a phone of their own, beside their other devices).</param>
    /// <param name="liveChange">something that changes the room for everyone, then waits until the phone shows it.</param>
    public static async Task CheckAsync(E2EFixture f, string email, string url, string name, string locale = "fr-BE",
        Func<IPage, Task>? liveChange = null)
    {
        foreach (var size in new[] { SmallPhone, Phone })
        {
            var page = await f.NewPageAsync(locale, size);
            var context = $"{name} at {size.Width} px";
            await page.SignInAsync(email);
            await page.GotoAsync(url);
            await Assertions.Expect(page.Locator("[data-bind=bar-conn]")).ToHaveAttributeAsync("data-state", "connected");

            // The sticky header: the phase (or step) and its timer on one line, and the room's parts as tabs.
            var header = page.Locator("[data-room-bar]");
            Assert.Equal("sticky", await header.EvaluateAsync<string>("(n) => getComputedStyle(n).position"));
            var headerBox = (await header.BoundingBoxAsync())!;
            Assert.True(headerBox.Height <= 110, $"{context}: the sticky header is {headerBox.Height}px high");
            var timer = (await page.Locator("[data-bind=bar-timer]").BoundingBoxAsync())!;
            Assert.True(timer.Height < 40, $"{context}: the timer wraps ({timer.Height}px high)");
            var tabs = page.Locator("[data-parts-tabs][role=tablist] [role=tab]");
            await Assertions.Expect(tabs.First).ToBeVisibleAsync();
            var parts = await tabs.EvaluateAllAsync<string[]>("(tabs) => tabs.map((t) => t.dataset.tab)");
            Assert.True(parts.Length >= 3, $"{context}: only {parts.Length} parts");
            await Assertions.Expect(tabs.First).ToHaveAttributeAsync("aria-selected", "true");

            // Each part one tap away: its panel alone shows; every part fits the screen and passes axe.
            foreach (var part in parts)
            {
                var tab = page.Locator($"[role=tab][data-tab='{part}']");
                await tab.ClickAsync();
                await Assertions.Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
                var panel = page.Locator("#" + await tab.GetAttributeAsync("aria-controls"));
                await Assertions.Expect(panel).ToBeVisibleAsync();
                await Assertions.Expect(panel).ToHaveAttributeAsync("role", "tabpanel");
                await Assertions.Expect(page.Locator("[role=tabpanel]:visible")).ToHaveCountAsync(1);
                var width = (await panel.BoundingBoxAsync())!.Width;
                Assert.True(width >= size.Width - 40, $"{context}: part {part} uses {width}px of the screen's width");
                await page.AssertAccessibleAsync($"{context}, part {part}");
                if (size.Width == Phone.Width) // what the screen shows in each part, for a person to look at
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.Output("screenshots"), $"phone-{name}-part-{part}.png") });
            }

            // With the keyboard: arrows move along the tabs and open each part, Home and End go to the ends.
            await page.Locator("[role=tab]").First.ClickAsync();
            await page.Keyboard.PressAsync("ArrowRight");
            await Assertions.Expect(page.Locator($"[role=tab][data-tab='{parts[1]}']")).ToBeFocusedAsync();
            await Assertions.Expect(page.Locator($"[role=tab][data-tab='{parts[1]}']")).ToHaveAttributeAsync("aria-selected", "true");
            await page.Keyboard.PressAsync("End");
            await Assertions.Expect(page.Locator($"[role=tab][data-tab='{parts[^1]}']")).ToHaveAttributeAsync("aria-selected", "true");
            await page.Keyboard.PressAsync("ArrowRight"); // round again
            await Assertions.Expect(page.Locator($"[role=tab][data-tab='{parts[0]}']")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("End");
            await page.Keyboard.PressAsync("Home");
            await Assertions.Expect(page.Locator($"[role=tab][data-tab='{parts[0]}']")).ToHaveAttributeAsync("aria-selected", "true");

            // The header stays on top when the page scrolls.
            await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
            if (await page.EvaluateAsync<bool>("() => window.scrollY > 0"))
                Assert.InRange(await header.EvaluateAsync<double>("(n) => n.getBoundingClientRect().top"), -1, 1);
            await page.EvaluateAsync("() => { window.scrollTo(0, 0); document.activeElement?.blur(); }");
            await page.ShotAsync($"phone-{name}-{size.Width}");

            // The chosen part stays chosen through the room's live updates and a reload.
            var kept = page.Locator($"[role=tab][data-tab='{parts[^1]}']");
            await kept.ClickAsync();
            if (liveChange is not null && size.Width == Phone.Width) await liveChange(page);
            await Assertions.Expect(kept).ToHaveAttributeAsync("aria-selected", "true");
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("[data-bind=bar-conn]")).ToHaveAttributeAsync("data-state", "connected");
            await Assertions.Expect(page.Locator($"[role=tab][data-tab='{parts[^1]}']")).ToHaveAttributeAsync("aria-selected", "true");
            await Assertions.Expect(page.Locator("[role=tabpanel]:visible")).ToHaveCountAsync(1);
            CspWatch.AssertClean(page);
            await page.Context.CloseAsync();
        }
    }
}
