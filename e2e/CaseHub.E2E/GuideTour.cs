using System.Text.RegularExpressions;
using CaseHub.TestSupport;

namespace CaseHub.E2E;

/// <summary>
/// The user guide's screenshots (docs/guide/{fr,nl}/): each role's main pages, on the demo data, in French and Dutch.
/// Part of every test run, so a page the guide shows that stops rendering fails here; `ops/guide-screenshots.sh` runs
/// only this class and copies the pictures from test-output/guide/ into docs/guide/img/.
/// </summary>
[Collection("e2e")]
public class GuideTour(E2EFixture f)
{
    private const string Id = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /// <summary>A step: go to a path (or to the first link on the current page whose path matches), then shoot.</summary>
    private sealed record Step(string Shot, string? Path = null, string? FollowLink = null);

    private static readonly (string Role, string Email, Step[] Steps)[] Tours =
    [
        ("facilitator", "facilitator@demo.casehub.test",
        [
            new("facilitator-home", Path: "/"),
            new("facilitator-conferences", Path: "/conferences"),
            new("facilitator-case", FollowLink: $"^/conferences/cases/{Id}$"),
            new("facilitator-prepare", FollowLink: $"^/conferences/cases/{Id}/prepare$"),
        ]),
        ("committee-chair", "facilitator@demo.casehub.test",
        [
            new("chair-committees", Path: "/committees"),
            new("chair-session", FollowLink: $"^/committees/{Id}$"),
            new("chair-cases", Path: "/committees/cases"),
            new("chair-case-law", Path: "/committees/case-law"),
        ]),
        ("animateur", "facilitator@demo.casehub.test",
        [
            new("animateur-intervision", Path: "/intervision"),
            new("animateur-team", FollowLink: $"^/intervision/teams/{Id}$"),
            new("animateur-session", FollowLink: $"^/intervision/sessions/{Id}$"),
        ]),
        ("coordinator", "coordination@demo.casehub.test",
        [
            new("coordinator-immersion", Path: "/immersion"),
            new("coordinator-campaign", FollowLink: $"^/immersion/{Id}$"),
            new("coordinator-matching", FollowLink: $"^/immersion/{Id}/matching$"),
            new("coordinator-directory", Path: "/immersion/directory"),
            new("coordinator-discovery-days", Path: "/organise/discovery-days"),
            new("coordinator-discovery-day", FollowLink: $"^/organise/discovery-days/{Id}$"),
        ]),
        ("partner", "partner@demo.casehub.test",
        [
            new("partner-home", Path: "/"),
            new("partner-conferences", Path: "/conferences"),
            new("partner-discovery-days", Path: "/discovery-days"),
            new("partner-discovery-day", FollowLink: $"^/discovery-days/{Id}$"),
        ]),
        ("administrator", "admin@demo.casehub.test",
        [
            new("admin-users", Path: "/admin/users"),
            new("admin-user", FollowLink: $"^/admin/users/{Id}$"),
            new("admin-organisations", Path: "/admin/organisations"),
            new("admin-audit", Path: "/admin/audit"),
            new("admin-retention", Path: "/admin/retention"),
        ]),
    ];

    [Theory]
    [InlineData("fr")]
    [InlineData("nl")]
    public async Task Every_role_s_guide_pages_render_in_the_guide_language(string language)
    {
        var failures = new List<string>();
        foreach (var (role, email, steps) in Tours)
        {
            var page = await f.NewPageAsync(language == "nl" ? "nl-BE" : "fr-BE");
            await page.SignInAsync(email);
            // The culture cookie wins over the profile for this browser only: the demo users' own language is untouched.
            await page.Context.AddCookiesAsync([new Cookie
            {
                Name = ".AspNetCore.Culture", Value = $"c={language}-BE|uic={language}-BE", Url = f.BaseUrl,
            }]);
            foreach (var step in steps)
            {
                var target = step.Path ?? await FirstLinkAsync(page, step.FollowLink!);
                if (target is null)
                {
                    failures.Add($"{role}/{step.Shot}: no link matching {step.FollowLink} on {page.Url}");
                    continue;
                }
                var response = await page.GotoAsync(target);
                if (response is null || !response.Ok) failures.Add($"{role}/{step.Shot}: {target} answered {response?.Status}");
                await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                await Assertions.Expect(page.Locator("main h1").First).ToBeVisibleAsync();
                await page.AssertAccessibleAsync($"guide-{language}-{step.Shot}"); // every page the guide shows passes axe too
                await ShootAsync(page, language, step.Shot);
            }
            CspWatch.AssertClean(page);
            await page.Context.CloseAsync();
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The first link in the page's main content whose path matches the pattern.</summary>
    private static async Task<string?> FirstLinkAsync(IPage page, string pattern)
    {
        var hrefs = await page.Locator("main a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        return hrefs.FirstOrDefault(h => Regex.IsMatch(h.Split('?', '#')[0], pattern));
    }

    /// <summary>A full-page PNG, 1280 wide (PNG keeps text sharp and is no bigger than JPEG for these pages).</summary>
    private static Task<byte[]> ShootAsync(IPage page, string language, string name)
        => page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(RepoPaths.Output(Path.Combine("guide", language)), name + ".png"), FullPage = true,
        });
}
