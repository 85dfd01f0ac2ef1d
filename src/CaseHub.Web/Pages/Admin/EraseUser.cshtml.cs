using CaseHub.Core.Accounts;
using CaseHub.Core.Privacy.SubjectRights;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Admin;

/// <summary>Right to erasure: an administrator erases an account after reading what it does and confirming. Sessions
/// and live connections of the erased person end (new security stamp). Not oneself; not the last administrator (Core).</summary>
public class EraseUserModel(People people, UserErasure erasure) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }

    public AppUser Account { get; private set; } = null!;
    public string Pseudonym { get; private set; } = "";
    public bool IsMe => Id == Me;

    /// <summary>The administrator ticked "I understand this cannot be undone".</summary>
    [BindProperty] public bool Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (!Confirm) ModelState.AddModelError(nameof(Confirm), T["SubjectRights.Erase.ConfirmRequired"]);
        if (await TryAsync(() => erasure.EraseAsync(Id, Me, HttpContext.RequestAborted)))
        {
            StatusMessage = T.F("SubjectRights.Erase.Done", Pseudonym);
            return Redirect("/admin/users");
        }
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var user = await people.FindActiveAsync(Id);
        if (user is null) return false;
        Account = user;
        Pseudonym = erasure.PseudonymFor(Id);
        return true;
    }
}
