using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Immersion;

/// <summary>
/// Reciprocity: partner workers spend a day in a CPAS service. The coordinator adds them by name, e-mail and
/// organisation; CaseHub creates (or reuses) their password-less <see cref="Roles.PartnerWorker"/> account and mails an
/// invitation carrying a single-use sign-in link (the Accounts magic-link token, hashed) that lands on the campaign's
/// choice page, where they rank the CPAS services' offers like any worker. They are matched in the same run.
/// </summary>
public sealed class ImmersionReciprocity(
    CaseHubDbContext db, UserManager<AppUser> users, People people, AccountService accounts, ImmersionCampaigns campaigns,
    Outbox outbox, TextCatalog texts, IOptions<AppOptions> app, TimeProvider clock, Audit.AuditLog audit)
{
    /// <summary>
    /// How long the invitation's sign-in link works: people open such mails days later, unlike a link they just asked
    /// for (15 minutes). After that they ask a new one from the sign-in page, with the same e-mail address.
    /// </summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// Adds a partner worker to the campaign (visits CPAS services) and mails their invitation. Refused: an organisation
    /// that is not a partner, an address already in the campaign, an address of a CPAS staff account or of another
    /// organisation's worker. All or nothing: the account, the participation and the mail are saved together.
    /// </summary>
    public async Task<ImmersionParticipant> AddPartnerWorkerAsync(Guid campaignId, string? name, string? email, Guid? organisationId, string? language, Guid? actorId, CancellationToken ct = default)
    {
        var c = await campaigns.GetAsync(campaignId, ct);
        var displayName = Validation.RequireText(name, AppUser.DisplayNameMaxLength, "Name");
        var address = Validation.RequireEmail(email, "Email");
        if (language is null || !Languages.IsSupported(language)) throw new DomainException("Error.InvalidLanguage") { Field = "Language" };
        var org = organisationId is { } oid ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == oid, ct) : null;
        if (org is null || org.Kind != OrganisationKind.Partner) throw new DomainException("Immersion.Error.NotPartnerOrganisation") { Field = "OrganisationId" };

        var user = await users.FindByEmailAsync(address);
        if (user is not null)
        {
            if (user.ErasedAt is not null) throw new DomainException("Immersion.Error.StaffEmail") { Field = "Email" };
            var roles = await people.RolesOfAsync(user.Id, ct);
            // A CPAS staff address would give a CPAS account a partner's place (and a sign-in link): refused.
            if (roles.Any(r => r != Roles.PartnerWorker)) throw new DomainException("Immersion.Error.StaffEmail") { Field = "Email" };
            if (user.OrganisationId != org.Id) throw new DomainException("Immersion.Error.OtherOrganisation") { Field = "Email" };
        }
        var lower = address.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // EF Core translates string.ToLower() to SQL lower(); the culture and StringComparison overloads do not translate
        if (await db.ImmersionParticipants.AnyAsync(p => p.CampaignId == c.Id && ((user != null && p.UserId == user.Id) || p.Email.ToLower() == lower), ct))
#pragma warning restore CA1304, CA1311, CA1862
            throw new DomainException("Immersion.Error.ParticipantExists") { Field = "Email" };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (user is null)
        {
            user = new AppUser
            {
                UserName = address, Email = address, DisplayName = displayName, Language = language,
                OrganisationId = org.Id, CreatedAt = clock.GetUtcNow(),
            };
            Check(await users.CreateAsync(user));
            Check(await users.AddToRoleAsync(user, Roles.PartnerWorker));
            audit.Record(db, actorId, "Accounts.UserInvited", "User", user.Id, "roles=" + Roles.PartnerWorker);
        }
        var participant = new ImmersionParticipant
        {
            CampaignId = c.Id, UserId = user.Id, Name = user.DisplayName, Email = user.Email ?? address,
            // An existing account keeps the language its owner chose.
            Language = user.Language, TeamId = null, Visits = ImmersionHost.Cpas,
        };
        db.ImmersionParticipants.Add(participant);
        await outbox.EnqueueAsync(db, InvitationMail(c, participant), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return participant;
    }

    /// <summary>A new sign-in link for a partner worker of the campaign (lost mail, expired link). Saves.</summary>
    public async Task ResendLinkAsync(Guid campaignId, Guid participantId, CancellationToken ct = default)
    {
        var c = await campaigns.GetAsync(campaignId, ct);
        var p = await db.ImmersionParticipants.AsNoTracking().FirstOrDefaultAsync(x => x.Id == participantId && x.CampaignId == c.Id, ct) ?? throw DomainException.NotFound();
        // Only partner workers sign in by link; CPAS staff use their password (or the organisation's provider).
        if (p.Visits != ImmersionHost.Cpas || !await people.IsPartnerOnlyAsync(p.UserId, ct)) throw DomainException.NotFound();
        await outbox.EnqueueAsync(db, InvitationMail(c, p), ct);
        await db.SaveChangesAsync(ct);
    }

    private MailRequest InvitationMail(ImmersionCampaign c, ImmersionParticipant p)
    {
        var l = p.Language;
        var choose = ImmersionLinks.ChoosePath(c.Id);
        var link = accounts.NewMagicLink(p.UserId, choose, LinkLifetime);
        var body = new MailBody()
            .Paragraph(texts.Format("Immersion.Mail.Hello", l, MailBody.Escape(p.Name)))
            .Paragraph(texts.Format("Immersion.Mail.WorkerLink.Intro", l, MailBody.Escape(c.Name),
                CalendarTime.FormatDate(CalendarTime.FromLocal(c.PeriodStart, new TimeOnly(12, 0)), l),
                CalendarTime.FormatDate(CalendarTime.FromLocal(c.PeriodEnd, new TimeOnly(12, 0)), l)))
            .Paragraph(texts.Format("Immersion.Mail.WorkerLink.Deadline", l, CalendarTime.FormatDateTime(c.PreferencesDeadline, l)))
            .Link(link)
            .Paragraph(texts.Format("Immersion.Mail.WorkerLink.Expiry", l, (int)LinkLifetime.TotalDays,
                app.Value.Link("/account/magic-link?returnUrl=" + Uri.EscapeDataString(choose))));
        return new MailRequest
        {
            ToAddress = p.Email, ToName = p.Name, Language = l, Kind = "ImmersionWorkerLink",
            Subject = texts.Format("Immersion.Mail.WorkerLink.Subject", l, c.Name), BodyMarkdown = body.ToString(),
        };
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new DomainException("Accounts.Error.Identity", string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
