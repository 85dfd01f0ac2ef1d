using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Admin;

/// <summary>CPAS and partner organisations, their services (teams) and team leads.</summary>
public class OrganisationsModel(Core.Accounts.Organisations organisations, People people) : CaseHubPageModel
{
    public List<Organisation> Organisations { get; private set; } = [];
    public Dictionary<Guid, string> UserNames { get; private set; } = [];
    public List<AppUser> OrganisationUsers { get; private set; } = [];

    [BindProperty, Required(ErrorMessage = V.Required), StringLength(Organisation.NameMaxLength, ErrorMessage = V.Length)]
    public string Name { get; set; } = "";
    [BindProperty] public OrganisationKind Kind { get; set; }
    [BindProperty] public Guid OrganisationId { get; set; }
    [BindProperty] public Guid? LeadUserId { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostOrganisationAsync()
    {
        if (!Enum.IsDefined(Kind)) ModelState.AddModelError(nameof(Kind), T["Error.InvalidValue"]);
        if (ModelState.IsValid && await organisations.ExistsAsync(Name))
            ModelState.AddModelError(nameof(Name), T["Admin.Organisations.Exists"]);
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        await organisations.CreateAsync(Name, Kind);
        StatusMessage = T["Common.Saved"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostServiceAsync()
    {
        var org = await organisations.FindAsync(OrganisationId);
        if (org is null) ModelState.AddModelError("", T["Accounts.Error.UnknownOrganisation"]);
        else if (ModelState.IsValid && org.Services.Any(s => s.Name == Name.Trim()))
            ModelState.AddModelError(nameof(Name), T["Admin.Organisations.ServiceExists"]);
        if (LeadUserId is { } lead && !await people.BelongsToAsync(lead, OrganisationId))
            ModelState.AddModelError(nameof(LeadUserId), T["Admin.Organisations.LeadNotMember"]);
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        await organisations.AddServiceAsync(org!.Id, Name, LeadUserId);
        StatusMessage = T["Common.Saved"];
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Organisations = await organisations.ListByKindAsync();
        OrganisationUsers = await people.WithOrganisationAsync();
        UserNames = OrganisationUsers.ToDictionary(u => u.Id, u => u.DisplayName);
    }
}
