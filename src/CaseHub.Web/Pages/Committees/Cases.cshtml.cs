using CaseHub.Core.Committees;
using CaseHub.Core.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Pages.Committees;

/// <summary>The library of anonymised exercise cases.</summary>
public class CasesModel(CaseHubDbContext db, ExerciseCaseService cases) : CommitteeOrganiserPage
{
    [BindProperty(SupportsGet = true)] public bool Archived { get; set; }
    public List<ExerciseCase> Rows { get; private set; } = [];
    public Dictionary<Guid, int> UsedIn { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Rows = await db.ExerciseCases.AsNoTracking().Include(c => c.PiiOverrides).Where(c => c.Archived == Archived).OrderBy(c => c.Code).Take(500).ToListAsync();
        var ids = Rows.Select(r => r.Id).ToList();
        UsedIn = await db.CommitteeSessionCases.Where(c => ids.Contains(c.CaseId)).GroupBy(c => c.CaseId)
            .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N);
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid id, bool archived)
    {
        await cases.SetArchivedAsync(id, archived);
        StatusMessage = T[archived ? "Committees.UI.CaseArchived" : "Committees.UI.CaseRestored"];
        return Redirect("/committees/cases" + (archived ? "" : "?archived=true"));
    }
}
