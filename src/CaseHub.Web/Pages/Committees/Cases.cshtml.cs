using CaseHub.Core.Committees;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Committees;

/// <summary>The library of anonymised exercise cases.</summary>
public class CasesModel(CommitteeQueries queries, ExerciseCaseService cases) : CommitteeOrganiserPage
{
    [BindProperty(SupportsGet = true)] public bool Archived { get; set; }
    public List<ExerciseCase> Rows { get; private set; } = [];
    public Dictionary<Guid, int> UsedIn { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Rows = await queries.CasesAsync(Archived);
        UsedIn = await queries.SessionCountsAsync(Rows.Select(r => r.Id));
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid id, bool archived)
    {
        await cases.SetArchivedAsync(id, archived);
        StatusMessage = T[archived ? "Committees.UI.CaseArchived" : "Committees.UI.CaseRestored"];
        return Redirect("/committees/cases" + (archived ? "" : "?archived=true"));
    }
}
