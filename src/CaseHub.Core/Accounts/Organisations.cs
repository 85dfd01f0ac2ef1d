using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Accounts;

/// <summary>The CPAS and partner organisations with their services (teams): what the lists show, and the administrator's additions.</summary>
public sealed class Organisations(CaseHubDbContext db)
{
    /// <summary>Every organisation with its services, by name.</summary>
    public Task<List<Organisation>> ListAsync(CancellationToken ct = default)
        => db.Organisations.AsNoTracking().Include(o => o.Services).OrderBy(o => o.Name).ToListAsync(ct);

    /// <summary>Every organisation with its services, CPAS first, then by name.</summary>
    public Task<List<Organisation>> ListByKindAsync(CancellationToken ct = default)
        => db.Organisations.AsNoTracking().Include(o => o.Services).OrderBy(o => o.Kind).ThenBy(o => o.Name).ToListAsync(ct);

    /// <summary>The organisation with its services, or null.</summary>
    public Task<Organisation?> FindAsync(Guid id, CancellationToken ct = default)
        => db.Organisations.AsNoTracking().Include(o => o.Services).FirstOrDefaultAsync(o => o.Id == id, ct);

    /// <summary>Names by id.</summary>
    public Task<Dictionary<Guid, string>> NamesAsync(CancellationToken ct = default)
        => db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);

    /// <summary>The partner organisations, by name in the reader's culture (case-insensitive).</summary>
    public async Task<List<(Guid Id, string Name)>> PartnersAsync(CancellationToken ct = default)
        => (await db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.Partner).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .OrderBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase).Select(o => (o.Id, o.Name)).ToList();

    /// <summary>Whether an organisation already has this name (as typed, trimmed).</summary>
    public Task<bool> ExistsAsync(string name, CancellationToken ct = default)
    {
        var trimmed = name.Trim();
        return db.Organisations.AnyAsync(o => o.Name == trimmed, ct);
    }

    /// <summary>Adds an organisation (the caller checked the name). Saves.</summary>
    public async Task<Organisation> CreateAsync(string name, OrganisationKind kind, CancellationToken ct = default)
    {
        var organisation = new Organisation { Name = name.Trim(), Kind = kind };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(ct);
        return organisation;
    }

    /// <summary>Adds a service (team) to an organisation, with its lead if any (the caller checked both). Saves.</summary>
    public async Task<Service> AddServiceAsync(Guid organisationId, string name, Guid? leadUserId, CancellationToken ct = default)
    {
        var service = new Service { OrganisationId = organisationId, Name = name.Trim(), LeadUserId = leadUserId };
        db.Services.Add(service);
        await db.SaveChangesAsync(ct);
        return service;
    }
}
