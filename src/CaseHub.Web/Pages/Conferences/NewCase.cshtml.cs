using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Conferences;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>Opens a pseudonymised case (a code, never a name); the PII guard checks the texts before anything is saved.</summary>
[Authorize(Roles = $"{Roles.Facilitator},{Roles.Administrator}")]
public class NewCaseModel(CaseService cases) : CaseHubPageModel
{
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(ConferenceCase.CodeMaxLength, ErrorMessage = V.Length)] public string Code { get; set; } = "";
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(ConferenceCase.ServiceMaxLength, ErrorMessage = V.Length)] public string Service { get; set; } = "";
    [BindProperty, StringLength(ConferenceCase.SummaryMaxLength, ErrorMessage = V.Length)] public string? Summary { get; set; }
    [BindProperty] public List<SocialThemes> Themes { get; set; } = [];
    [BindProperty] public bool ConfirmPii { get; set; }

    public static readonly SocialThemes[] AllThemes = Enum.GetValues<SocialThemes>().Where(t => t != SocialThemes.None).ToArray();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        ConferenceCase? created = null;
        var themes = Themes.Aggregate(SocialThemes.None, (a, t) => a | t);
        if (!await TryAsync(async () => created = await cases.CreateAsync(new CaseInput(Code, Service, Summary, themes) { ConfirmPossiblePii = ConfirmPii }, Me)))
            return Page();
        StatusMessage = T["Conference.UI.CaseCreated"];
        return Redirect($"/conferences/cases/{created!.Id}");
    }
}
