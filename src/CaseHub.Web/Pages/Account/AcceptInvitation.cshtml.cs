using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Web.Endpoints;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Account;

[EnableRateLimiting(RateLimitOptions.SignIn)]
public class AcceptInvitationModel(AccountService accounts, SignInManager<AppUser> signIn) : CaseHubPageModel
{
    [BindProperty(SupportsGet = true), StringLength(100)] public string? Token { get; set; }
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(200, ErrorMessage = V.Length)] public string Password { get; set; } = "";
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(200, ErrorMessage = V.Length)] public string ConfirmPassword { get; set; } = "";
    public AppUser? Invited { get; private set; }
    public string? LinkError { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return Page();
        if (ModelState.IsValid && Password != ConfirmPassword)
            ModelState.AddModelError(nameof(ConfirmPassword), T["Account.PasswordsDiffer"]);
        AppUser? user = null;
        if (!await TryAsync(async () => user = await accounts.AcceptInvitationAsync(Token, Password))) return Page();
        await signIn.SignInAsync(user!, isPersistent: false);
        LanguageEndpoints.SetCultureCookie(HttpContext, user!.Language);
        StatusMessage = T.Get("Account.Invitation.Welcome", user.Language);
        return Redirect("/");
    }

    private async Task<bool> LoadAsync()
    {
        try
        {
            Invited = await accounts.FindInvitationAsync(Token);
            return true;
        }
        catch (DomainException ex)
        {
            LinkError = T[ex.TextKey];
            return false;
        }
    }
}
