using CaseHub.Core.Accounts;
using CaseHub.Core.Exports;
using CaseHub.Web.Infrastructure;
using CaseHub.Core.Immersion;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// The partner directory for CPAS staff: search (accent-insensitive), filter by domain, CSV export. Coordinators add and
/// edit entries (e.g. the useful contacts gathered in debriefs). Partner workers read it too (reciprocity: they orient
/// people towards each other): contacts are only ever stored with the person's consent, and the coordinators' internal
/// notes are shown to CPAS staff only.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Facilitator + "," + Roles.SocialWorker + "," + Roles.InsertionAgent + "," + Roles.CommitteeMember + "," + Roles.Coordinator + "," + Roles.PartnerWorker)]
public class DirectoryModel(PartnerDirectory directory, CaseHub.Core.Data.CaseHubDbContext db, CaseHub.Core.Audit.AuditLog audit, Exporter exporter) : ImmersionPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Domain { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }
    [BindProperty] public DirectoryInput Form { get; set; } = new();

    public List<PartnerDirectoryEntry> Entries { get; private set; } = [];
    public List<string> Domains { get; private set; } = [];
    public bool Coordinator => IsCoordinator;
    /// <summary>CPAS staff see the coordinators' notes; a partner worker (with no CPAS role) does not.</summary>
    public bool Staff => new[] { Roles.Administrator, Roles.Facilitator, Roles.SocialWorker, Roles.InsertionAgent, Roles.CommitteeMember, Roles.Coordinator }.Any(User.IsInRole);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Edit is { } id && IsCoordinator && await directory.FindAsync(id, ct) is { } e)
            Form = new DirectoryInput
            {
                Organisation = e.Organisation, Service = e.Service, Domains = e.Domains, PublicServed = e.PublicServed, Address = e.Address,
                OpeningHours = e.OpeningHours, ContactName = e.ContactName, ContactEmail = e.ContactEmail, ContactPhone = e.ContactPhone,
                ContactConsent = e.ContactName is not null || e.ContactEmail is not null, Notes = e.Notes,
            };
    }

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync(ExportFormat.Csv, ct);
    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => ExportAsync(ExportFormat.Xlsx, ct);

    /// <summary>The directory as searched, headers in the reader's language; contacts are personal data, so audited.</summary>
    private async Task<IActionResult> ExportAsync(ExportFormat format, CancellationToken ct)
    {
        var entries = await directory.SearchAsync(Q, Domain, ct);
        var file = exporter.Write(ImmersionExports.Directory(entries), format, Lang, "partner-directory");
        await audit.RecordViewAsync(db, Me, "Immersion.DirectoryExported", "PartnerDirectory", null, ct);
        return ExportDownload.Page(HttpContext, file);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        RequireCoordinator();
        if (await TryAsync(() => directory.SaveAsync(Edit, Form with { Domains = Form.Domains?.Replace("\r", "") }, ct), "Form."))
        {
            StatusMessage = T["Immersion.UI.Saved"];
            return Redirect("/immersion/directory");
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid entryId, CancellationToken ct)
    {
        RequireCoordinator();
        await directory.DeleteAsync(entryId, ct);
        StatusMessage = T["Immersion.Directory.Deleted"];
        return Redirect("/immersion/directory");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Entries = await directory.SearchAsync(Q, Domain, ct);
        Domains = await directory.DomainsAsync(ct);
    }

    private string Filters => (string.IsNullOrWhiteSpace(Q) ? "" : "&q=" + Uri.EscapeDataString(Q)) + (string.IsNullOrWhiteSpace(Domain) ? "" : "&domain=" + Uri.EscapeDataString(Domain));
    public ExportLinks Export => new("directory", "/immersion/directory?handler=Csv" + Filters, "/immersion/directory?handler=Xlsx" + Filters);
}
