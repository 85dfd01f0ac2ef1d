using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Web.Endpoints;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Account;

[EnableRateLimiting(RateLimitOptions.SignIn)]
public class SignInModel(SignInManager<AppUser> signIn, UserManager<AppUser> users) : CaseHubPageModel
{
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(254, ErrorMessage = V.Length)] public string Email { get; set; } = "";
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(200, ErrorMessage = V.Length)] public string Password { get; set; } = "";
    [BindProperty] public bool RememberMe { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => User.IsSignedIn() ? LocalRedirect(AccountService.SafeReturnPath(ReturnUrl)) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is null || user.ErasedAt is not null)
        {
            ModelState.AddModelError("", T["Account.SignIn.Wrong"]);
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Password, RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            LanguageEndpoints.SetCultureCookie(HttpContext, user.Language);
            return LocalRedirect(AccountService.SafeReturnPath(ReturnUrl));
        }
        ModelState.AddModelError("", result.IsLockedOut ? T["Account.SignIn.LockedOut"] : T["Account.SignIn.Wrong"]);
        return Page();
    }
}
