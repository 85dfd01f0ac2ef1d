using System.Net;
using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CaseHub.Web.Tests.Accounts;

/// <summary>
/// One app for the class (starting one and seeding the demo took most of each test's time). The tests stay apart:
/// each asks its own link and takes the mail that arrives after it asked; the clock only moves forward (one test ages
/// its own link), which leaves a link asked later valid.
/// </summary>
public sealed class MagicLinkApp : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public SmtpSink Smtp { get; private set; } = null!;
    public CaseHubFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartNewAsync();
        App = new CaseHubFactory(Smtp, Clock, demo: true);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public class MagicLinkTests(MagicLinkApp fx) : IClassFixture<MagicLinkApp>
{
    private readonly FakeTimeProvider _clock = fx.Clock;
    private readonly SmtpSink _smtp = fx.Smtp;
    private readonly CaseHubFactory _app = fx.App;

    private async Task<string> RequestLinkAsync(FormClient client, string email)
    {
        // Sign-in link mails only: the demo's meeting invitations to the same person may arrive at any time.
        bool IsLink(SmtpSink.ReceivedMail m) => m.EnvelopeTo.Contains(email, StringComparer.OrdinalIgnoreCase) && m.Text.Contains("/account/magic", StringComparison.Ordinal);
        var before = _smtp.Messages().Count(IsLink);
        var response = await client.SubmitAsync("/account/magic-link", ("Email", email));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mails = await _smtp.WaitForAsync(IsLink, before + 1);
        return MailLinks.Find(mails[^1], "/account/magic");
    }

    [Fact]
    public async Task A_partner_signs_in_once_with_the_link_and_the_link_then_stops_working()
    {
        using var client = _app.NewClient("nl");
        var link = await RequestLinkAsync(client, "partner@demo.casehub.test");

        // Opening the link (as a mail scanner would) signs nobody in and does not use it up.
        var landing = await client.GetStringAsync(link);
        Assert.Contains("Klik op de knop om aan te melden.", WebUtility.HtmlDecode(landing));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/profile")).StatusCode);

        var signIn = await client.SubmitAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("Pieter Partner", await client.GetStringAsync("/"));

        using var other = _app.NewClient("en");
        var reuse = await other.SubmitAsync(link);
        Assert.Contains("This link has already been used.", WebUtility.HtmlDecode(await reuse.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/account/profile")).StatusCode);
    }

    [Fact]
    public async Task A_link_older_than_15_minutes_is_refused_with_its_own_message()
    {
        using var client = _app.NewClient("fr");
        var link = await RequestLinkAsync(client, "partner2@demo.casehub.test");
        _clock.Advance(TimeSpan.FromMinutes(16));
        var landing = await client.GetStringAsync(link);
        Assert.Contains("Ce lien a expiré.", WebUtility.HtmlDecode(landing));
        // Asking a new link keeps where the old one was going.
        Assert.Contains("/account/magic-link?returnUrl=" + Uri.EscapeDataString(MailLinks.QueryValue(link, "returnUrl")), WebUtility.HtmlDecode(landing));
        var post = await client.SubmitAsync(link);
        Assert.Contains("Ce lien a expiré.", WebUtility.HtmlDecode(await post.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Two_simultaneous_clicks_on_one_link_sign_in_exactly_once()
    {
        using var first = _app.NewClient();
        var link = await RequestLinkAsync(first, "partner@demo.casehub.test");
        var clients = Enumerable.Range(0, 6).Select(_ => _app.NewClient()).ToList();
        var tokens = new List<string>();
        foreach (var c in clients) tokens.Add(FormClient.AntiforgeryToken(await c.GetStringAsync(link))!);
        var results = await Task.WhenAll(clients.Select((c, i) => c.PostAsync(link, [], tokens[i])));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.Redirect));
    }

    [Theory]
    [InlineData("as@demo.casehub.test")]      // staff use their password
    [InlineData("unknown@demo.casehub.test")] // no such account
    public async Task Only_partner_workers_receive_a_link_and_the_page_does_not_tell_who_exists(string email)
    {
        using var client = _app.NewClient("en");
        var response = await client.SubmitAsync("/account/magic-link", ("Email", email));
        Assert.Contains("If this address belongs to a partner account", await response.Content.ReadAsStringAsync());
        await Task.Delay(1000);
        // (Demo data may have sent this person meeting invitations; none of their mails may carry a sign-in link.)
        Assert.DoesNotContain(_smtp.MessagesTo(email), m => m.Text.Contains("/account/magic"));
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("a@b")]
    public async Task A_malformed_address_gets_a_clear_message(string email)
    {
        using var client = _app.NewClient("en");
        var response = await client.SubmitAsync("/account/magic-link", ("Email", email));
        Assert.Contains("This e-mail address is not valid.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Tokens_are_stored_hashed()
    {
        using var client = _app.NewClient();
        var link = await RequestLinkAsync(client, "partner@demo.casehub.test");
        var token = MailLinks.QueryValue(link, "token");
        var stored = await _app.WithDbAsync(db => db.AccountTokens.Select(t => t.TokenHash).ToListAsync());
        Assert.DoesNotContain(token, stored);
        Assert.Contains(SecureToken.Hash(token), stored);
    }
}
