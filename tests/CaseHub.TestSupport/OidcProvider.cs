using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CaseHub.TestSupport;

/// <summary>
/// A real OpenID Connect provider on loopback (tests/tools/oidc-provider.mjs, npm oidc-provider) with one confidential
/// client and accounts whose claims the test chooses. Its development login form takes the account id as login.
/// </summary>
public sealed partial class OidcProvider : IAsyncDisposable
{
    private readonly Process _process;

    public int Port { get; }
    public string Issuer => $"http://127.0.0.1:{Port}";
    public const string ClientId = "casehub-test";
    public const string ClientSecret = "casehub-test-secret-0123456789";

    private OidcProvider(Process process, int port) { _process = process; Port = port; }

    /// <param name="redirectUri">CaseHub's callback, e.g. http://127.0.0.1:5123/signin-oidc.</param>
    /// <param name="accounts">login → claims (besides "sub", which is the login).</param>
    /// <summary>
    /// CaseHub settings that point organisation sign-in at this provider (client, scopes, one allowed domain, the
    /// coordinator group mapped to its role); a test adds what it checks on top.
    /// </summary>
    public Dictionary<string, string?> AppSettings(string appBaseUrl, string allowedDomain) => new()
    {
        ["App:PublicBaseUrl"] = appBaseUrl,
        ["Oidc:Enabled"] = "true",
        ["Oidc:DisplayName"] = "CPAS Synth ID",
        ["Oidc:Authority"] = Issuer,
        ["Oidc:ClientId"] = ClientId,
        ["Oidc:ClientSecret"] = ClientSecret,
        ["Oidc:Scopes:0"] = "openid",
        ["Oidc:Scopes:1"] = "email",
        ["Oidc:Scopes:2"] = "profile",
        ["Oidc:Scopes:3"] = "casehub",
        ["Oidc:AllowedDomains:0"] = allowedDomain,
        ["Oidc:RoleClaim"] = "groups",
        ["Oidc:RoleMap:casehub-coordination"] = CaseHub.Core.Accounts.Roles.Coordinator,
        ["Oidc:RequireHttpsMetadata"] = "false",
    };

    public static async Task<OidcProvider> StartAsync(string redirectUri, IDictionary<string, Dictionary<string, object>> accounts)
    {
        var port = NodeProcess.FreePort();
        var config = Path.Combine(RepoPaths.NewTempDir("oidc"), "oidc.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            clients = new[] { new { client_id = ClientId, client_secret = ClientSecret, redirect_uris = new[] { redirectUri } } },
            accounts,
        }));
        return new OidcProvider(await NodeProcess.StartAsync("oidc-provider.mjs", [port.ToString(CultureInfo.InvariantCulture), config]), port);
    }

    /// <summary>
    /// The whole browser journey from CaseHub's sign-in page: the "sign in with" button, redirects to the provider,
    /// its login form as <paramref name="login"/>, the callback, and CaseHub's answer. Returns the last response
    /// (a page, not a redirect) and the address it came from.
    /// </summary>
    public async Task<(HttpResponseMessage Response, Uri Url, string Html)> SignInAsync(FormClient client, string login, string returnUrl = "/account/profile")
    {
        var response = await client.SubmitToAsync("/account/sign-in", "/account/external-sign-in", ("ReturnUrl", returnUrl));
        var url = new Uri(client.Http.BaseAddress!, "/account/external-sign-in");
        var loggedIn = false;
        for (var hops = 0; hops < 20; hops++)
        {
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.RedirectKeepVerb)
            {
                url = new Uri(url, response.Headers.Location!);
                response.Dispose();
                response = await client.Http.GetAsync(url);
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            if (!loggedIn && url.Port == Port && LoginForm().Match(html) is { Success: true } form)
            {
                // The provider's login form: any password, the login names the account.
                loggedIn = true;
                url = new Uri(url, WebUtility.HtmlDecode(form.Groups[1].Value));
                response.Dispose();
                response = await client.Http.PostAsync(url, new FormUrlEncodedContent(
                    [KeyValuePair.Create("prompt", "login"), KeyValuePair.Create("login", login), KeyValuePair.Create("password", "any")]));
                continue;
            }
            return (response, url, html);
        }
        throw new InvalidOperationException("Too many redirects in the sign-in journey.");
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"[^>]*method=\"post\"")]
    private static partial Regex LoginForm();

    public async ValueTask DisposeAsync()
    {
        try { _process.Kill(true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
