using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Immersion;

/// <summary>Partner organisations of a campaign, reached by a personal link (no password) to publish their offers.</summary>
public sealed class ImmersionPartners(
    CaseHubDbContext db, ImmersionCampaigns campaigns, Outbox outbox, TextCatalog texts, IOptions<AppOptions> app, TimeProvider clock)
{
    /// <summary>Invites a partner organisation: a personal link (no password) to publish its offers. Saves. Returns the link token.</summary>
    public async Task<string> InviteAsync(Guid campaignId, string organisation, string contactName, string contactEmail, string language, CancellationToken ct = default)
    {
        var c = await campaigns.GetAsync(campaignId, ct);
        var p = new ImmersionPartner
        {
            CampaignId = c.Id,
            Organisation = Validation.RequireText(organisation, ImmersionPartner.OrganisationMaxLength, "Organisation"),
            ContactName = Validation.RequireText(contactName, CalendarInvitee.NameMaxLength, "ContactName"),
            ContactEmail = Validation.RequireEmail(contactEmail, "ContactEmail"),
            Language = Languages.Normalize(language),
        };
        if (await db.ImmersionPartners.AnyAsync(x => x.CampaignId == c.Id && x.ContactEmail == p.ContactEmail && x.Organisation == p.Organisation, ct))
            throw new DomainException("Immersion.Error.PartnerExists") { Field = "ContactEmail" };
        var token = SecureToken.New();
        p.TokenHash = SecureToken.Hash(token);
        p.InvitedAt = clock.GetUtcNow();
        db.ImmersionPartners.Add(p);
        await outbox.EnqueueAsync(db, PartnerLinkMail(c, p, token), ct);
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>A new link (the old one stops working), mailed again. Saves.</summary>
    public async Task<string> ResendLinkAsync(Guid campaignId, Guid partnerId, CancellationToken ct = default)
    {
        var c = await campaigns.GetAsync(campaignId, ct);
        var p = await db.ImmersionPartners.FirstOrDefaultAsync(x => x.Id == partnerId && x.CampaignId == campaignId, ct) ?? throw DomainException.NotFound();
        var token = SecureToken.New();
        p.TokenHash = SecureToken.Hash(token);
        await outbox.EnqueueAsync(db, PartnerLinkMail(c, p, token), ct);
        await db.SaveChangesAsync(ct);
        return token;
    }

    private MailRequest PartnerLinkMail(ImmersionCampaign c, ImmersionPartner p, string token)
    {
        var l = p.Language;
        var body = new MailBody()
            .Paragraph(texts.Format("Immersion.Mail.Hello", l, MailBody.Escape(p.ContactName)))
            .Paragraph(texts.Format("Immersion.Mail.PartnerLink.Intro", l, MailBody.Escape(c.Name), MailBody.Escape(p.Organisation),
                CalendarTime.FormatDate(CalendarTime.FromLocal(c.PeriodStart, new TimeOnly(12, 0)), l),
                CalendarTime.FormatDate(CalendarTime.FromLocal(c.PeriodEnd, new TimeOnly(12, 0)), l)))
            .Paragraph(texts.Format("Immersion.Mail.PartnerLink.Deadline", l, CalendarTime.FormatDateTime(c.OffersDeadline, l)))
            .Link(app.Value.Link(ImmersionLinks.PartnerPath(token)))
            .Paragraph(texts.Get("Immersion.Mail.PartnerLink.Keep", l));
        return new MailRequest
        {
            ToAddress = p.ContactEmail, ToName = p.ContactName, Language = l, Kind = "ImmersionPartnerLink",
            Subject = texts.Format("Immersion.Mail.PartnerLink.Subject", l, c.Name), BodyMarkdown = body.ToString(),
        };
    }

    /// <summary>The partner behind a magic link, or 404.</summary>
    public async Task<(ImmersionCampaign Campaign, ImmersionPartner Partner)> OpenAsync(string? token, CancellationToken ct = default)
    {
        if (!SecureToken.LooksValid(token)) throw DomainException.NotFound();
        var hash = SecureToken.Hash(token!);
        var p = await db.ImmersionPartners.FirstOrDefaultAsync(x => x.TokenHash == hash, ct) ?? throw DomainException.NotFound();
        return (await campaigns.GetAsync(p.CampaignId, ct), p);
    }

    public Task<List<ImmersionPartner>> ListAsync(Guid campaignId, CancellationToken ct = default)
        => db.ImmersionPartners.AsNoTracking().Where(p => p.CampaignId == campaignId).OrderBy(p => p.Organisation).ToListAsync(ct);
}
