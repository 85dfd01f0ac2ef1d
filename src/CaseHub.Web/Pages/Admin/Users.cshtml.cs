using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Localization;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace CaseHub.Web.Pages.Admin;

public class UsersModel(People people, Core.Accounts.Organisations organisations, AccountService accounts, TimeProvider clock) : CaseHubPageModel
{
    public sealed record Row(Guid Id, string Name, string Email, string? Organisation, string? Service, List<string> Roles, bool Active, bool Locked);

    public List<Row> Rows { get; private set; } = [];
    public List<Organisation> Organisations { get; private set; } = [];

    [BindProperty] public InviteForm Invite { get; set; } = new();

    public sealed class InviteForm
    {
        [Required(ErrorMessage = V.Required), StringLength(254, ErrorMessage = V.Length)] public string Email { get; set; } = "";
        [Required(ErrorMessage = V.Required), StringLength(AppUser.DisplayNameMaxLength, ErrorMessage = V.Length)] public string DisplayName { get; set; } = "";
        [Required(ErrorMessage = V.Required)] public string Language { get; set; } = Languages.Default;
        public Guid? OrganisationId { get; set; }
        public Guid? ServiceId { get; set; }
        public List<string> Roles { get; set; } = [];
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostInviteAsync()
    {
        if (await TryAsync(() => accounts.InviteAsync(new InviteRequest(Invite.Email, Invite.DisplayName, Invite.Language, Invite.OrganisationId, Invite.ServiceId, Invite.Roles) { InvitedBy = Me })))
        {
            StatusMessage = T.F("Admin.Users.Invited", Invite.Email.Trim());
            return RedirectToPage();
        }
        await LoadAsync();
        return Page();
    }

    public IEnumerable<SelectListItem> ServiceOptions() =>
        Organisations.SelectMany(o => o.Services.OrderBy(s => s.Name).Select(s => new SelectListItem($"{o.Name} — {s.Name}", s.Id.ToString())));

    private async Task LoadAsync()
    {
        Organisations = await organisations.ListAsync();
        var now = clock.GetUtcNow();
        Rows = (await people.AccountsAsync())
            .Select(u => new Row(u.Id, u.Name, u.Email, u.Organisation, u.Service, u.Roles.ToList(), u.Active, u.LockoutEnd > now)).ToList();
    }
}
