using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Account;

/// <summary>Partner workers ask for a one-time sign-in link instead of using a password.</summary>
[EnableRateLimiting(RateLimitOptions.SignIn)]
public class MagicLinkModel(AccountService accounts) : CaseHubPageModel
{
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(254, ErrorMessage = V.Length)] public string Email { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Sent = await TryAsync(() => accounts.RequestMagicLinkAsync(Email, ReturnUrl ?? "/"));
        return Page();
    }
}
