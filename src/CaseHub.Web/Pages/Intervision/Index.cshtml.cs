using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Intervision;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Intervision;

/// <summary>My intervision teams and my next sessions; facilitators create a team here.</summary>
[Authorize(Roles = IntervisionAccess.StaffRoles)]
public class IndexModel(IntervisionQueries queries, People people, Organisations organisations, IntervisionTeams teams, TimeProvider clock) : CaseHubPageModel
{
    public List<IntervisionTeam> Teams { get; private set; } = [];
    public List<NextIntervisionSession> Upcoming { get; private set; } = [];
    /// <summary>The colleagues to choose from: by organisation, service and role with a search, nobody preselected.</summary>
    public PeoplePickerModel? Picker { get; private set; }
    [BindProperty(SupportsGet = true)] public PeoplePickerQuery Pick { get; set; } = new();
    public bool CanOrganise => IntervisionAccess.OrganiserRoles.Any(User.IsInRole);

    [BindProperty, Required(ErrorMessage = V.Required), StringLength(IntervisionTeam.NameMaxLength, ErrorMessage = V.Length)] public string Name { get; set; } = "";
    [BindProperty] public List<Guid> Members { get; set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CanOrganise) return Forbid();
        IntervisionTeam? team = null;
        if (!await TryAsync(async () => team = await teams.CreateTeamAsync(Name, Me, Members)))
        {
            await LoadAsync();
            return Page();
        }
        StatusMessage = T["Intervision.Team.Created"];
        return Redirect($"/intervision/teams/{team!.Id}");
    }

    private async Task LoadAsync()
    {
        Teams = await teams.MyTeamsAsync(Me);
        Upcoming = await queries.NextSessionsAsync(Me, clock.GetUtcNow().AddHours(-4));
        if (CanOrganise)
        {
            var (found, more) = await people.DirectoryAsync(Pick.ToFilter(), except: [Me]);
            Picker = new PeoplePickerModel
            {
                Id = "team-people", FormId = "new-team-form", FieldName = "Members", Action = "/intervision", Legend = T["Intervision.Team.Members"],
                People = found, More = more, Organisations = await organisations.ListByKindAsync(), Query = Pick, Multiple = true, ChosenMany = Members,
            };
        }
    }
}
