using CaseHub.Core.Calendar;
using CaseHub.Core.Committees;
using CaseHub.Core.Exports;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Committees;

/// <summary>The internal case law: every reference decision with its case, date, vote spread and rationale.</summary>
public class CaseLawModel(CaseLawQueries queries, CaseHub.Core.Audit.AuditTrail audit, Exporter exporter) : CommitteePage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public LegalCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public AidType? Aid { get; set; }
    [BindProperty(SupportsGet = true)] public CommitteeDecision? Decision { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    public List<CaseLawEntry> Entries { get; private set; } = [];

    private CaseLawFilter Filter => new(Q?.Trim() is { Length: > 0 } q ? q[..Math.Min(q.Length, 200)] : null, Category, Aid, Decision,
        From is { } f ? CalendarTime.FromLocal(f, TimeOnly.MinValue) : null,
        To is { } t ? CalendarTime.FromLocal(t.AddDays(1), TimeOnly.MinValue) : null);

    public async Task OnGetAsync() => Entries = await queries.SearchAsync(Filter);

    public Task<IActionResult> OnGetCsvAsync() => ExportAsync(ExportFormat.Csv);
    public Task<IActionResult> OnGetXlsxAsync() => ExportAsync(ExportFormat.Xlsx);

    private async Task<IActionResult> ExportAsync(ExportFormat format)
    {
        var file = exporter.Write(queries.ToTable(await queries.SearchAsync(Filter), Lang), format, Lang, "case-law");
        await audit.RecordViewAsync(Me, "Committees.CaseLawExported", "CaseLaw", null);
        return ExportDownload.Page(HttpContext, file);
    }

    private string Filters => string.Concat(Request.Query.Where(kv => kv.Key != "handler")
        .Select(kv => "&" + Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value.ToString())));
    public ExportLinks Export => new("export", "/committees/case-law?handler=csv" + Filters, "/committees/case-law?handler=xlsx" + Filters);
}
