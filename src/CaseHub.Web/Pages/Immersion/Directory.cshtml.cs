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
/// notes are shown to CPAS staff only. Entries link to an Accounts organisation: the directory filters by it (the
/// organisation's section lists all its services), and a partner worker may correct their own organisation's entries
/// (public served, address, opening hours, contact and consent) — anyone else's is 404.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Facilitator + "," + Roles.SocialWorker + "," + Roles.InsertionAgent + "," + Roles.CommitteeMember + "," + Roles.Coordinator + "," + Roles.PartnerWorker)]
public class DirectoryModel(PartnerDirectory directory, People people, CaseHub.Core.Audit.AuditTrail audit, Exporter exporter) : ImmersionPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Domain { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }
    /// <summary>The organisation filter (its section lists its services).</summary>
    [BindProperty(SupportsGet = true)] public Guid? Org { get; set; }
    [BindProperty] public DirectoryInput Form { get; set; } = new();
    [BindProperty] public DirectoryCorrection Correction { get; set; } = new();

    public List<PartnerDirectoryEntry> Entries { get; private set; } = [];
    public List<string> Domains { get; private set; } = [];
    public List<(Guid Id, string Name, bool Partner)> Organisations { get; private set; } = [];
    public Dictionary<Guid, string> OrganisationNames { get; private set; } = [];
    /// <summary>A partner worker's organisation: the entries linked to it are theirs to correct.</summary>
    public Guid? MyOrganisation { get; private set; }
    /// <summary>The entry a partner worker is correcting (shown with the correction form).</summary>
    public PartnerDirectoryEntry? Correcting { get; private set; }
    public bool CanCorrect(PartnerDirectoryEntry e) => PartnerDirectory.CanCorrect(e, MyOrganisation);
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
                ContactConsent = e.ContactName is not null || e.ContactEmail is not null, Notes = e.Notes, OrganisationId = e.OrganisationId,
            };
        else if (Edit is { } cid && await directory.FindAsync(cid, ct) is { } c && CanCorrect(c))
        {
            Correcting = c;
            Correction = new DirectoryCorrection
            {
                PublicServed = c.PublicServed, Address = c.Address, OpeningHours = c.OpeningHours, ContactName = c.ContactName,
                ContactEmail = c.ContactEmail, ContactPhone = c.ContactPhone, ContactConsent = c.ContactName is not null || c.ContactEmail is not null,
            };
        }
    }

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync(ExportFormat.Csv, ct);
    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => ExportAsync(ExportFormat.Xlsx, ct);

    /// <summary>The directory as searched, headers in the reader's language; contacts are personal data, so audited.</summary>
    private async Task<IActionResult> ExportAsync(ExportFormat format, CancellationToken ct)
    {
        var entries = await directory.SearchAsync(Q, Domain, Org, ct);
        var names = (await directory.OrganisationsAsync(ct)).ToDictionary(o => o.Id, o => o.Name);
        var file = exporter.Write(ImmersionExports.Directory(entries, names), format, Lang, "partner-directory");
        await audit.RecordViewAsync(Me, "Immersion.DirectoryExported", "PartnerDirectory", null, ct);
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

    /// <summary>A partner worker corrects one of their own organisation's entries (404 for anyone else's or another role).</summary>
    public async Task<IActionResult> OnPostCorrectAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.PartnerWorker) || Edit is not { } id) throw Core.Common.DomainException.NotFound();
        await LoadAsync(ct);
        var entry = await directory.FindAsync(id, ct);
        if (entry is null || !CanCorrect(entry)) throw Core.Common.DomainException.NotFound();
        if (await TryAsync(() => directory.CorrectAsync(id, Correction, MyOrganisation, ct), "Correction."))
        {
            StatusMessage = T["Immersion.Directory.Corrected"];
            return Redirect("/immersion/directory?org=" + entry.OrganisationId);
        }
        Correcting = entry;
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
        Entries = await directory.SearchAsync(Q, Domain, Org, ct);
        Domains = await directory.DomainsAsync(ct);
        Organisations = await directory.OrganisationsAsync(ct);
        OrganisationNames = Organisations.ToDictionary(o => o.Id, o => o.Name);
        if (User.IsInRole(Roles.PartnerWorker))
            MyOrganisation = await people.OrganisationOfAsync(Me, ct);
    }

    private string Filters => (string.IsNullOrWhiteSpace(Q) ? "" : "&q=" + Uri.EscapeDataString(Q)) + (string.IsNullOrWhiteSpace(Domain) ? "" : "&domain=" + Uri.EscapeDataString(Domain))
        + (Org is { } o ? "&org=" + o : "");
    public ExportLinks Export => new("directory", "/immersion/directory?handler=Csv" + Filters, "/immersion/directory?handler=Xlsx" + Filters);
}
