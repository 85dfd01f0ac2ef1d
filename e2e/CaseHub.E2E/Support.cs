using CaseHub.Core.Demo;
using CaseHub.TestSupport;

namespace CaseHub.E2E;

/// <summary>Fails a journey when the browser reports a Content-Security-Policy violation or a script error.</summary>
public static class CspWatch
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> Errors = new();

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
    /// <summary>Saves a full-page screenshot under test-output/screenshots/ (looked at by a person, and reused in docs/guide).</summary>
    public static async Task<string> ShotAsync(this IPage page, string name)
    {
        var path = Path.Combine(RepoPaths.Output("screenshots"), name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
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

    public static async Task SignOutAsync(this IPage page)
    {
        await page.ClickAsync("details.user-menu summary");
        await page.ClickAsync("details.user-menu form button");
        // Signed out when the header offers to sign in again (the URL alone may not change: the dashboard is "/" too).
        await page.Locator(".header-tools a[href='/account/sign-in']").WaitForAsync();
    }
}
