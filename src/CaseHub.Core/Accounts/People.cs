using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Accounts;

/// <summary>A person as a list, a mail or a name tag needs them (an erased person carries their pseudonym).</summary>
public sealed record Person(Guid Id, string Name, string? Email, string Language);

/// <summary>What a people picker filters on; every part is optional.</summary>
public sealed record PeopleFilter(Guid? OrganisationId = null, Guid? ServiceId = null, string? Role = null, string? Search = null)
{
    /// <summary>Who may be picked at all (holders of at least one of these roles); null: everyone.</summary>
    public IReadOnlyCollection<string>? Eligible { get; init; }
}

/// <summary>A person as a people picker lists them: where they work and what they do.</summary>
public sealed record DirectoryPerson(Guid Id, string Name, Guid? OrganisationId, string? Organisation, Guid? ServiceId, string? Service, IReadOnlyList<string> Roles);

/// <summary>One line of the administrators' account list.</summary>
public sealed record AccountSummary(Guid Id, string Name, string Email, string? Organisation, string? Service, IReadOnlyList<string> Roles,
    bool Active, DateTimeOffset? LockoutEnd);

/// <summary>
/// Who is who: the one place that reads people with their roles, organisations and teams (Identity's user and role
/// tables). "Active" means not erased; lists of active people are ordered by display name. Every read is without
/// tracking; writes (invitations, roles, erasure) stay with <see cref="AccountService"/> and Identity's user manager.
/// <para>Roles: a person holds one or more of <see cref="Roles.All"/>. <b>Staff</b> holds a CPAS role
/// (<see cref="Roles.Staff"/>); <b>partner-only</b> holds <see cref="Roles.PartnerWorker"/> and nothing else, and signs
/// in by link. An erased person holds no role any more.</para>
/// </summary>
public sealed class People(CaseHubDbContext db)
{
    // ------------------------------------------------------------------ one person

    /// <summary>The person, erased or not (e.g. the signed-in user); throws when the id is unknown.</summary>
    public Task<AppUser> GetAsync(Guid id, CancellationToken ct = default)
        => db.Users.AsNoTracking().FirstAsync(u => u.Id == id, ct);

