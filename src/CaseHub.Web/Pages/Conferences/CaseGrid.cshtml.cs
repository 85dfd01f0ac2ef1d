using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Conferences;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>
/// The case's social assessment grid, cell by cell, with its history. CPAS staff on the case fill it here at any time
/// (one form per cell, no script needed); partners read what they may and fill it with the others in a conference's
/// grid phase. A cell saved on an older version is refused: the form keeps what was typed and shows the cell as it is
/// now, with who changed it.
/// </summary>
public class CaseGridModel(CaseService cases, CaseQueries queries, SocialAssessmentService grid, CaseHub.Core.Audit.AuditTrail audit) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }
    public ConferenceCase Case { get; private set; } = null!;
    public CaseGridView Grid { get; private set; } = null!;
    public List<GridHistoryView> History { get; private set; } = [];

    public sealed class ThemeForm
    {
        [StringLength(40, ErrorMessage = V.Length)] public string? Theme { get; set; }
        public int Version { get; set; }
        [StringLength(40, ErrorMessage = V.Length)] public string? Rating { get; set; }
        [StringLength(GridThemeEntry.TextMaxLength, ErrorMessage = V.Length)] public string? Text { get; set; }
        [StringLength(40, ErrorMessage = V.Length)] public string? Visibility { get; set; }
    }
    [BindProperty] public ThemeForm Cell { get; set; } = new();

    public sealed class ActionForm
    {
        public Guid Id { get; set; }
        [StringLength(40, ErrorMessage = V.Length)] public string? Theme { get; set; }
        public int Version { get; set; }
        [StringLength(40, ErrorMessage = V.Length)] public string? Term { get; set; }
        [StringLength(40, ErrorMessage = V.Length)] public string? Owner { get; set; }
        [StringLength(GridAction.TextMaxLength, ErrorMessage = V.Length)] public string? Text { get; set; }
    }
    [BindProperty] public ActionForm Act { get; set; } = new();

    /// <summary>The cell whose form was refused ("theme:Health", "action:{id}", "add:Health"): shown with what was typed.</summary>
    public string? FailedCell { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        await audit.RecordViewAsync(Me, "Conferences.GridViewed", "Case", Id);
    }

    public Task<IActionResult> OnPostThemeAsync() => RunAsync("theme:" + Cell.Theme, async () =>
    {
        var theme = GridRules.ParseTheme(Cell.Theme);
        await grid.SaveThemeAsync(Id, Me, theme, Cell.Version, new GridThemeInput(Cell.Rating, Cell.Text, Cell.Visibility));
        return "theme-" + theme;
    });

    public Task<IActionResult> OnPostRemoveThemeAsync() => RunAsync("theme:" + Cell.Theme, async () =>
    {
        var theme = GridRules.ParseTheme(Cell.Theme);
        await grid.RemoveThemeAsync(Id, Me, theme, Cell.Version);
        return "theme-" + theme;
    });

    public Task<IActionResult> OnPostActionAsync() => RunAsync(Act.Id == Guid.Empty ? "add:" + Act.Theme : "action:" + Act.Id, async () =>
    {
        var theme = GridRules.ParseTheme(Act.Theme);
        // A new action gets its id here (the room's client chooses its own, so a re-sent add is harmless there).
        var id = Act.Id == Guid.Empty ? Guid.CreateVersion7() : Act.Id;
        await grid.SaveActionAsync(Id, Me, id, theme, Act.Id == Guid.Empty ? 0 : Act.Version, new GridActionInput(Act.Term, Act.Owner, Act.Text));
        return "theme-" + theme;
    });

    public Task<IActionResult> OnPostRemoveActionAsync() => RunAsync("action:" + Act.Id, async () =>
    {
        await grid.RemoveActionAsync(Id, Me, Act.Id, Act.Version);
        return "grid-h";
    });

    private async Task<IActionResult> RunAsync(string cell, Func<Task<string>> action)
    {
        await cases.RequireMemberAsync(Id, Me);
        var anchor = "grid-h";
        if (await TryAsync(async () => anchor = await action()))
        {
            StatusMessage = T["Conference.Grid.Saved"];
            return Redirect($"/conferences/cases/{Id}/assessment#{anchor}");
        }
        FailedCell = cell;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Case = await queries.CaseAsync((await cases.RequireMemberAsync(Id, Me)).CaseId);
        Grid = await grid.ViewAsync(Id, Me);
        History = await grid.HistoryAsync(Id, Me);
    }

    /// <summary>What a theme's form shows: what was typed when its save was refused, else the cell as it is.</summary>
    public (string? Rating, string? Text, string Visibility, int Version) ThemeValues(GridThemeView t)
        => FailedCell == "theme:" + t.Theme
            ? (Cell.Rating, Cell.Text, Cell.Visibility ?? t.Visibility, t.Version) // the current version: saving again is deliberate
            : (t.Rating, t.Text, t.Visibility, t.Version);

    public bool Failed(string cell) => FailedCell == cell;

    /// <summary>The failed post was refused for identifying data (its panel shows), not for a stale cell.</summary>
    public bool PiiRefused => PiiGuardForm.Of(HttpContext) is not null;
}
