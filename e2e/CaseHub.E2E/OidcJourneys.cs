using System.Text.RegularExpressions;
using CaseHub.Core.Accounts;
using CaseHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.E2E;

/// <summary>
/// Organisation sign-in in a real browser: CaseHub with OpenID Connect turned on (its own app, so the other journeys
/// keep the plain sign-in page) and a real provider on loopback (npm oidc-provider). What a browser adds over the
/// HTTP-level tests: the redirects a Content-Security-Policy may block, SameSite cookies across the round trip.
/// </summary>
[Collection("e2e")]
public class OidcJourneys(E2EFixture f)
{
    private const string Domain = "cpas-oidc.test";

    [Fact]
    public async Task A_staff_member_signs_in_with_the_organisation_account_and_a_foreign_domain_is_refused_in_their_language()
    {
        var appPort = NodeProcess.FreePort();
        var baseUrl = $"http://127.0.0.1:{appPort}";
        static Dictionary<string, object> Claims(string email) => new()
        {
            ["email"] = email, ["email_verified"] = true, ["name"] = "Synthetic Person", ["groups"] = new[] { "casehub-coordination" },
        };
        await using var provider = await OidcProvider.StartAsync(baseUrl + "/signin-oidc", new Dictionary<string, Dictionary<string, object>>
        {
            ["sub-nora"] = Claims($"nora@{Domain}"),
            ["sub-omar"] = Claims("omar@elsewhere.test"),
        });
        await using var app = new CaseHubFactory(port: appPort, settings: provider.AppSettings(baseUrl, Domain));
        _ = app.BaseAddress;
        // Invited as a social worker; the provider's group adds the coordinator role at sign-in.
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>()
            .InviteAsync(new InviteRequest($"nora@{Domain}", "Nora Synthèse", "fr", null, null, [Roles.SocialWorker])));

        var page = await f.NewPageAsync(baseUrl: baseUrl);
        await page.GotoAsync("/account/sign-in");
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Se connecter avec CPAS Synth ID" });
        await Assertions.Expect(button).ToBeVisibleAsync();
        await page.ShotAsync("oidc-sign-in");
        await button.ClickAsync();
        // The provider's own login form (its development form: any password; the login names the account). Reaching it
        // at all needs the sign-in page's form-action to allow the provider (the browser checks the form's redirect).
        await OnProviderLoginAsync(page, provider);
        await page.FillAsync("input[name=login]", "sub-nora");
        await page.FillAsync("input[name=password]", "any");
        await page.ClickAsync("button.login-submit");
        // Back on CaseHub's dashboard, signed in, with the coordinator's menu entry the mapped role brings.
        await page.WaitForURLAsync($"{baseUrl}/");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Nora");
        await Assertions.Expect(page.Locator(".main-nav a[href='/organise/discovery-days']")).ToBeVisibleAsync();
        await page.ShotAsync("oidc-dashboard");
        CspWatch.AssertClean(page);

        // Another person, another device: a domain the organisation does not allow is refused with a localized reason.
        var stranger = await f.NewPageAsync("nl-BE", baseUrl: baseUrl);
        await stranger.GotoAsync("/account/sign-in");
        await stranger.GetByRole(AriaRole.Button, new() { Name = "Aanmelden met CPAS Synth ID" }).ClickAsync();
        await OnProviderLoginAsync(stranger, provider);
        await stranger.FillAsync("input[name=login]", "sub-omar");
        await stranger.FillAsync("input[name=password]", "any");
        await stranger.ClickAsync("button.login-submit");
        await Assertions.Expect(stranger.Locator("#oidc-refused")).ToHaveTextAsync("Accounts van het domein elsewhere.test kunnen hier niet aanmelden via de organisatie.");
        await Assertions.Expect(stranger.Locator("h1")).ToHaveTextAsync("Aanmelding geweigerd");
        await stranger.ShotAsync("oidc-refused-domain");
        // Nobody signed in: the dashboard still greets a visitor.
        await stranger.GotoAsync("/account/profile");
        await Assertions.Expect(stranger).ToHaveURLAsync(new Regex("/account/sign-in"));
        CspWatch.AssertClean(stranger);

        await page.Context.CloseAsync();
        await stranger.Context.CloseAsync();
    }

    /// <summary>
    /// Waits for the provider's login form after the sign-in button; when it does not come, says where the browser is
    /// and what it shows (a loaded CI run once timed out here without a clue) and keeps a screenshot.
    /// </summary>
    private static async Task OnProviderLoginAsync(IPage page, OidcProvider provider)
    {
        try
        {
            await page.WaitForURLAsync(new Regex($"^{Regex.Escape(provider.Issuer)}/"), new() { WaitUntil = WaitUntilState.Commit, Timeout = 60000 });
            await Assertions.Expect(page.Locator("input[name=login]")).ToBeVisibleAsync(new() { Timeout = 30000 });
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            var shown = await page.Locator("body").InnerTextAsync(new() { Timeout = 5000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(unreadable)");
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Output("screenshots"), "oidc-provider-not-reached.png"), FullPage = true });
            throw new Xunit.Sdk.XunitException($"The provider's login form did not come: the browser is at {page.Url}, showing: {shown[..Math.Min(shown.Length, 600)]}");
        }
    }
}