    /// <summary>The active person, or null when unknown or erased.</summary>
    public Task<AppUser?> FindActiveAsync(Guid id, CancellationToken ct = default)
        => db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.ErasedAt == null, ct);

    /// <summary>The organisation the person belongs to, if any (null too for an unknown id).</summary>
    public Task<Guid?> OrganisationOfAsync(Guid id, CancellationToken ct = default)
        => db.Users.Where(u => u.Id == id).Select(u => u.OrganisationId).FirstOrDefaultAsync(ct);

    /// <summary>Whether the person (erased or not) belongs to the organisation.</summary>
    public Task<bool> BelongsToAsync(Guid id, Guid organisationId, CancellationToken ct = default)
        => db.Users.AnyAsync(u => u.Id == id && u.OrganisationId == organisationId, ct);

    // ------------------------------------------------------------------ roles

    /// <summary>The person's roles, by name.</summary>
    public Task<List<string>> RolesOfAsync(Guid id, CancellationToken ct = default)
        => RoleRows().Where(x => x.UserId == id).Select(x => x.Role).OrderBy(n => n).ToListAsync(ct);

    /// <summary>Whether the person holds <paramref name="role"/>.</summary>
    public Task<bool> IsInRoleAsync(Guid id, string role, CancellationToken ct = default)
        => RoleRows().AnyAsync(x => x.UserId == id && x.Role == role, ct);

    /// <summary>Whether the person holds at least one of <paramref name="roles"/>.</summary>
    public Task<bool> IsInAnyRoleAsync(Guid id, IReadOnlyCollection<string> roles, CancellationToken ct = default)
        => RoleRows().AnyAsync(x => x.UserId == id && roles.Contains(x.Role), ct);

    /// <summary>Whether the person is active CPAS staff (holds a staff role).</summary>
    public async Task<bool> IsStaffAsync(Guid id, CancellationToken ct = default)
        => (await StaffAmongAsync([id], ct)).Count == 1;

    /// <summary>The active CPAS staff among <paramref name="ids"/>.</summary>
    public async Task<HashSet<Guid>> StaffAmongAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        var staff = Roles.Staff.ToList();
        return (await RoleRows().Where(x => list.Contains(x.UserId) && staff.Contains(x.Role))
                .Where(x => db.Users.Any(u => u.Id == x.UserId && u.ErasedAt == null))
                .Select(x => x.UserId).Distinct().ToListAsync(ct))
            .ToHashSet();
    }

    /// <summary>Those among <paramref name="ids"/> who are partner workers and nothing else (they sign in by link).</summary>
    public async Task<HashSet<Guid>> PartnerOnlyAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        var rows = await RoleRows().Where(x => list.Contains(x.UserId))
            .Where(x => db.Users.Any(u => u.Id == x.UserId && u.ErasedAt == null)).ToListAsync(ct);
        return rows.GroupBy(r => r.UserId).Where(g => g.All(r => r.Role == Roles.PartnerWorker)).Select(g => g.Key).ToHashSet();
    }

    /// <summary>Whether the person is an active partner worker and nothing else.</summary>
    public async Task<bool> IsPartnerOnlyAsync(Guid id, CancellationToken ct = default)
        => (await PartnerOnlyAsync([id], ct)).Count == 1;

    /// <summary>How many active people hold <paramref name="role"/> (e.g. "is this the last administrator?").</summary>
    public Task<int> CountInRoleAsync(string role, CancellationToken ct = default)
        => RoleRows().CountAsync(x => x.Role == role && db.Users.Any(u => u.Id == x.UserId && u.ErasedAt == null), ct);

    /// <summary>Everyone's roles, by person.</summary>
    public async Task<ILookup<Guid, string>> RolesByPersonAsync(CancellationToken ct = default)
    {
        var names = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name!, ct);
        return (await db.UserRoles.AsNoTracking().ToListAsync(ct)).ToLookup(ur => ur.UserId, ur => names[ur.RoleId]);
    }

    // ------------------------------------------------------------------ lists

    /// <summary>Active people but <paramref name="except"/>, by display name.</summary>
    public Task<List<AppUser>> ActiveAsync(IEnumerable<Guid>? except = null, CancellationToken ct = default)
    {
        var excluded = except?.ToList() ?? [];
        return db.Users.AsNoTracking().Where(u => u.ErasedAt == null && !excluded.Contains(u.Id)).OrderBy(u => u.DisplayName).ToListAsync(ct);
    }

    /// <summary>Active people who do not hold <paramref name="role"/>, but <paramref name="except"/>, by display name.</summary>
    public Task<List<AppUser>> WithoutRoleAsync(string role, Guid? except = null, CancellationToken ct = default)
    {
        var holders = RoleRows().Where(x => x.Role == role).Select(x => x.UserId);
        return db.Users.AsNoTracking().Where(u => u.ErasedAt == null && u.Id != except && !holders.Contains(u.Id))
            .OrderBy(u => u.DisplayName).ToListAsync(ct);
    }

    /// <summary>Active people holding at least one of <paramref name="roles"/>, by display name (in the reader's culture).</summary>
    public async Task<List<AppUser>> InAnyRoleAsync(IReadOnlyCollection<string> roles, CancellationToken ct = default)
    {
        var holders = RoleRows().Where(x => roles.Contains(x.Role)).Select(x => x.UserId);
        return (await db.Users.AsNoTracking().Where(u => u.ErasedAt == null && holders.Contains(u.Id)).ToListAsync(ct))
            .OrderBy(u => u.DisplayName).ToList();
    }

    /// <summary>Active people who belong to an organisation, by display name.</summary>
    public Task<List<AppUser>> WithOrganisationAsync(CancellationToken ct = default)
        => db.Users.AsNoTracking().Where(u => u.ErasedAt == null && u.OrganisationId != null).OrderBy(u => u.DisplayName).ToListAsync(ct);

    /// <summary>
    /// Active team leads of the services of <paramref name="kind"/> organisations, each with the names of the teams they
    /// lead (joined, in order).
    /// </summary>
    public async Task<List<(AppUser Lead, string Teams)>> TeamLeadsAsync(OrganisationKind kind, CancellationToken ct = default)
    {
        var rows = await (from s in db.Services
                          join o in db.Organisations on s.OrganisationId equals o.Id
                          join u in db.Users on s.LeadUserId equals (Guid?)u.Id
                          where o.Kind == kind && u.ErasedAt == null
                          select new { User = u, s.Name }).AsNoTracking().ToListAsync(ct);
        return rows.GroupBy(r => r.User.Id).Select(g => (g.First().User, string.Join(", ", g.Select(r => r.Name).Order()))).ToList();
    }

    /// <summary>
    /// Active people for a picker, but <paramref name="except"/>, by display name: with organisation, service and roles,
    /// filtered by <paramref name="filter"/> (the search matches the name, the organisation or the service, accents and
    /// case ignored). At most <paramref name="take"/>; the second value says whether more matched.
    /// </summary>
    public async Task<(List<DirectoryPerson> People, bool More)> DirectoryAsync(PeopleFilter filter, IEnumerable<Guid>? except = null, int take = 200, CancellationToken ct = default)
    {
        var excluded = except?.ToList() ?? [];
        var query = db.Users.AsNoTracking().Where(u => u.ErasedAt == null && !excluded.Contains(u.Id));
        if (filter.OrganisationId is { } org) query = query.Where(u => u.OrganisationId == org);
        if (filter.ServiceId is { } service) query = query.Where(u => u.ServiceId == service);
        if (filter.Eligible is { } eligible)
        {
            var eligibleRoles = eligible.ToList();
            var allowed = RoleRows().Where(x => eligibleRoles.Contains(x.Role)).Select(x => x.UserId);
            query = query.Where(u => allowed.Contains(u.Id));
        }
        if (!string.IsNullOrWhiteSpace(filter.Role))
        {
            var holders = RoleRows().Where(x => x.Role == filter.Role).Select(x => x.UserId);
            query = query.Where(u => holders.Contains(u.Id));
        }
        var rows = await query.Select(u => new { u.Id, u.DisplayName, u.OrganisationId, Org = u.Organisation!.Name, u.ServiceId, Svc = u.Service!.Name }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = (await RoleRows().Where(x => ids.Contains(x.UserId)).ToListAsync(ct)).ToLookup(x => x.UserId, x => x.Role);
        var words = Fold(filter.Search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var matching = rows.Where(r => words.Length == 0 || words.All(w => Fold($"{r.DisplayName} {r.Org} {r.Svc}").Contains(w, StringComparison.Ordinal)))
            .OrderBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList();
        return (matching.Take(take).Select(r => new DirectoryPerson(r.Id, r.DisplayName, r.OrganisationId, r.Org, r.ServiceId, r.Svc, roles[r.Id].Order(StringComparer.Ordinal).ToList())).ToList(),
            matching.Count > take);
    }

    /// <summary>Lower case without accents, for searching ("Élodie" finds "elodie").</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD);
        var sb = new System.Text.StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark) sb.Append(c);
        return sb.ToString().Normalize(System.Text.NormalizationForm.FormC);
    }

    /// <summary>The administrators' account list: active people by display name with organisation, team and roles.</summary>
    public async Task<List<AccountSummary>> AccountsAsync(CancellationToken ct = default)
    {
        var roles = await RolesByPersonAsync(ct);
        var users = await db.Users.Where(u => u.ErasedAt == null).OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName, u.Email, Org = u.Organisation!.Name, Svc = u.Service!.Name, u.ActivatedAt, u.LockoutEnd })
            .ToListAsync(ct);
        return users.Select(u => new AccountSummary(u.Id, u.DisplayName, u.Email!, u.Org, u.Svc, roles[u.Id].ToList(), u.ActivatedAt != null, u.LockoutEnd)).ToList();
    }

    /// <summary>The ids of the accounts (erased or not) with this e-mail address.</summary>
    public Task<List<Guid>> IdsByEmailAsync(string email, CancellationToken ct = default)
    {
        var normalized = email.Trim().ToUpperInvariant();
        return db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).ToListAsync(ct);
    }

    // ------------------------------------------------------------------ names, addresses, languages

    /// <summary>Display names of <paramref name="ids"/> (erased people under their pseudonym); unknown ids are left out.</summary>
    public Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        return db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    /// <summary><paramref name="ids"/> as <see cref="Person"/>s (erased people under their pseudonym); unknown ids are left out.</summary>
    public Task<Dictionary<Guid, Person>> ByIdAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        return db.Users.AsNoTracking().Where(u => list.Contains(u.Id))
            .Select(u => new Person(u.Id, u.DisplayName, u.Email, u.Language)).ToDictionaryAsync(p => p.Id, ct);
    }

    /// <summary>The active people among <paramref name="ids"/> who can be mailed (have an address), with their language.</summary>
    public Task<List<Person>> ReachableAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var list = ids.ToList();
        return db.Users.Where(u => list.Contains(u.Id) && u.Email != null && u.ErasedAt == null)
            .Select(u => new Person(u.Id, u.DisplayName, u.Email, u.Language)).ToListAsync(ct);
    }

    /// <summary>Role assignments by role name (Identity stores role ids).</summary>
    private IQueryable<RoleRow> RoleRows()
        => from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new RoleRow { UserId = ur.UserId, Role = r.Name! };

    private sealed class RoleRow
    {
        public Guid UserId { get; init; }
        public string Role { get; init; } = "";
    }
}
