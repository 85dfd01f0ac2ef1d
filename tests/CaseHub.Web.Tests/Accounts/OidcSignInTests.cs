using System.Net;
using CaseHub.Core.Accounts;
using CaseHub.Core.Data;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Accounts;

/// <summary>CaseHub and a real OpenID provider (npm oidc-provider) on loopback; accounts with the claims each case needs.</summary>
public sealed class OidcFixture : IAsyncLifetime
{
    public const string Domain = "cpas-oidc.test";
    public const string OrganisationName = "CPAS de Synthèse (OIDC)";
    public OidcProvider Provider { get; private set; } = null!;
    public CaseHubFactory App { get; private set; } = null!;

    private static Dictionary<string, object> Claims(string email, bool verified = true, string[]? groups = null)
    {
        var claims = new Dictionary<string, object> { ["email"] = email, ["email_verified"] = verified, ["name"] = "Synthetic Person" };
        if (groups is not null) claims["groups"] = groups;
        claims["org"] = "cpas-synth";
        return claims;
    }

    public async Task InitializeAsync()
    {
        var appPort = NodeProcess.FreePort();
        var baseUrl = $"http://127.0.0.1:{appPort}";
        Provider = await OidcProvider.StartAsync(baseUrl + "/signin-oidc", new Dictionary<string, Dictionary<string, object>>
        {
            ["sub-alice"] = Claims($"alice@{Domain}", groups: ["casehub-coordination", "unrelated-group"]),
            ["sub-bob"] = Claims("bob@elsewhere.test", groups: ["casehub-coordination"]),
            ["sub-carol"] = Claims($"carol@{Domain}"),
            ["sub-dave"] = Claims($"dave@{Domain}", verified: false, groups: ["casehub-as"]),
            ["sub-erin"] = Claims($"erin@{Domain}", groups: ["casehub-as"]),
            ["sub-frank"] = Claims($"frank@{Domain}", groups: ["casehub-as"]),
        });
        var settings = Provider.AppSettings(baseUrl, Domain);
        settings["Oidc:RequiredClaims:0"] = "groups";
        settings["Oidc:RoleMap:casehub-as"] = Roles.SocialWorker;
        settings["Oidc:OrganisationClaim"] = "org";
        settings["Oidc:OrganisationMap:cpas-synth"] = OrganisationName;
        settings["Oidc:RequireVerifiedEmail"] = "true";
        App = new CaseHubFactory(port: appPort, settings: settings);
        _ = App.BaseAddress;
        await App.WithDbAsync(async db =>
        {
            db.Organisations.Add(new Organisation { Name = OrganisationName, Kind = OrganisationKind.Cpas });
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

public class OidcSignInTests(OidcFixture f) : IClassFixture<OidcFixture>
{
    private async Task<AppUser> InviteAsync(string email, params string[] roles)
    {
        AppUser user = null!;
        await f.App.WithScopeAsync(async sp =>
            user = await sp.GetRequiredService<AccountService>().InviteAsync(new InviteRequest(email, "Synthetic Invitee", "en", null, null, roles)));
        return user;
    }

    private Task<List<string>> AuditActionsAsync(Guid userId)
        => f.App.WithDbAsync(db => db.AuditEntries.Where(a => a.TargetId == userId.ToString()).OrderBy(a => a.At).Select(a => a.Action).ToListAsync());

    private static async Task AssertNotSignedInAsync(FormClient client)
    {
        var profile = await client.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
        Assert.StartsWith("/account/sign-in", profile.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_organisation_provider_by_its_display_name()
    {
        using var client = f.App.NewClient("nl");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/account/sign-in"));
        Assert.Contains("Aanmelden met CPAS Synth ID", html);
        Assert.Contains("action=\"/account/external-sign-in\"", html);
    }

    [Fact]
    public async Task Only_the_sign_in_page_lets_its_form_go_on_to_the_provider()
    {
        // The button posts to CaseHub, which redirects to the provider: browsers check form-action on that redirect.
        using var client = f.App.NewClient("en");
        using var signIn = await client.Http.GetAsync("/account/sign-in");
        Assert.Contains($"form-action 'self' {f.Provider.Issuer};", signIn.Headers.GetValues("Content-Security-Policy").Single());
        using var other = await client.Http.GetAsync("/account/forgot-password");
        Assert.Contains("form-action 'self';", other.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain(f.Provider.Issuer, other.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task First_sign_in_links_the_invited_account_by_verified_email_and_later_sign_ins_use_the_provider_key()
    {
        var invited = await InviteAsync($"alice@{OidcFixture.Domain}", Roles.SocialWorker);
        Assert.Null(invited.ActivatedAt);

        using (var client = f.App.NewClient("en"))
        {
            var (response, url, html) = await f.Provider.SignInAsync(client, "sub-alice");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("/account/profile", url.AbsolutePath);
            Assert.Contains("Synthetic Invitee", html);
        }

        await f.App.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(invited.Id.ToString()))!;
            var login = Assert.Single(await users.GetLoginsAsync(user));
            Assert.Equal(("oidc", "sub-alice"), (login.LoginProvider, login.ProviderKey));
            Assert.NotNull(user.ActivatedAt);
            Assert.True(user.EmailConfirmed);
            // Mapped roles are added to the ones the administrator gave; an unmapped group grants nothing.
            Assert.Equal([Roles.Coordinator, Roles.SocialWorker], (await users.GetRolesAsync(user)).Order());
            var org = await sp.GetRequiredService<CaseHubDbContext>().Organisations.SingleAsync(o => o.Name == OidcFixture.OrganisationName);
            Assert.Equal(org.Id, user.OrganisationId);
            // The provider's key, not the e-mail, finds the account from now on.
            user.Email = "alice-renamed@" + OidcFixture.Domain;
            user.NormalizedEmail = user.Email.ToUpperInvariant();
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        });

        using (var again = f.App.NewClient("en"))
        {
            var (response, url, _) = await f.Provider.SignInAsync(again, "sub-alice", "/account/profile");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("/account/profile", url.AbsolutePath);
        }
        // The link and the first sign-in are recorded in one save, at the same instant: their order is not defined.
        Assert.Equal(
            ["Accounts.ExternalLoginLinked", "Accounts.ExternalSignIn", "Accounts.ExternalSignIn", "Accounts.UserInvited"],
            (await AuditActionsAsync(invited.Id)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("sub-bob", "en", "Accounts of the domain elsewhere.test cannot sign in here")]
    [InlineData("sub-bob", "fr", "Les comptes du domaine elsewhere.test ne peuvent pas se connecter ici")]
    [InlineData("sub-carol", "en", "did not send a required piece of information (groups)")]
    [InlineData("sub-carol", "nl", "heeft een vereist gegeven niet doorgegeven (groups)")]
    [InlineData("sub-dave", "en", "has not confirmed your e-mail address")]
    [InlineData("sub-erin", "en", "No CaseHub account exists for this e-mail address")]
    public async Task Refused_sign_ins_say_why_in_the_users_language_and_sign_nobody_in(string login, string lang, string message)
    {
        // Dave and Carol have invitations: what refuses them is the claim or the unverified address, not a missing account.
        if (login == "sub-dave") await InviteAsync($"dave@{OidcFixture.Domain}", Roles.SocialWorker);
        if (login == "sub-carol" && lang == "en") await InviteAsync($"carol@{OidcFixture.Domain}", Roles.SocialWorker);
        using var client = f.App.NewClient(lang);
        var (response, url, html) = await f.Provider.SignInAsync(client, login);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("/account/external-callback", url.AbsolutePath);
        Assert.Contains(message, WebUtility.HtmlDecode(html));
        await AssertNotSignedInAsync(client);
        var logins = await f.App.WithDbAsync(db => db.Set<IdentityUserLogin<Guid>>().CountAsync(l => l.ProviderKey == login));
        Assert.Equal(0, logins);
    }

    [Fact]
    public async Task A_deactivated_account_is_refused_even_when_the_provider_vouches_for_it()
    {
        var frank = await InviteAsync($"frank@{OidcFixture.Domain}", Roles.SocialWorker);
        await f.App.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(frank.Id.ToString()))!;
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        });
        using var client = f.App.NewClient("en");
        var (response, _, html) = await f.Provider.SignInAsync(client, "sub-frank");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Your CaseHub account is deactivated", WebUtility.HtmlDecode(html));
        await AssertNotSignedInAsync(client);
    }
}
