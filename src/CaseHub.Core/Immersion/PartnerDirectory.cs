using System.Text;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Immersion;

public sealed record DirectoryInput
{
    public string Organisation { get; init; } = "";
    public string? Service { get; init; }
    /// <summary>One per line.</summary>
    public string? Domains { get; init; }
    public string? PublicServed { get; init; }
    public string? Address { get; init; }
    public string? OpeningHours { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    /// <summary>The contact person agreed to be listed; without it no contact is stored.</summary>
    public bool ContactConsent { get; init; }
    public string? Notes { get; init; }
    /// <summary>The Accounts organisation the service belongs to (optional).</summary>
    public Guid? OrganisationId { get; init; }
}

/// <summary>What a partner worker may correct in their own organisation's entries.</summary>
public sealed record DirectoryCorrection
{
    public string? PublicServed { get; init; }
    public string? Address { get; init; }
    public string? OpeningHours { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    /// <summary>Unticked: the contact is removed from the entry.</summary>
    public bool ContactConsent { get; init; }
}

/// <summary>
/// The partner directory (répertoire des partenaires): who does what, for whom, where, with direct contacts when the
/// person agreed. Filled from immersion offers (an offer's contact is listed only when the partner ticked consent) and
/// by the coordinator from debriefs ("useful contacts"). Search, domain filter, exports (<see cref="ImmersionExports.Directory"/>).
/// </summary>
public sealed class PartnerDirectory(CaseHubDbContext db, TimeProvider clock)
{
    /// <summary>Keeps the entry that follows an offer up to date. Does not save (the offer's unit of work does).</summary>
    public async Task FollowOfferAsync(ImmersionOffer offer, CancellationToken ct)
    {
        var entry = await db.PartnerDirectoryEntries.FirstOrDefaultAsync(e => e.SourceOfferId == offer.Id, ct);
        if (entry is null)
        {
            entry = new PartnerDirectoryEntry { SourceOfferId = offer.Id };
            db.PartnerDirectoryEntries.Add(entry);
        }
        entry.Organisation = offer.Organisation;
        // Link to the Accounts organisation of the same name, unless one is already linked (the coordinator's pick wins).
        if (entry.OrganisationId is null)
        {
            var name = offer.Organisation.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // EF Core translates string.ToLower() to SQL lower(); the culture and StringComparison overloads do not translate
            entry.OrganisationId = await db.Organisations.Where(o => o.Name.ToLower() == name)
#pragma warning restore CA1304, CA1311, CA1862
                .OrderByDescending(o => o.Kind == Accounts.OrganisationKind.Partner).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
        }
        entry.Service = offer.Host == ImmersionHost.Cpas ? offer.Organisation : offer.Title;
        var domains = entry.DomainList.Append(offer.Domain).Distinct(StringComparer.OrdinalIgnoreCase);
        entry.Domains = Clip(string.Join('\n', domains), ImmersionCampaign.DomainsMaxLength);
        if (offer.PublicServed.Length > 0) entry.PublicServed = Clip(offer.PublicServed, PartnerDirectoryEntry.TextMaxLength);
        entry.Address = Clip(offer.Address, PartnerDirectoryEntry.TextMaxLength);
        // Contacts only with consent; withdrawing consent removes them.
        entry.ContactName = offer.DirectoryConsent ? offer.ContactName : null;
        entry.ContactEmail = offer.DirectoryConsent ? offer.ContactEmail : null;
        entry.ContactPhone = offer.DirectoryConsent ? offer.ContactPhone : null;
        entry.UpdatedAt = clock.GetUtcNow();
    }

    public async Task<PartnerDirectoryEntry> SaveAsync(Guid? id, DirectoryInput input, CancellationToken ct = default)
    {
        PartnerDirectoryEntry entry;
        if (id is { } x) entry = await db.PartnerDirectoryEntries.FirstOrDefaultAsync(e => e.Id == x, ct) ?? throw DomainException.NotFound();
        else db.PartnerDirectoryEntries.Add(entry = new PartnerDirectoryEntry());
        const int max = PartnerDirectoryEntry.TextMaxLength;
        entry.Organisation = Validation.RequireText(input.Organisation, ImmersionPartner.OrganisationMaxLength, "Organisation");
        entry.Service = Validation.RequireText(input.Service, ImmersionPartner.OrganisationMaxLength, "Service", required: false);
        var domains = (input.Domains ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase);
        entry.Domains = Validation.RequireText(string.Join('\n', domains), ImmersionCampaign.DomainsMaxLength, "Domains", required: false);
        entry.PublicServed = Validation.RequireText(input.PublicServed, max, "PublicServed", required: false);
        entry.Address = Validation.RequireText(input.Address, max, "Address", required: false);
        entry.OpeningHours = Validation.RequireText(input.OpeningHours, max, "OpeningHours", required: false);
        entry.Notes = Validation.RequireText(input.Notes, 4000, "Notes", required: false);
        if (input.OrganisationId is { } orgId && !await db.Organisations.AnyAsync(o => o.Id == orgId, ct))
            throw new DomainException("Immersion.Error.UnknownOrganisation") { Field = "OrganisationId" };
        entry.OrganisationId = input.OrganisationId;
        SetContact(entry, input.ContactName, input.ContactEmail, input.ContactPhone, input.ContactConsent);
        entry.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return entry;
    }

