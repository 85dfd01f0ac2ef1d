using CaseHub.Core.Accounts;
using CaseHub.Core.Accounts.Oidc;
using CaseHub.Core.Common;
using CaseHub.Web.Endpoints;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Account;

/// <summary>
/// Where the OpenID Connect handler lands after validating the provider's answer: finds or links the CaseHub account,
/// then swaps the external cookie for a normal CaseHub session, or shows why the sign-in was refused.
/// </summary>
[EnableRateLimiting(RateLimitOptions.SignIn)]
public class ExternalCallbackModel(ExternalSignInService external, SignInManager<AppUser> signIn) : CaseHubPageModel
{
    public const string ReturnUrlItem = "casehub.returnUrl";

    public string Refusal { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(bool failed = false)
    {
        var result = failed ? null : await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        if (result?.Succeeded != true || result.Principal is null)
            return Refused(T["Oidc.Error.Failed"]);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);

        var identity = new ExternalIdentity(OidcOptions.Scheme,
            result.Principal.Claims.Select(c => KeyValuePair.Create(c.Type, c.Value)).ToList());
        try
        {
            var user = await external.SignInAsync(identity, HttpContext.RequestAborted);
            await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: OidcOptions.Scheme);
            LanguageEndpoints.SetCultureCookie(HttpContext, user.Language);
            var returnUrl = result.Properties?.Items.TryGetValue(ReturnUrlItem, out var r) == true ? r : null;
            return LocalRedirect(AccountService.SafeReturnPath(returnUrl));
        }
        catch (DomainException ex) when (!ex.IsForbidden && !ex.IsNotFound)
        {
            return Refused(T.Format(ex.TextKey, Lang, ex.Args));
        }
    }

    private PageResult Refused(string message)
    {
        Refusal = message;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }
}
