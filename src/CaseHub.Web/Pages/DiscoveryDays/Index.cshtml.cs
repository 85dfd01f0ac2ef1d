using CaseHub.Core.DiscoveryDays;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.DiscoveryDays;

/// <summary>The organiser's list of days with their counts.</summary>
public class IndexModel(DiscoveryDayService days, CaseHub.Core.Exports.Exporter exporter) : OrganiserPage
{
    [BindProperty(SupportsGet = true)] public bool Past { get; set; }
    public IReadOnlyList<DiscoveryDayRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await days.ListAsync(Past, ct);

    // The list with its counts (no personal data, so no audit entry).
    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync(CaseHub.Core.Exports.ExportFormat.Csv, ct);
    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => ExportAsync(CaseHub.Core.Exports.ExportFormat.Xlsx, ct);

    private async Task<IActionResult> ExportAsync(CaseHub.Core.Exports.ExportFormat format, CancellationToken ct)
    {
        var table = DiscoveryExports.Days(await days.ListAsync(Past, ct), T, Lang);
        return CaseHub.Web.Infrastructure.ExportDownload.Page(HttpContext, exporter.Write(table, format, Lang, Past ? "discovery-days-past" : "discovery-days"));
    }

    public CaseHub.Web.Infrastructure.ExportLinks Export => new("days", "/organise/discovery-days?handler=Csv" + (Past ? "&past=true" : ""),
        "/organise/discovery-days?handler=Xlsx" + (Past ? "&past=true" : ""));
}
