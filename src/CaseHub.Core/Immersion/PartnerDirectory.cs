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
        var hasContact = !string.IsNullOrWhiteSpace(input.ContactName) || !string.IsNullOrWhiteSpace(input.ContactEmail) || !string.IsNullOrWhiteSpace(input.ContactPhone);
        if (hasContact && !input.ContactConsent) throw new DomainException("Immersion.Error.ContactConsent") { Field = "ContactConsent" };
        entry.ContactName = hasContact ? Null(Validation.RequireText(input.ContactName, 100, "ContactName", required: false)) : null;
        entry.ContactEmail = hasContact && !string.IsNullOrWhiteSpace(input.ContactEmail) ? Validation.RequireEmail(input.ContactEmail, "ContactEmail") : null;
        entry.ContactPhone = hasContact ? Null(Validation.RequireText(input.ContactPhone, ImmersionOffer.PhoneMaxLength, "ContactPhone", required: false)) : null;
        entry.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return entry;
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct = default)
    {
        var entry = await db.PartnerDirectoryEntries.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw DomainException.NotFound();
        db.PartnerDirectoryEntries.Remove(entry);
        await db.SaveChangesAsync(ct);
    }

    public Task<PartnerDirectoryEntry?> FindAsync(Guid id, CancellationToken ct = default)
        => db.PartnerDirectoryEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);

    /// <summary>Entries matching every word of <paramref name="query"/> (organisation, service, public, address, domains, notes) and the domain.</summary>
    public async Task<List<PartnerDirectoryEntry>> SearchAsync(string? query, string? domain, CancellationToken ct = default)
    {
        var all = await db.PartnerDirectoryEntries.AsNoTracking().OrderBy(e => e.Organisation).ThenBy(e => e.Service).Take(5000).ToListAsync(ct);
        var words = (query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return all.Where(e =>
                (string.IsNullOrWhiteSpace(domain) || e.DomainList.Contains(domain.Trim(), StringComparer.OrdinalIgnoreCase))
                && words.All(w => Haystack(e).Contains(Fold(w), StringComparison.Ordinal)))
            .ToList();
    }

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
