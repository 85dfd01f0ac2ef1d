using CaseHub.Core.Accounts;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Admin;

/// <summary>One account: its roles, deactivation, and "sign out everywhere". Every change ends the user's sessions.</summary>
public class UserModel(People people, AccountService accounts, TimeProvider clock) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }

    public AppUser Account { get; private set; } = null!;
    public HashSet<string> CurrentRoles { get; private set; } = [];
    public bool Locked { get; private set; }
    public Guid MeId => Me;

    [BindProperty] public List<string> Roles { get; set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public Task<IActionResult> OnPostRolesAsync() => RunAsync(() => accounts.ChangeRolesAsync(Id, Roles, Me), "Admin.User.RolesSaved");

    public Task<IActionResult> OnPostDeactivateAsync() => RunAsync(() => accounts.SetActiveAsync(Id, false, Me), "Admin.User.Deactivated");

    public Task<IActionResult> OnPostReactivateAsync() => RunAsync(() => accounts.SetActiveAsync(Id, true, Me), "Admin.User.Reactivated");

    public Task<IActionResult> OnPostEndSessionsAsync() => RunAsync(() => accounts.EndSessionsAsync(Id, Me), "Admin.User.SessionsEnded");

    private async Task<IActionResult> RunAsync(Func<Task> action, string doneKey)
    {
        if (await TryAsync(action))
        {
            StatusMessage = T[doneKey];
            return Redirect($"/admin/users/{Id}");
        }
        return await LoadAsync(keepPostedRoles: true) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(bool keepPostedRoles = false)
    {
        var user = await people.FindActiveAsync(Id);
        if (user is null) return false;
        Account = user;
        CurrentRoles = (await people.RolesOfAsync(Id)).ToHashSet();
        if (!keepPostedRoles) Roles = CurrentRoles.ToList();
        Locked = user.LockoutEnd > clock.GetUtcNow();
        return true;
    }
}
