using System.Text.Json;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Accounts.Oidc;

/// <summary>What the provider said about the person: the claims of the validated ID token (and user-info response).</summary>
public sealed record ExternalIdentity(string Provider, IReadOnlyList<KeyValuePair<string, string>> Claims)
{
    public IReadOnlyList<string> Values(string type)
        => Claims.Where(c => c.Key == type).SelectMany(c => Split(c.Value)).Where(v => v.Length > 0).Distinct().ToList();

    public string? Value(string type) => Values(type) is [var first, ..] ? first : null;

    // Some providers send a multi-valued claim as one JSON array string.
    private static string[] Split(string value)
    {
        var v = value.Trim();
        if (!v.StartsWith('[')) return [v];
        try { return JsonSerializer.Deserialize<string[]>(v) ?? []; }
        catch (JsonException) { return [v]; }
    }
}

/// <summary>
/// Turns an OpenID Connect sign-in into a CaseHub account: later sign-ins by the provider's stable key ("sub"),
/// the first one by linking to an invited or active account with the same verified e-mail. Nobody is created here:
/// accounts still come from invitations, so the provider cannot grant access on its own.
/// </summary>
public sealed partial class ExternalSignInService(
    CaseHubDbContext db,
    UserManager<AppUser> users,
    IOptions<OidcOptions> options,
    TimeProvider clock,
    Audit.AuditLog audit,
    ILogger<ExternalSignInService> log)
{
    private OidcOptions O => options.Value;

    /// <summary>Finds (and on first use links) the account; throws a <see cref="DomainException"/> with an "Oidc.Error.*" key when refused.</summary>
    public async Task<AppUser> SignInAsync(ExternalIdentity identity, CancellationToken ct = default)
    {
        try
        {
            return await ResolveAsync(identity, ct);
        }
        catch (DomainException ex)
        {
            LogRefused(log, ex.TextKey);
            throw;
        }
    }

    private async Task<AppUser> ResolveAsync(ExternalIdentity identity, CancellationToken ct)
    {
        var subject = identity.Value("sub") ?? throw MissingClaim("sub");
        var email = identity.Value("email") ?? throw MissingClaim("email");
        foreach (var required in O.RequiredClaims)
            if (identity.Values(required).Count == 0) throw MissingClaim(required);
        if (!Validation.IsEmail(email)) throw MissingClaim("email");
        if (!DomainAllowed(email)) throw new DomainException("Oidc.Error.DomainNotAllowed", email[(email.LastIndexOf('@') + 1)..]);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await users.FindByLoginAsync(identity.Provider, subject);
        var linked = false;
        if (user is null)
        {
            if (O.RequireVerifiedEmail && !string.Equals(identity.Value("email_verified"), "true", StringComparison.OrdinalIgnoreCase))
                throw new DomainException("Oidc.Error.EmailNotVerified");
            user = await users.FindByEmailAsync(email);
            if (user is null || user.ErasedAt is not null) throw new DomainException("Oidc.Error.NoAccount");
            EnsureActive(user);
            if ((await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == identity.Provider))
                throw new DomainException("Oidc.Error.AlreadyLinked");
            Check(await users.AddLoginAsync(user, new UserLoginInfo(identity.Provider, subject, O.DisplayName)));
            linked = true;
        }
        else
        {
            if (user.ErasedAt is not null) throw new DomainException("Oidc.Error.NoAccount");
            EnsureActive(user);
        }

        // An invited account becomes active: the provider vouched for the address.
        if (user.ActivatedAt is null || !user.EmailConfirmed)
        {
            user.ActivatedAt ??= clock.GetUtcNow();
            user.EmailConfirmed = true;
        }
        var changes = new List<string>();
        await MapOrganisationAsync(user, identity, changes, ct);
        Check(await users.UpdateAsync(user));
        await AddMappedRolesAsync(user, identity, changes);

        if (linked) audit.Record(db, user.Id, "Accounts.ExternalLoginLinked", "User", user.Id, "provider=" + identity.Provider);
        audit.Record(db, user.Id, "Accounts.ExternalSignIn", "User", user.Id,
            changes.Count == 0 ? "provider=" + identity.Provider : $"provider={identity.Provider};{string.Join(';', changes)}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user;
    }

    private bool DomainAllowed(string email)
    {
        if (O.AllowedDomains.Length == 0) return true;
        var domain = email[(email.LastIndexOf('@') + 1)..];
        return O.AllowedDomains.Any(d => string.Equals(d.Trim().TrimStart('@'), domain, StringComparison.OrdinalIgnoreCase));
    }

    private void EnsureActive(AppUser user)
    {
        // Deactivation sets an endless lockout; a temporary lockout after wrong passwords does not block the provider.
        if (user.LockoutEnd is { } end && end > clock.GetUtcNow().AddYears(100))
            throw new DomainException("Oidc.Error.Deactivated");
    }

    /// <summary>Adds the roles the claim maps to; roles given in CaseHub by an administrator are kept.</summary>
    private async Task AddMappedRolesAsync(AppUser user, ExternalIdentity identity, List<string> changes)
    {
        if (string.IsNullOrWhiteSpace(O.RoleClaim)) return;
        var map = new Dictionary<string, string>(O.RoleMap, StringComparer.OrdinalIgnoreCase);
        var wanted = identity.Values(O.RoleClaim)
            .SelectMany(v => map.TryGetValue(v, out var roles) ? roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [])
            .Where(Roles.IsKnown)
            .ToHashSet();
        var missing = wanted.Except(await users.GetRolesAsync(user)).Order().ToList();
        if (missing.Count == 0) return;
        Check(await users.AddToRolesAsync(user, missing));
        changes.Add("rolesAdded=" + string.Join(',', missing));
    }

    private async Task MapOrganisationAsync(AppUser user, ExternalIdentity identity, List<string> changes, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(O.OrganisationClaim)) return;
        var map = new Dictionary<string, string>(O.OrganisationMap, StringComparer.OrdinalIgnoreCase);
        var name = identity.Values(O.OrganisationClaim).Select(v => map.GetValueOrDefault(v)).FirstOrDefault(n => n is not null);
        if (name is null) return;
        var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == name, ct);
        if (org is null)
        {
            LogUnknownOrganisation(log);
            return;
        }
        if (user.OrganisationId == org.Id) return;
        user.OrganisationId = org.Id;
        user.ServiceId = null; // the service belonged to the previous organisation
        changes.Add("organisation=" + org.Id);
    }

    private static DomainException MissingClaim(string claim) => new("Oidc.Error.MissingClaim", claim);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new DomainException("Accounts.Error.Identity", string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "External sign-in refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Oidc:OrganisationMap names an organisation that does not exist")]
    private static partial void LogUnknownOrganisation(ILogger logger);
}
