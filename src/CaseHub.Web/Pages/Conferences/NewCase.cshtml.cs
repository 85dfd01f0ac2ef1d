using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Conferences;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>Opens a pseudonymised case (a code, never a name); the PII guard checks the texts before anything is saved.
/// The service is chosen from the organisation's services; the themes already known start the social assessment grid.</summary>
[Authorize(Roles = $"{Roles.Facilitator},{Roles.Administrator}")]
public class NewCaseModel(CaseService cases) : CaseHubPageModel
{
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(ConferenceCase.CodeMaxLength, ErrorMessage = V.Length)] public string Code { get; set; } = "";
    [BindProperty] public Guid? ServiceId { get; set; }
    [BindProperty, StringLength(ConferenceCase.SummaryMaxLength, ErrorMessage = V.Length)] public string? Summary { get; set; }
    [BindProperty] public List<SocialTheme> Themes { get; set; } = [];
    [BindProperty] public bool ConfirmPii { get; set; }

    public List<(Guid Id, string Name, string Organisation)> Services { get; private set; } = [];

    public static readonly SocialTheme[] AllThemes = Enum.GetValues<SocialTheme>();

    public async Task OnGetAsync() => Services = await cases.ServiceChoicesAsync(Me);

    public async Task<IActionResult> OnPostAsync()
    {
        ConferenceCase? created = null;
        if (!await TryAsync(async () => created = await cases.CreateAsync(new CaseInput(Code, ServiceId, Summary) { Themes = Themes, ConfirmPossiblePii = ConfirmPii }, Me)))
        {
            Services = await cases.ServiceChoicesAsync(Me);
            return Page();
        }
        StatusMessage = T["Conference.UI.CaseCreated"];
        return Redirect($"/conferences/cases/{created!.Id}");
    }
}
