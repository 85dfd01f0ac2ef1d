using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Account;

[EnableRateLimiting(RateLimitOptions.SignIn)]
public class ForgotPasswordModel(AccountService accounts) : CaseHubPageModel
{
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(254, ErrorMessage = V.Length)] public string Email { get; set; } = "";
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Sent = await TryAsync(() => accounts.RequestPasswordResetAsync(Email));
        return Page();
    }
}
