using CaseHub.Core.Calendar;
using CaseHub.Core.Exports;
using CaseHub.Core.Localization;

namespace CaseHub.Core.Conferences;

/// <summary>
/// One case for a spreadsheet, as its reader may see it: the social assessment grid (themes and actions), the documents
/// already provided, and the thread. The same rules as the page (<see cref="VisibilityRules"/>): a partner's file has no
/// CPAS-only cell or message. The page checks membership and records the export in the audit trail.
/// </summary>
public sealed class CaseExport(CaseService cases, SocialAssessmentService grid, CaseDocumentService documents, DocumentTypeCatalog types,
    CaseThreadService thread, TextCatalog texts)
{
    public static ExportTable NewTable()
        => new("Conference.Export.CaseSheet",
            new("Conference.Export.Section"), new("Conference.Export.Subject"), new("Conference.Export.Detail"), new("Conference.Export.Who"),
            new("Conference.Export.Text"), new("Conference.Export.Visibility"), new("Conference.Export.Date", ExportKind.Date),
            new("Conference.Export.ValidUntil", ExportKind.Date), new("Conference.Export.By"));

    public async Task<ExportTable> BuildAsync(Guid caseId, Guid userId, string language, CancellationToken ct = default)
    {
        var l = Languages.Normalize(language);
        string T(string key) => texts.Get(key, l);
        var viewer = await cases.ViewerAsync(caseId, userId, ct);
        var table = NewTable();

        var view = await grid.ViewAsync(caseId, userId, ct: ct);
        foreach (var t in view.Themes.Where(t => t.Present && !t.Restricted))
        {
            var theme = T("Conference.Theme." + t.Theme);
            table.Add(T("Conference.Grid.Title"), theme, t.Rating is { } r ? T("Conference.Grid.Rating." + r) : T("Conference.Grid.NotRated"), null, t.Text,
                T("Conference.Visibility." + t.Visibility), t.UpdatedAt is { } at ? CalendarTime.LocalDate(at) : null, null, t.UpdatedBy);
            foreach (var a in t.Actions)
                table.Add(T("Conference.Export.GridAction"), theme, T("Conference.Grid.Term." + a.Term), T("Conference.Grid.Owner." + a.Owner), a.Text,
                    T("Conference.Visibility." + t.Visibility), CalendarTime.LocalDate(a.UpdatedAt), null, a.UpdatedBy);
        }
        foreach (var d in await documents.ForCaseAsync(caseId, userId, ct))
            table.Add(T("Conference.Documents.Title"), types.Label(d.TypeKey, l), T("Conference.Documents.State." + d.State), d.ServiceName, null,
                T("Conference.Visibility.AllParticipants"), d.ProvidedOn, d.ValidUntil, d.AddedBy);
        foreach (var m in await thread.VisibleAsync(caseId, viewer, ct))
            table.Add(T("Conference.Thread.Title"), T("Conference.Thread.Kind." + m.Kind), m.Mentioned.Count > 0 ? string.Join(", ", m.Mentioned.Select(n => "@" + n)) : null, null,
                m.Text, T("Conference.Visibility." + m.Visibility), CalendarTime.LocalDate(m.CreatedAt), null, m.AuthorName);
        return table;
    }
}
