namespace CaseHub.Core.Accounts.Oidc;

/// <summary>Sign-in with the organisation's OpenID Connect provider (Entra ID, Keycloak…), section "Oidc".</summary>
public sealed class OidcOptions
{
    public const string Section = "Oidc";

    /// <summary>Authentication scheme name; also the login-provider name stored with linked accounts.</summary>
    public const string Scheme = "oidc";

    /// <summary>Path the provider redirects back to; register <c>{App:PublicBaseUrl}/signin-oidc</c> with the provider.</summary>
    public const string CallbackPath = "/signin-oidc";

    public bool Enabled { get; set; }

    /// <summary>Shown on the sign-in button: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "";

    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    /// <summary>Scopes asked for; empty = "openid profile email" (the binder would append to a non-empty default).</summary>
    public string[] Scopes { get; set; } = [];

    public IReadOnlyList<string> EffectiveScopes => Scopes.Length > 0 ? ["openid", .. Scopes.Where(s => s != "openid")] : ["openid", "profile", "email"];

    /// <summary>E-mail domains allowed to sign in (e.g. "cpas-exemple.be"); empty = any domain.</summary>
    public string[] AllowedDomains { get; set; } = [];

    /// <summary>Claims every token must carry besides "sub" and "email" (e.g. "groups").</summary>
    public string[] RequiredClaims { get; set; } = [];

    /// <summary>Claim whose values map to CaseHub roles (e.g. "groups" or "roles"); empty = no role mapping.</summary>
    public string RoleClaim { get; set; } = "";

    /// <summary>Claim value → CaseHub role (one role, or several separated by commas). Mapped roles are added, never removed.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];

    /// <summary>Claim whose value maps to the user's organisation; empty = no organisation mapping.</summary>
    public string OrganisationClaim { get; set; } = "";

    /// <summary>Claim value → name of a CaseHub organisation.</summary>
    public Dictionary<string, string> OrganisationMap { get; set; } = [];

    /// <summary>Link a first sign-in to an account only when the provider says the e-mail is verified (email_verified).</summary>
    public bool RequireVerifiedEmail { get; set; } = true;

    /// <summary>Only turn off for a provider on loopback in tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
