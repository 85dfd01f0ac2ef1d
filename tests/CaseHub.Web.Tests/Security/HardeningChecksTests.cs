using System.Globalization;
using System.Net;
using CaseHub.Core.Demo;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Tests.Security;

/// <summary>CaseHub as configured for production (environment "Production"), behind a TLS-terminating proxy on loopback.</summary>
public sealed class ProductionFactory() : CaseHubFactory(demo: true)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

public sealed class ProductionFixture : IAsyncLifetime
{
    public ProductionFactory App { get; } = new();
    public Task InitializeAsync() { _ = App.BaseAddress; return Task.CompletedTask; }
    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class HardeningChecksTests(ProductionFixture production) : IClassFixture<ProductionFixture>
{
    /// <summary>A request as nginx forwards it: the browser spoke HTTPS to casehub.example.org.</summary>
    private static HttpRequestMessage ViaHttpsProxy(HttpMethod method, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Host = "casehub.example.org";
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }

    [Fact]
    public async Task In_production_the_sign_in_and_antiforgery_cookies_are_secure_http_only_and_same_site()
    {
        // Secure cookies are not sent back over the test's plain HTTP by a cookie container: carry them by hand.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = production.App.BaseAddress };
        using var page = await client.SendAsync(ViaHttpsProxy(HttpMethod.Get, "/account/sign-in"));
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("casehub_af=", StringComparison.Ordinal));
        var token = FormClient.AntiforgeryToken(await page.Content.ReadAsStringAsync())!;
        using var post = ViaHttpsProxy(HttpMethod.Post, "/account/sign-in", new FormUrlEncodedContent(
            [KeyValuePair.Create("Email", "as@demo.casehub.test"), KeyValuePair.Create("Password", DemoData.Password), KeyValuePair.Create("__RequestVerificationToken", token)]));
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var auth = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("casehub_auth=", StringComparison.Ordinal));
        foreach (var cookie in new[] { auth, antiforgery })
        {
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; samesite=", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("samesite=none", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task In_production_https_responses_carry_hsts()
    {
        using var client = production.App.NewClient();
        using var response = await client.Http.SendAsync(ViaHttpsProxy(HttpMethod.Get, "/account/sign-in"));
        var hsts = response.Headers.GetValues("Strict-Transport-Security").Single();
        var maxAge = long.Parse(System.Text.RegularExpressions.Regex.Match(hsts, @"max-age=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(maxAge >= TimeSpan.FromDays(180).TotalSeconds, hsts); // browsers remember HTTPS-only for half a year at least
    }

    [Fact]
    public async Task Every_endpoint_open_without_sign_in_has_a_rate_limit_policy()
    {
        var catalog = await EndpointCatalog.ReadAsync(production.App.Services);
        var open = catalog.Where(e => e.Endpoint is { } ep && (ep.Metadata.GetMetadata<IAllowAnonymous>() is not null || ep.Metadata.GetMetadata<IAuthorizeData>() is null))
            .ToList();
        Assert.Contains(open, e => e.Key == "POST /language");
        Assert.Contains(open, e => e.Route.StartsWith("/discovery-days", StringComparison.Ordinal));
        var unlimited = open.Where(e => e.Endpoint!.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null
                                        || e.Endpoint.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null)
            .Select(e => e.Key).ToList();
        Assert.True(unlimited.Count == 0, "Open endpoints without a rate-limit policy: " + string.Join(", ", unlimited));
    }

    [Fact]
    public async Task The_hub_refuses_an_oversized_message_and_keeps_serving()
    {
        var limit = production.App.Services.GetRequiredService<IOptions<HubOptions>>().Value.MaximumReceiveMessageSize;
        Assert.NotNull(limit);
        Assert.InRange(limit!.Value, 1, 1024 * 1024);

        await using var big = await RoomClient.ConnectAsync(production.App, "facilitator@demo.casehub.test", statefulReconnect: false);
        var closed = new TaskCompletionSource<Exception?>();
        big.Connection.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        var oversized = new string('x', (int)limit.Value + 1024);
        await Assert.ThrowsAnyAsync<Exception>(() => big.Connection.InvokeAsync("NotesPush", "room:00000000-0000-0000-0000-000000000000:notes", oversized, Guid.NewGuid())
            .WaitAsync(TimeSpan.FromSeconds(20)));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // The server is fine: a new connection works, and so do pages.
        await using var next = await RoomClient.ConnectAsync(production.App, "facilitator@demo.casehub.test", statefulReconnect: false);
        Assert.True(await next.Connection.InvokeAsync<DateTimeOffset>("Ping") > DateTimeOffset.UnixEpoch);
        using var client = production.App.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
