using System.Security.Cryptography;
using CaseHub.Core.Accounts.Oidc;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Security headers on every response. The Content-Security-Policy forbids inline script entirely
/// (all script is in /js and /lib modules); styles allow a per-request nonce only because the notes editor
/// (CodeMirror) injects its own style sheet and takes that nonce.
/// </summary>
public static class SecurityHeaders
{
    public const string NonceKey = "csp-nonce";

    public static string Nonce(this HttpContext context) => (string)context.Items[NonceKey]!;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        // The organisation sign-in button posts to CaseHub, which redirects the form to the provider: browsers check
        // form-action on that redirect too, so the sign-in page (only it) allows the provider's origin.
        var oidc = app.ApplicationServices.GetRequiredService<IOptions<OidcOptions>>().Value;
        var signInFormAction = oidc.Enabled && Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority)
            ? $"form-action 'self' {authority.GetLeftPart(UriPartial.Authority)}" : "form-action 'self'";
        return app.Use(async (context, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h.ContentSecurityPolicy =
                    "default-src 'self'; script-src 'self'; " +
                    $"style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
                    "frame-ancestors 'none'; base-uri 'self'; " +
                    (context.Request.Path.Equals("/account/sign-in", StringComparison.OrdinalIgnoreCase) ? signInFormAction : "form-action 'self'") +
                    "; object-src 'none'";
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                // Links with tokens (magic links, booking management) must not leak through Referer.
                h["Referrer-Policy"] = "same-origin";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                return Task.CompletedTask;
            });
            await next();
        });
    }
}
