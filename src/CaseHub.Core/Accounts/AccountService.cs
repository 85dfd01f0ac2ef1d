using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Accounts;

public sealed record InviteRequest(string Email, string DisplayName, string Language, Guid? OrganisationId, Guid? ServiceId, IReadOnlyCollection<string> Roles)
{
    /// <summary>The administrator who invites (recorded in the audit trail).</summary>
    public Guid? InvitedBy { get; init; }
}

/// <summary>Invitations, magic links and the mails that carry them.</summary>
public sealed class AccountService(
    CaseHubDbContext db,
    UserManager<AppUser> users,
    Outbox outbox,
    TextCatalog texts,
    IOptions<AppOptions> app,
    TimeProvider clock,
    Audit.AuditLog audit)
{
    public static readonly TimeSpan MagicLinkLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    /// <summary>Creates the account (no password yet), its roles and the invitation mail, all or nothing.</summary>
    public async Task<AppUser> InviteAsync(InviteRequest request, CancellationToken ct = default)
    {
        var email = Validation.RequireEmail(request.Email);
        var name = Validation.RequireText(request.DisplayName, AppUser.DisplayNameMaxLength, nameof(request.DisplayName));
        if (!Languages.IsSupported(request.Language)) throw new DomainException("Error.InvalidLanguage") { Field = nameof(request.Language) };
        if (request.Roles.Count == 0) throw new DomainException("Accounts.Error.NoRole") { Field = nameof(request.Roles) };
        if (request.Roles.FirstOrDefault(r => !Roles.IsKnown(r)) is { } unknown) throw new DomainException("Accounts.Error.UnknownRole") { Field = nameof(request.Roles) };
        if (await users.FindByEmailAsync(email) is not null) throw new DomainException("Accounts.Error.EmailTaken") { Field = nameof(request.Email) };
        if (request.OrganisationId is { } orgId && !await db.Organisations.AnyAsync(o => o.Id == orgId, ct))
            throw new DomainException("Accounts.Error.UnknownOrganisation") { Field = nameof(request.OrganisationId) };
        if (request.ServiceId is { } serviceId && !await db.Services.AnyAsync(s => s.Id == serviceId && s.OrganisationId == request.OrganisationId, ct))
            throw new DomainException("Accounts.Error.UnknownService") { Field = nameof(request.ServiceId) };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = name,
            Language = request.Language,
            OrganisationId = request.OrganisationId,
            ServiceId = request.ServiceId,
            CreatedAt = clock.GetUtcNow(),
        };
        Check(await users.CreateAsync(user));
        Check(await users.AddToRolesAsync(user, request.Roles.Distinct()));

        var token = NewToken(user.Id, AccountTokenPurpose.Invitation, InvitationLifetime);
        audit.Record(db, request.InvitedBy, "Accounts.UserInvited", "User", user.Id, "roles=" + string.Join(',', request.Roles.Distinct().Order()));
        var lang = user.Language;
        await outbox.EnqueueAsync(db, new MailRequest
        {
            ToAddress = email,
            ToName = name,
            Language = lang,
            Kind = "Invitation",
            Subject = texts.Get("Mail.Invitation.Subject", lang),
            BodyMarkdown = new MailBody().Paragraph(texts.Format("Mail.Invitation.Body", lang, name, app.Value.Link($"/account/accept-invitation?token={token}"), InvitationLifetime.Days)).ToString(),
        }, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user;
    }

    /// <summary>Finds the invited user for a valid, unused, unexpired invitation token (without consuming it).</summary>
    public async Task<AppUser> FindInvitationAsync(string? token, CancellationToken ct = default)
    {
        var row = await FindTokenAsync(token, AccountTokenPurpose.Invitation, ct);
        return await users.FindByIdAsync(row.UserId.ToString()) ?? throw new DomainException("Accounts.Error.LinkInvalid");
    }

    /// <summary>Sets the first password and consumes the invitation, atomically.</summary>
    public async Task<AppUser> AcceptInvitationAsync(string? token, string password, CancellationToken ct = default)
    {
        var user = await FindInvitationAsync(token, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await ConsumeAsync(token!, AccountTokenPurpose.Invitation, ct);
        var result = await users.AddPasswordAsync(user, password);
        if (!result.Succeeded) throw new DomainException("Accounts.Error.PasswordRules", string.Join(" ", result.Errors.Select(e => e.Description))) { Field = "Password" };
        user.EmailConfirmed = true;
        user.ActivatedAt = clock.GetUtcNow();
        Check(await users.UpdateAsync(user));
        await tx.CommitAsync(ct);
        return user;
    }

    /// <summary>
    /// Sends a sign-in link to a partner worker. Says nothing about whether the address exists
    /// (the page shows the same message either way), so it cannot be used to probe accounts.
    /// </summary>
    public async Task RequestMagicLinkAsync(string? emailInput, string returnPath, CancellationToken ct = default)
    {
        var email = Validation.RequireEmail(emailInput);
        var user = await users.FindByEmailAsync(email);
        if (user is null || user.ErasedAt is not null || !await users.IsInRoleAsync(user, Roles.PartnerWorker)) return;
        if (await users.IsLockedOutAsync(user)) return;

        var token = NewToken(user.Id, AccountTokenPurpose.MagicLink, MagicLinkLifetime);
        var lang = user.Language;
        var link = app.Value.Link($"/account/magic?token={token}&returnUrl={Uri.EscapeDataString(SafeReturnPath(returnPath))}");
        await outbox.EnqueueAsync(db, new MailRequest
        {
            ToAddress = user.Email!,
            ToName = user.DisplayName,
            Language = lang,
            Kind = "MagicLink",
            Subject = texts.Get("Mail.MagicLink.Subject", lang),
            BodyMarkdown = new MailBody().Paragraph(texts.Format("Mail.MagicLink.Body", lang, user.DisplayName, link, (int)MagicLinkLifetime.TotalMinutes)).ToString(),
        }, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A sign-in link for a partner worker that another feature mails itself (e.g. an immersion invitation landing on the
    /// worker's choice page). Same single-use hashed token as <see cref="RequestMagicLinkAsync"/>, with the caller's
    /// lifetime. Adds the token; does not save (the caller's unit of work does, with its mail).
    /// </summary>
    public string NewMagicLink(Guid userId, string returnPath, TimeSpan lifetime)
        => app.Value.Link($"/account/magic?token={NewToken(userId, AccountTokenPurpose.MagicLink, lifetime)}&returnUrl={Uri.EscapeDataString(SafeReturnPath(returnPath))}");

    /// <summary>Checks a magic link without using it (the landing page shows "expired"/"used" before any click).</summary>
    public Task ValidateMagicLinkAsync(string? token, CancellationToken ct = default)
        => FindTokenAsync(token, AccountTokenPurpose.MagicLink, ct);

    /// <summary>Uses a magic link once. Two clicks racing: exactly one wins (conditional UPDATE).</summary>
    public async Task<AppUser> ConsumeMagicLinkAsync(string? token, CancellationToken ct = default)
    {
        var row = await FindTokenAsync(token, AccountTokenPurpose.MagicLink, ct);
        await ConsumeAsync(token!, AccountTokenPurpose.MagicLink, ct);
        var user = await users.FindByIdAsync(row.UserId.ToString());
        if (user is null || user.ErasedAt is not null) throw new DomainException("Accounts.Error.LinkInvalid");
        if (!user.EmailConfirmed || user.ActivatedAt is null)
        {
            user.EmailConfirmed = true;
            user.ActivatedAt ??= clock.GetUtcNow();
            await users.UpdateAsync(user);
        }
        return user;
    }

    /// <summary>Mails a password-reset link; silent when the address is unknown (no account probing).</summary>
    public async Task RequestPasswordResetAsync(string? emailInput, CancellationToken ct = default)
    {
        var email = Validation.RequireEmail(emailInput);
        var user = await users.FindByEmailAsync(email);
        if (user is null || user.ErasedAt is not null) return;
        var code = await users.GeneratePasswordResetTokenAsync(user);
        var lang = user.Language;
        var link = app.Value.Link($"/account/reset-password?user={user.Id}&code={Uri.EscapeDataString(code)}");
        await outbox.EnqueueAsync(db, new MailRequest
        {
            ToAddress = user.Email!,
            ToName = user.DisplayName,
            Language = lang,
            Kind = "PasswordReset",
            Subject = texts.Get("Mail.PasswordReset.Subject", lang),
            BodyMarkdown = new MailBody().Paragraph(texts.Format("Mail.PasswordReset.Body", lang, user.DisplayName, link)).ToString(),
        }, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// An administrator replaces a user's roles. Sessions end (new security stamp): the cookie stops working within a
    /// minute and live connections are dropped, so a removed role cannot be used from an open page.
    /// </summary>
    public async Task ChangeRolesAsync(Guid userId, IReadOnlyCollection<string> roles, Guid actorId, CancellationToken ct = default)
    {
        var user = await ActiveUserAsync(userId);
        if (roles.Count == 0) throw new DomainException("Accounts.Error.NoRole") { Field = "Roles" };
        // Any(), not FirstOrDefault(): a null entry (a form field without a value) is unknown too.
        if (roles.Any(r => r is null || !Roles.IsKnown(r))) throw new DomainException("Accounts.Error.UnknownRole") { Field = "Roles" };
        var wanted = roles.Distinct().ToHashSet();
        var current = (await users.GetRolesAsync(user)).ToHashSet();
        if (userId == actorId && current.Contains(Roles.Administrator) && !wanted.Contains(Roles.Administrator))
            throw new DomainException("Accounts.Error.OwnAdminRole") { Field = "Roles" };
        if (wanted.SetEquals(current)) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Check(await users.RemoveFromRolesAsync(user, current.Except(wanted)));
        Check(await users.AddToRolesAsync(user, wanted.Except(current)));
        Check(await users.UpdateSecurityStampAsync(user));
        audit.Record(db, actorId, "Accounts.RolesChanged", "User", user.Id,
            $"from={string.Join(',', current.Order())};to={string.Join(',', wanted.Order())}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Deactivates (no sign-in, sessions end) or reactivates an account; an administrator cannot lock themselves out.</summary>
    public async Task SetActiveAsync(Guid userId, bool active, Guid actorId, CancellationToken ct = default)
    {
        var user = await ActiveUserAsync(userId);
        if (!active && userId == actorId) throw new DomainException("Accounts.Error.OwnAccount");
        user.LockoutEnabled = true;
        user.LockoutEnd = active ? null : DateTimeOffset.MaxValue;
        if (active) user.AccessFailedCount = 0;
        Check(await users.UpdateAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        audit.Record(db, actorId, active ? "Accounts.Reactivated" : "Accounts.Deactivated", "User", user.Id);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Signs a user out everywhere (lost phone, shared computer): cookies and live connections end.</summary>
    public async Task EndSessionsAsync(Guid userId, Guid actorId, CancellationToken ct = default)
    {
        var user = await ActiveUserAsync(userId);
        Check(await users.UpdateSecurityStampAsync(user));
        audit.Record(db, actorId, "Accounts.SessionsEnded", "User", user.Id);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The language picked by a signed-in user, kept on their profile so mails follow it too (the caller checked it is supported). Saves.</summary>
    public async Task RememberLanguageAsync(Guid userId, string language, CancellationToken ct = default)
    {
        if (await db.Users.FindAsync([userId], ct) is not { } user) return;
        user.Language = language;
        await db.SaveChangesAsync(ct);
    }

    private async Task<AppUser> ActiveUserAsync(Guid userId)
        => await users.FindByIdAsync(userId.ToString()) is { ErasedAt: null } user ? user : throw DomainException.NotFound();

    /// <summary>Only local paths may be return targets (no open redirect through a mailed link).</summary>
    public static string SafeReturnPath(string? path)
        => !string.IsNullOrEmpty(path) && path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal) && path.Length <= 500 ? path : "/";

    private string NewToken(Guid userId, AccountTokenPurpose purpose, TimeSpan lifetime)
    {
        var token = SecureToken.New();
        var now = clock.GetUtcNow();
        db.AccountTokens.Add(new AccountToken
        {
            UserId = userId,
            Purpose = purpose,
            TokenHash = SecureToken.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        });
        return token;
    }

    private async Task<AccountToken> FindTokenAsync(string? token, AccountTokenPurpose purpose, CancellationToken ct)
    {
        if (!SecureToken.LooksValid(token)) throw new DomainException("Accounts.Error.LinkInvalid");
        var hash = SecureToken.Hash(token!);
        var row = await db.AccountTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose, ct)
                  ?? throw new DomainException("Accounts.Error.LinkInvalid");
        if (row.UsedAt is not null) throw new DomainException("Accounts.Error.LinkUsed");
        if (row.ExpiresAt <= clock.GetUtcNow()) throw new DomainException("Accounts.Error.LinkExpired");
        return row;
    }

    private async Task ConsumeAsync(string token, AccountTokenPurpose purpose, CancellationToken ct)
    {
        var hash = SecureToken.Hash(token);
        var now = clock.GetUtcNow();
        var rows = await db.AccountTokens
            .Where(t => t.TokenHash == hash && t.Purpose == purpose && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (rows != 1) throw new DomainException("Accounts.Error.LinkUsed");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new DomainException("Accounts.Error.Identity", string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