    /// <summary>
    /// A partner worker corrects one of their own organisation's entries (public served, address, opening hours, contact
    /// and its consent). Another organisation's entry, or an unlinked one, is 404: it is not theirs to know about as
    /// editable. Saves.
    /// </summary>
    public async Task<PartnerDirectoryEntry> CorrectAsync(Guid id, DirectoryCorrection input, Guid? editorOrganisationId, CancellationToken ct = default)
    {
        var entry = await db.PartnerDirectoryEntries.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw DomainException.NotFound();
        if (editorOrganisationId is null || entry.OrganisationId != editorOrganisationId) throw DomainException.NotFound();
        const int max = PartnerDirectoryEntry.TextMaxLength;
        entry.PublicServed = Validation.RequireText(input.PublicServed, max, "PublicServed", required: false);
        entry.Address = Validation.RequireText(input.Address, max, "Address", required: false);
        entry.OpeningHours = Validation.RequireText(input.OpeningHours, max, "OpeningHours", required: false);
        SetContact(entry, input.ContactName, input.ContactEmail, input.ContactPhone, input.ContactConsent);
        entry.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return entry;
    }

    /// <summary>Whether the user's organisation may correct the entry (the page shows the form only then).</summary>
    public static bool CanCorrect(PartnerDirectoryEntry entry, Guid? editorOrganisationId)
        => editorOrganisationId is not null && entry.OrganisationId == editorOrganisationId;

    /// <summary>Contacts only with consent: a contact without consent is refused; no contact at all clears them.</summary>
    private static void SetContact(PartnerDirectoryEntry entry, string? name, string? email, string? phone, bool consent)
    {
        var hasContact = !string.IsNullOrWhiteSpace(name) || !string.IsNullOrWhiteSpace(email) || !string.IsNullOrWhiteSpace(phone);
        if (hasContact && !consent) throw new DomainException("Immersion.Error.ContactConsent") { Field = "ContactConsent" };
        entry.ContactName = hasContact ? Null(Validation.RequireText(name, 100, "ContactName", required: false)) : null;
        entry.ContactEmail = hasContact && !string.IsNullOrWhiteSpace(email) ? Validation.RequireEmail(email, "ContactEmail") : null;
        entry.ContactPhone = hasContact ? Null(Validation.RequireText(phone, ImmersionOffer.PhoneMaxLength, "ContactPhone", required: false)) : null;
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct = default)
    {
        var entry = await db.PartnerDirectoryEntries.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw DomainException.NotFound();
        db.PartnerDirectoryEntries.Remove(entry);
        await db.SaveChangesAsync(ct);
    }

    public Task<PartnerDirectoryEntry?> FindAsync(Guid id, CancellationToken ct = default)
        => db.PartnerDirectoryEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);

    /// <summary>Entries matching every word of <paramref name="query"/> (organisation, service, public, address, domains, notes), the domain and the linked organisation.</summary>
    public async Task<List<PartnerDirectoryEntry>> SearchAsync(string? query, string? domain, Guid? organisationId = null, CancellationToken ct = default)
    {
        var rows = db.PartnerDirectoryEntries.AsNoTracking();
        if (organisationId is { } org) rows = rows.Where(e => e.OrganisationId == org);
        var all = await rows.OrderBy(e => e.Organisation).ThenBy(e => e.Service).Take(5000).ToListAsync(ct);
        var words = (query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return all.Where(e =>
                (string.IsNullOrWhiteSpace(domain) || e.DomainList.Contains(domain.Trim(), StringComparer.OrdinalIgnoreCase))
                && words.All(w => Haystack(e).Contains(Fold(w), StringComparison.Ordinal)))
            .ToList();
    }

    /// <summary>The Accounts organisations (id → name), partners first: the filter, the coordinator's pick, the export.</summary>
    public async Task<List<(Guid Id, string Name, bool Partner)>> OrganisationsAsync(CancellationToken ct = default)
        => (await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name, o.Kind }).ToListAsync(ct))
            .OrderByDescending(o => o.Kind == Accounts.OrganisationKind.Partner).ThenBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(o => (o.Id, o.Name, o.Kind == Accounts.OrganisationKind.Partner)).ToList();

    public async Task<List<string>> DomainsAsync(CancellationToken ct = default)
        => (await db.PartnerDirectoryEntries.AsNoTracking().Select(e => e.Domains).ToListAsync(ct))
            .SelectMany(d => d.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

    private static string Haystack(PartnerDirectoryEntry e) => Fold($"{e.Organisation} {e.Service} {e.PublicServed} {e.Address} {e.Domains} {e.Notes}");

    /// <summary>Case- and accent-insensitive ("medecin" finds "Médecin").</summary>
    private static string Fold(string s)
    {
        var d = s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var ch in d)
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.NonSpacingMark) sb.Append(char.ToLowerInvariant(ch));
        return sb.ToString();
    }

    private static string Clip(string s, int max) => s.Length > max ? s[..max] : s;
    private static string? Null(string s) => s.Length == 0 ? null : s;
}
