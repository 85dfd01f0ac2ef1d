using CaseHub.Core.Accounts;
using CaseHub.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Demo;

/// <summary>Creates roles always, and the demo organisations and users on first start in demo mode.</summary>
public sealed partial class DemoSeeder(
    CaseHubDbContext db,
    UserManager<AppUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    TimeProvider clock,
    IEnumerable<IDemoContributor> contributors,
    ILogger<DemoSeeder> log)
{
    public async Task EnsureRolesAsync(CancellationToken ct = default)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
    }

    /// <returns>true when demo data was created now (first start).</returns>
    public async Task<bool> SeedDemoAsync(CancellationToken ct = default)
    {
        await EnsureRolesAsync(ct);
        if (await db.Organisations.AnyAsync(ct)) return false;

        var cpas = new Organisation { Name = DemoData.CpasName, Kind = OrganisationKind.Cpas };
        foreach (var s in DemoData.CpasServices) cpas.Services.Add(new Service { Name = s });
        var partnerA = new Organisation { Name = DemoData.PartnerA, Kind = OrganisationKind.Partner };
        var partnerB = new Organisation { Name = DemoData.PartnerB, Kind = OrganisationKind.Partner };
        db.Organisations.AddRange(cpas, partnerA, partnerB);
        await db.SaveChangesAsync(ct);
        var orgs = new[] { cpas, partnerA, partnerB }.ToDictionary(o => o.Name);

        foreach (var d in DemoData.Users)
        {
            var org = orgs[d.Organisation];
            var user = new AppUser
            {
                UserName = d.Email,
                Email = d.Email,
                EmailConfirmed = true,
                DisplayName = d.Name,
                Language = d.Language,
                OrganisationId = org.Id,
                ServiceId = d.Service is null ? null : org.Services.Single(s => s.Name == d.Service).Id,
                CreatedAt = clock.GetUtcNow(),
                ActivatedAt = clock.GetUtcNow(),
            };
            var result = await users.CreateAsync(user, DemoData.Password);
            if (!result.Succeeded) throw new InvalidOperationException("Demo user creation failed: " + string.Join(", ", result.Errors.Select(e => e.Code)));
            await users.AddToRolesAsync(user, d.Roles);
        }

        foreach (var contributor in contributors.OrderBy(c => c.Order))
            await contributor.SeedAsync(db, ct);
        LogSeeded(log);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data created (first start).")]
    private static partial void LogSeeded(ILogger logger);
}

/// <summary>A feature's own demo data (meetings, cases, discovery days…), run after the demo users exist.</summary>
public interface IDemoContributor
{
    int Order { get; }
    Task SeedAsync(CaseHubDbContext db, CancellationToken ct);
}
