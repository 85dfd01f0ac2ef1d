using CaseHub.Core.Accounts;
using CaseHub.Core.Accounts.Oidc;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Pages.Account;

/// <summary>Starts the organisation sign-in. A POST with the antiforgery token, so no other site can start it for a visitor.</summary>
[EnableRateLimiting(RateLimitOptions.SignIn)]
public class ExternalSignInModel(IOptions<OidcOptions> oidc) : CaseHubPageModel
{
    [BindProperty] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect("/account/sign-in");

    public IActionResult OnPost()
    {
        if (!oidc.Value.Enabled) return NotFound();
        var properties = new AuthenticationProperties { RedirectUri = "/account/external-callback" };
        properties.Items[ExternalCallbackModel.ReturnUrlItem] = AccountService.SafeReturnPath(ReturnUrl);
        return Challenge(properties, OidcOptions.Scheme);
    }
}
