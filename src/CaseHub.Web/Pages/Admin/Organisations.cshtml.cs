using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Data;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Pages.Admin;

/// <summary>CPAS and partner organisations, their services (teams) and team leads.</summary>
public class OrganisationsModel(CaseHubDbContext db) : CaseHubPageModel
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
        if (ModelState.IsValid && await db.Organisations.AnyAsync(o => o.Name == Name.Trim()))
            ModelState.AddModelError(nameof(Name), T["Admin.Organisations.Exists"]);
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        db.Organisations.Add(new Organisation { Name = Name.Trim(), Kind = Kind });
        await db.SaveChangesAsync();
        StatusMessage = T["Common.Saved"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostServiceAsync()
    {
        var org = await db.Organisations.Include(o => o.Services).FirstOrDefaultAsync(o => o.Id == OrganisationId);
        if (org is null) ModelState.AddModelError("", T["Accounts.Error.UnknownOrganisation"]);
        else if (ModelState.IsValid && org.Services.Any(s => s.Name == Name.Trim()))
            ModelState.AddModelError(nameof(Name), T["Admin.Organisations.ServiceExists"]);
        if (LeadUserId is { } lead && !await db.Users.AnyAsync(u => u.Id == lead && u.OrganisationId == OrganisationId))
            ModelState.AddModelError(nameof(LeadUserId), T["Admin.Organisations.LeadNotMember"]);
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        org!.Services.Add(new Service { Name = Name.Trim(), LeadUserId = LeadUserId });
        await db.SaveChangesAsync();
        StatusMessage = T["Common.Saved"];
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Organisations = await db.Organisations.Include(o => o.Services).OrderBy(o => o.Kind).ThenBy(o => o.Name).ToListAsync();
        OrganisationUsers = await db.Users.Where(u => u.ErasedAt == null && u.OrganisationId != null).OrderBy(u => u.DisplayName).ToListAsync();
        UserNames = OrganisationUsers.ToDictionary(u => u.Id, u => u.DisplayName);
    }
}
