using System.Globalization;
using CaseHub.Core.Committees;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Committees;

/// <summary>
/// Writes an exercise case. The PII guard runs on every save: each finding is shown in place and blocks the save
/// until it is removed (or masked) or explicitly kept with a reason (audited).
/// </summary>
public class CaseEditModel(CommitteeQueries queries, ExerciseCaseService cases) : CommitteeOrganiserPage
{
    [FromRoute] public Guid? Id { get; set; }
    [BindProperty] public ExerciseCaseInput Form { get; set; } = new();
    public ExerciseCase? Existing { get; private set; }
    public IReadOnlyList<CaseFinding> Findings { get; private set; } = [];
    public bool IsNew => Id is null;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is { } id)
        {
            Existing = await queries.CaseAsync(id, withDetails: true);
            Form = ExerciseCaseInput.From(Existing);
            Findings = await cases.ScanAsync(Form);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadExistingAsync();
        CaseSaveResult? result = null;
        if (await TryAsync(async () => result = await cases.SaveAsync(Id, Form, Me), "Form.") && result!.Saved is { } saved)
        {
            StatusMessage = T["Committees.UI.CaseSaved"];
            return Redirect("/committees/cases/edit/" + saved.Id);
        }
        if (result is not null)
        {
            Findings = result.Findings;
            ModelState.AddModelError("", T["Committees.UI.FindingsBlock"]);
        }
        return Page();
    }

    /// <summary>Replaces every unresolved finding by its masked form; nothing is saved until the author saves.</summary>
    public async Task<IActionResult> OnPostMaskAsync()
    {
        await LoadExistingAsync();
        ModelState.Clear();
        Form = await cases.MaskUnresolvedAsync(Form);
        Findings = await cases.ScanAsync(Form);
        return Page();
    }

    private async Task LoadExistingAsync()
    {
        if (Id is { } id)
            Existing = await queries.CaseAsync(id, withDetails: false);
    }

    /// <summary>The text of a field cut into plain and flagged parts, to show findings in place.</summary>
    public IEnumerable<(string Text, CaseFinding? Finding)> Segments(string field, string? text)
    {
        text ??= "";
        var pos = 0;
        foreach (var f in Findings.Where(f => f.Field == field).OrderBy(f => f.Finding.Start))
        {
            if (f.Finding.End > text.Length || f.Finding.Start < pos) continue;
            if (f.Finding.Start > pos) yield return (text[pos..f.Finding.Start], null);
            yield return (text[f.Finding.Start..f.Finding.End], f);
            pos = f.Finding.End;
        }
        if (pos < text.Length) yield return (text[pos..], null);
    }

    public string FieldLabel(string field)
    {
        var m = System.Text.RegularExpressions.Regex.Match(field, @"^Attachments\[(\d+)\]\.(Title|Text)$");
        if (m.Success) return T.F(m.Groups[2].Value == "Title" ? "Committees.Case.AttachmentTitle" : "Committees.Case.AttachmentText", int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1);
        return T["Committees.Case." + field];
    }

    public string TextOf(string field) => Form.Texts().FirstOrDefault(t => t.Field == field).Text ?? "";
}
