using CaseHub.Core.Demo;
using CaseHub.TestSupport;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace CaseHub.E2E;

/// <summary>Fails a journey when the browser reports a Content-Security-Policy violation or a script error.</summary>
public static class CspWatch
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> Errors = [];

    public static void Attach(IPage page)
    {
        var list = Errors.GetOrCreateValue(page);
        page.Console += (_, msg) =>
        {
            if (msg.Type == "error" && (msg.Text.Contains("Content Security Policy") || msg.Text.Contains("Uncaught")))
                lock (list) list.Add($"{page.Url}: {msg.Text} @ {msg.Location}");
        };
        page.PageError += (_, error) => { lock (list) list.Add(error); };
    }

    public static void AssertClean(IPage page)
    {
        var list = Errors.GetOrCreateValue(page);
        lock (list) Assert.True(list.Count == 0, "Browser errors: " + string.Join(" | ", list));
    }
}

public static class Journeys
{
    /// <summary>
    /// Saves a full-page screenshot under test-output/screenshots/ (looked at by a person, and reused in docs/guide).
    /// Every screenshot is also an accessibility check: a page worth showing must pass axe (see AssertAccessibleAsync).
    /// </summary>
    public static async Task<string> ShotAsync(this IPage page, string name)
    {
        await page.AssertAccessibleAsync(name);
        var path = Path.Combine(RepoPaths.Output("screenshots"), name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>
    /// The page as printed (print media): checks the print styles (no header, menu or footer; dark text on white)
    /// and saves a screenshot of it beside the others (named "print-…").
    /// </summary>
    /// <param name="withoutControls">the printed page must show no form control (a board printed to be read, not used).</param>
    /// <param name="mustShow">what the printed page is for: each selector's first match must be visible on paper.</param>
    public static async Task PrintShotAsync(this IPage page, string name, bool withoutControls = false, params string[] mustShow)
    {
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        try
        {
            foreach (var hidden in new[] { ".site-header", ".site-footer", ".main-nav" })
                if (await page.Locator(hidden).CountAsync() > 0) await Assertions.Expect(page.Locator(hidden).First).ToBeHiddenAsync();
            if (withoutControls)
            {
                var shown = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('main :is(form, button, select, input:not([type=hidden]), textarea)')]
                      .filter((n) => n.getClientRects().length > 0).map((n) => n.outerHTML.slice(0, 120))
                    """);
                Assert.True(shown.Length == 0, $"printed '{name}' shows controls:\n" + string.Join("\n", shown));
            }
            foreach (var selector in mustShow) await Assertions.Expect(page.Locator(selector).First).ToBeVisibleAsync();
            var colours = await page.EvaluateAsync<string[]>("() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector('main')).color]");
            Assert.Equal("rgb(255, 255, 255)", colours[0]);
            Assert.Equal("rgb(0, 0, 0)", colours[1]);
            var path = Path.Combine(RepoPaths.Output("screenshots"), "print-" + name + ".png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
        finally
        {
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        }
    }

    public static async Task SignInAsync(this IPage page, string email, string password = DemoData.Password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("form button[type=submit].primary");
        // Signed in when the header shows the user menu (more robust under load than waiting for a load event).
        await page.Locator("details.user-menu").WaitForAsync();
    }

    /// <summary>
    /// The chair moves the room one step on, and waits until their own page shows it. "Next" names the step it leaves
    /// (so a double click moves one step, not two): a second click sent before the chair's page saw the first step
    /// would be that double click.
    /// </summary>
    public static async Task NextPhaseAsync(this IPage chair)
    {
        var leaving = await chair.Locator(".phase-now").InnerTextAsync();
        await chair.ClickAsync("[data-act=next]");
        await Assertions.Expect(chair.Locator(".phase-now")).Not.ToHaveTextAsync(leaving);
    }

    public static async Task SignOutAsync(this IPage page)
    {
        await page.ClickAsync("details.user-menu summary");
        await page.ClickAsync("details.user-menu form button");
        // Signed out when the header offers to sign in again (the URL alone may not change: the dashboard is "/" too).
        await page.Locator(".header-tools a[href='/account/sign-in']").WaitForAsync();
    }
}

/// <summary>Automated accessibility checks run on every page (and state) the journeys reach.</summary>
public static class Accessibility
{
    // WCAG 2.0 and 2.1, levels A and AA.
    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>
    /// Runs axe-core on the page as it is now (dialogs open, live panels rendered…) and fails on any serious or critical
    /// violation, listing the rule, the elements and the help URL. Also fails when the page scrolls sideways
    /// (a table must scroll in its own container, never the whole page).
    /// </summary>
    public static async Task AssertAccessibleAsync(this IPage page, string context)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags },
            ResultTypes = [ResultType.Violations],
        });
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        var problems = blocking.Select(v => $"- {v.Id} ({v.Impact}): {v.Help} <{v.HelpUrl}>\n" +
            string.Join("\n", v.Nodes.Take(8).Select(n => $"    {n.Target}: {Shorten(n.Html)}"))).ToList();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 1) problems.Add($"- horizontal scroll: the page is {overflow}px wider than the viewport; widest: " +
            await page.EvaluateAsync<string>(WidestScript));

        var report = $"Accessibility of '{context}' ({page.Url}):\n" + string.Join("\n", problems);
        // CASEHUB_A11Y_REPORT=1: collect every problem of a run in test-output/a11y-report.txt instead of stopping at the first.
        if (problems.Count > 0 && Environment.GetEnvironmentVariable("CASEHUB_A11Y_REPORT") == "1")
        {
            lock (ReportLock) File.AppendAllText(Path.Combine(RepoPaths.Output(""), "a11y-report.txt"), report + "\n\n");
            return;
        }
        Assert.True(problems.Count == 0, report);
    }

    private static readonly Lock ReportLock = new();

    private static string Shorten(string html) => html.Length <= 200 ? html : html[..200] + "…";

    // Names the deepest elements sticking out on the right, to say what to fix.
    private const string WidestScript = """
        () => {
          const w = document.documentElement.clientWidth;
          const out = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > w + 1 && ![...e.children].some((c) => c.getBoundingClientRect().right > w + 1));
          return out.slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)').join(', ');
        }
        """;
}
