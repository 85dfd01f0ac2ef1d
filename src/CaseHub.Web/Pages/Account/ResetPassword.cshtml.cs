using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Account;

[EnableRateLimiting(RateLimitOptions.SignIn)]
public class ResetPasswordModel(UserManager<AppUser> users) : CaseHubPageModel
{
    [BindProperty(SupportsGet = true, Name = "user")] public Guid UserIdParam { get; set; }
    [BindProperty(SupportsGet = true), StringLength(2000)] public string? Code { get; set; }
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(200, ErrorMessage = V.Length)] public string Password { get; set; } = "";
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(200, ErrorMessage = V.Length)] public string ConfirmPassword { get; set; } = "";
    public bool Done { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (Password != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), T["Account.PasswordsDiffer"]);
            return Page();
        }
        var user = await users.FindByIdAsync(UserIdParam.ToString());
        if (user is null || string.IsNullOrEmpty(Code))
        {
            ModelState.AddModelError("", T["Identity.InvalidToken"]);
            return Page();
        }
        // Resetting the password also renews the security stamp: other sessions of this user end.
        var result = await users.ResetPasswordAsync(user, Code, Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError(e.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(Password) : "", e.Description);
            return Page();
        }
        if (await users.IsLockedOutAsync(user)) await users.SetLockoutEndDateAsync(user, null);
        Done = true;
        return Page();
    }
}
