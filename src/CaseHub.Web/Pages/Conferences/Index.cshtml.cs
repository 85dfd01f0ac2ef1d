using CaseHub.Core.Conferences;
using CaseHub.Core.Exports;
using Microsoft.AspNetCore.Mvc;
using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>Case conferences: the facilitator's dashboard and the cases the user works on (members only).</summary>
public class IndexModel(CaseService cases, CaseTimeline timeline, OrientationCatalog orientations, ConferenceExports exports, Exporter exporter,
    CaseHub.Core.Audit.AuditTrail audit) : CaseHubPageModel
{
    public List<ConferenceCase> Cases { get; private set; } = [];
    public FacilitatorDashboard? Dashboard { get; private set; }
    public bool IsFacilitator => CaseService.FacilitatorRoles.Any(User.IsInRole);
    public string OrientationLabel(string? key) => orientations.Label(key, Lang);

    private Dictionary<Guid, string> _services = [];

    /// <summary>The case's service (or the free text it had before services were chosen from a list).</summary>
    public string ServiceOf(ConferenceCase c) => c.ServiceId is { } id ? _services.GetValueOrDefault(id, "—") : c.LegacyService ?? "—";

    public async Task OnGetAsync()
    {
        Cases = await cases.CasesForAsync(Me);
        _services = await cases.ServiceNamesAsync(Cases);
        if (IsFacilitator) Dashboard = await timeline.DashboardAsync(Me);
    }

    public Task<IActionResult> OnGetActionsCsvAsync(CancellationToken ct) => ExportActionsAsync(ExportFormat.Csv, ct);
    public Task<IActionResult> OnGetActionsXlsxAsync(CancellationToken ct) => ExportActionsAsync(ExportFormat.Xlsx, ct);

    /// <summary>The action items of the caller's own cases (membership decides, as on each case page); audited.</summary>
    private async Task<IActionResult> ExportActionsAsync(ExportFormat format, CancellationToken ct)
    {
        var file = exporter.Write(await exports.ActionsAsync(Me, Lang, ct: ct), format, Lang, "conference-actions");
        await audit.RecordViewAsync(Me, "Conferences.ActionsExported", "ConferenceActions", null, ct);
        return ExportDownload.Page(HttpContext, file);
    }

    public ExportLinks ActionsExport => new("actions", "/conferences?handler=ActionsCsv", "/conferences?handler=ActionsXlsx", T["Conference.Export.Title"]);
}
