using CaseHub.Core.Accounts.Oidc;
using CaseHub.Core.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Infrastructure;

/// <summary>The OpenID Connect handler for staff sign-in (section "Oidc"); nothing is added while Oidc:Enabled is false.</summary>
public static partial class OidcSignIn
{
    /// <summary>
    /// Registers the handler; its settings are read when first used, from the final configuration. While Oidc:Enabled is
    /// false, <see cref="UseCaseHubOidc"/> removes the scheme again, so nothing answers on /signin-oidc.
    /// </summary>
    public static void AddCaseHubOidc(this IServiceCollection services)
    {
        services.AddAuthentication().AddOpenIdConnect(OidcOptions.Scheme, _ => { });
        services.AddOptions<OpenIdConnectOptions>(OidcOptions.Scheme).Configure<IOptions<OidcOptions>>((h, settings) =>
        {
            var o = settings.Value;
            if (!o.Enabled) return;
            // The result lands in Identity's short-lived external cookie; the callback page turns it into a CaseHub session.
            h.SignInScheme = IdentityConstants.ExternalScheme;
            h.Authority = o.Authority;
            h.ClientId = o.ClientId;
            h.ClientSecret = string.IsNullOrEmpty(o.ClientSecret) ? null : o.ClientSecret;
            h.RequireHttpsMetadata = o.RequireHttpsMetadata;
            h.CallbackPath = OidcOptions.CallbackPath;
            h.ResponseType = "code";
            h.UsePkce = true;
            // A top-level GET back to us: the correlation and nonce cookies can stay SameSite=Lax.
            h.ResponseMode = "query";
            h.CorrelationCookie.SameSite = SameSiteMode.Lax;
            h.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            h.NonceCookie.SameSite = SameSiteMode.Lax;
            h.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            h.Scope.Clear();
            foreach (var scope in o.EffectiveScopes) h.Scope.Add(scope);
            // Claim names as the provider sends them ("sub", "email", "groups"): the mapping settings use those.
            h.MapInboundClaims = false;
            h.GetClaimsFromUserInfoEndpoint = true;
            h.ClaimActions.MapAll();
            h.SaveTokens = false;
            h.DisableTelemetry = true;
            h.Events.OnRedirectToIdentityProvider = ctx =>
            {
                // Behind the reverse proxy the request's host may be internal: use the public address.
                var app = ctx.HttpContext.RequestServices.GetRequiredService<IOptions<AppOptions>>().Value;
                ctx.ProtocolMessage.RedirectUri = app.Link(OidcOptions.CallbackPath);
                return Task.CompletedTask;
            };
            h.Events.OnRemoteFailure = ctx =>
            {
                // Cancelled at the provider, stale correlation cookie, provider error: a localized page, not a 500.
                LogRemoteFailure(ctx.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn)),
                    ctx.Failure?.GetType().Name);
                ctx.Response.Redirect("/account/external-callback?failed=1");
                ctx.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    public static void UseCaseHubOidc(this WebApplication app)
    {
        var o = app.Services.GetRequiredService<IOptions<OidcOptions>>().Value;
        if (!o.Enabled)
        {
            app.Services.GetRequiredService<IAuthenticationSchemeProvider>().RemoveScheme(OidcOptions.Scheme);
            return;
        }
        if (string.IsNullOrWhiteSpace(o.Authority) || string.IsNullOrWhiteSpace(o.ClientId))
            throw new InvalidOperationException("Oidc:Enabled is true but Oidc:Authority or Oidc:ClientId is empty.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenID Connect sign-in failed: {Error}")]
    private static partial void LogRemoteFailure(ILogger logger, string? error);
}
