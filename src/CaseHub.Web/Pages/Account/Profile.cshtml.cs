using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Localization;
using CaseHub.Web.Endpoints;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Account;

[Authorize]
public class ProfileModel(UserManager<AppUser> users, SignInManager<AppUser> signIn) : CaseHubPageModel
{
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(AppUser.DisplayNameMaxLength, ErrorMessage = V.Length)]
    public string DisplayName { get; set; } = "";
    [BindProperty, Required(ErrorMessage = V.Required)] public string Language { get; set; } = Languages.Default;

    [BindProperty, StringLength(200, ErrorMessage = V.Length)] public string? CurrentPassword { get; set; }
    [BindProperty, StringLength(200, ErrorMessage = V.Length)] public string? NewPassword { get; set; }

    public AppUser Profile { get; private set; } = null!;
    public IList<string> RoleNames { get; private set; } = [];
    public bool HasPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        DisplayName = Profile.DisplayName;
        Language = Profile.Language;
        return Page();
    }

    public async Task<IActionResult> OnPostDetailsAsync()
    {
        await LoadAsync();
        ModelState.Remove(nameof(CurrentPassword));
        ModelState.Remove(nameof(NewPassword));
        if (!Languages.IsSupported(Language)) ModelState.AddModelError(nameof(Language), T["Error.InvalidLanguage"]);
        if (!ModelState.IsValid) return Page();
        Profile.DisplayName = DisplayName.Trim();
        Profile.Language = Language;
        await users.UpdateAsync(Profile);
        await signIn.RefreshSignInAsync(Profile);
        LanguageEndpoints.SetCultureCookie(HttpContext, Language);
        StatusMessage = T.Get("Account.Profile.Saved", Language);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        await LoadAsync();
        DisplayName = Profile.DisplayName;
        Language = Profile.Language;
        if (string.IsNullOrEmpty(NewPassword)) ModelState.AddModelError(nameof(NewPassword), T["Validation.Required"]);
        if (HasPassword && string.IsNullOrEmpty(CurrentPassword)) ModelState.AddModelError(nameof(CurrentPassword), T["Validation.Required"]);
        if (!ModelState.IsValid) return Page();
        var result = HasPassword
            ? await users.ChangePasswordAsync(Profile, CurrentPassword!, NewPassword!)
            : await users.AddPasswordAsync(Profile, NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code == "PasswordMismatch" ? nameof(CurrentPassword) : nameof(NewPassword), e.Description);
            return Page();
        }
        // The security stamp changed: other sessions of this account end; this one is renewed.
        await signIn.RefreshSignInAsync(Profile);
        StatusMessage = T["Account.Profile.PasswordChanged"];
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Profile = await users.GetUserAsync(User) ?? throw DomainException.NotFound();
        RoleNames = await users.GetRolesAsync(Profile);
        HasPassword = await users.HasPasswordAsync(Profile);
    }
}
