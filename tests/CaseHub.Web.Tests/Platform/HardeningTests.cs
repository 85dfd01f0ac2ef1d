using System.Net;
using System.Text.RegularExpressions;
using CaseHub.Core.Demo;
using CaseHub.TestSupport;

namespace CaseHub.Web.Tests.Platform;

public partial class HardeningTests(AppFixture f) : IClassFixture<AppFixture>
{
    private static readonly string[] PublicPages = ["/", "/account/sign-in", "/account/magic-link", "/account/forgot-password", "/error?code=404"];
    private static readonly string[] SignedInPages = ["/", "/account/profile", "/account/calendar", "/admin/users", "/admin/organisations", "/meetings", "/meetings/new"];

    [Fact]
    public async Task Every_page_sends_a_csp_that_forbids_inline_script_and_contains_no_inline_script()
    {
        using var admin = f.App.NewClient();
        await admin.SignInAsync("admin@demo.casehub.test", DemoData.Password);
        using var anonymous = f.App.NewClient();
        foreach (var (client, url) in PublicPages.Select(p => (anonymous, p)).Concat(SignedInPages.Select(p => (admin, p))))
        {
            using var response = await client.GetAsync(url);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(InlineHandler(), html);
            Assert.DoesNotMatch(InlineStyle(), html);
        }
    }

    [Fact]
    public async Task Cookies_are_http_only_and_same_site()
    {
        using var client = f.App.NewClient();
        var page = await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in", [KeyValuePair.Create("Email", "as@demo.casehub.test"), KeyValuePair.Create("Password", DemoData.Password)], FormClient.AntiforgeryToken(page));
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        var auth = cookies.Single(c => c.StartsWith("casehub_auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_form_post_without_antiforgery_token_is_rejected()
    {
        using var client = f.App.NewClient();
        await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in", [KeyValuePair.Create("Email", "as@demo.casehub.test"), KeyValuePair.Create("Password", DemoData.Password)], token: null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/profile")).StatusCode);
    }

    [Fact]
    public async Task Health_reports_the_database()
    {
        using var client = f.App.NewClient();
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.False(health.GetProperty("checks").TryGetProperty("redis", out _)); // one node: no backplane configured
        Assert.False(string.IsNullOrEmpty(health.GetProperty("node").GetString()));
        Assert.Equal(CaseHub.Core.Releases.AppVersion.Current, health.GetProperty("version").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", health.GetProperty("version").GetString());
    }

    [Fact]
    public async Task The_footer_shows_the_version_to_administrators_only()
    {
        var version = CaseHub.Core.Releases.AppVersion.Current;
        using var admin = f.App.NewClient();
        await admin.SignInAsync("admin@demo.casehub.test", DemoData.Password); // the account's language: French
        Assert.Contains($"<span class=\"site-footer-version\"> · version {version}</span>", await admin.GetStringAsync("/"));
        using var worker = f.App.NewClient();
        await worker.SignInAsync("as@demo.casehub.test", DemoData.Password);
        Assert.DoesNotContain("site-footer-version", await worker.GetStringAsync("/"));
        using var anonymous = f.App.NewClient();
        Assert.DoesNotContain("site-footer-version", await anonymous.GetStringAsync("/account/sign-in"));
    }

    [Theory]
    [InlineData("fr", "Page introuvable")]
    [InlineData("nl", "Pagina niet gevonden")]
    public async Task Unknown_pages_get_a_friendly_localized_404(string lang, string title)
    {
        using var client = f.App.NewClient(lang);
        var response = await client.GetAsync("/does/not/exist");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(title, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"<script(?![^>]*\b(src=|type=""application/json""))[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[^>]+\son(click|load|error|submit|change|input)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    /// <summary>A style attribute in markup is blocked by the CSP (styles come from /css and nonce'd sheets only).</summary>
    [GeneratedRegex(@"<[^>]+\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();
}

public class RateLimitTests : IAsyncLifetime
{
    private CaseHubFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new CaseHubFactory(settings: new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "3" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_get_429_with_a_message()
    {
        using var client = _app.NewClient("en");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await client.SubmitAsync("/account/sign-in", ("Email", "x@example.org"), ("Password", "nope-nope-nope"))).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429, (HttpStatusCode)429], statuses);
        var limited = await client.SubmitAsync("/account/sign-in", ("Email", "x@example.org"), ("Password", "nope-nope-nope"));
        Assert.Contains("Too many requests", await limited.Content.ReadAsStringAsync());
    }
}
