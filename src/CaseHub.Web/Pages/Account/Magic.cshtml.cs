using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Web.Endpoints;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Account;

/// <summary>
/// The landing page of a magic link. Opening the link (GET) does not sign in: mail scanners that pre-fetch links
/// would burn the single-use token. The person confirms with one click (POST), which consumes it.
/// </summary>
[EnableRateLimiting(RateLimitOptions.SignIn)]
public class MagicModel(AccountService accounts, SignInManager<AppUser> signIn) : CaseHubPageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? LinkError { get; private set; }

    public async Task OnGetAsync()
    {
        try
        {
            await accounts.ValidateMagicLinkAsync(Token);
        }
        catch (DomainException ex)
        {
            LinkError = T[ex.TextKey];
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var user = await accounts.ConsumeMagicLinkAsync(Token);
            await signIn.SignInAsync(user, isPersistent: false);
            LanguageEndpoints.SetCultureCookie(HttpContext, user.Language);
            return LocalRedirect(AccountService.SafeReturnPath(ReturnUrl));
        }
        catch (DomainException ex)
        {
            LinkError = T[ex.TextKey];
            return Page();
        }
    }
}
