using System.Text;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Immersion;

public sealed record CampaignInput
{
    public string Name { get; init; } = "";
    public DateOnly PeriodStart { get; init; }
    public DateOnly PeriodEnd { get; init; }
    public DateOnly OffersDeadline { get; init; }
    public DateOnly PreferencesDeadline { get; init; }
    public int MaxRanks { get; init; } = 5;
    /// <summary>One domain per line; empty = the default list.</summary>
    public string? Domains { get; init; }
    public string ContactName { get; init; } = "";
    public string ContactEmail { get; init; } = "";
}

public sealed record OfferDateInput(DateOnly Date, int Capacity);

public sealed record OfferInput
{
    /// <summary>CPAS offers only: the service that hosts (partners' offers take the partner's organisation).</summary>
    public string? Organisation { get; init; }
    public string Title { get; init; } = "";
    public string Domain { get; init; } = "";
    public string Address { get; init; } = "";
    public string WhatYouWillSee { get; init; } = "";
    public string PublicServed { get; init; } = "";
    public string ContactName { get; init; } = "";
    public string ContactEmail { get; init; } = "";
    public string? ContactPhone { get; init; }
    public TimeOnly StartTime { get; init; } = new(9, 0);
    public TimeOnly EndTime { get; init; } = new(16, 0);
    public bool DirectoryConsent { get; init; }
    public IReadOnlyList<OfferDateInput> Dates { get; init; } = [];
}

/// <summary>What is missing in a campaign: the coordinator's status page.</summary>
public sealed record CampaignStatus(
    int PartnerCount, IReadOnlyList<ImmersionPartner> PartnersWithoutOffer,
    int OfferCount, int OfferDateCount, int PartnerSeats, int CpasSeats,
    int ParticipantCount, IReadOnlyList<ImmersionParticipant> WithoutPreferences,
    int Placed, IReadOnlyList<ImmersionParticipant> Unplaced,
    bool OffersOpen, bool PreferencesOpen, bool Matched, bool Published, int UnpublishedChanges);

/// <summary>
/// The immersion programme for the coordinator (coordination sociale): campaigns, partners reached by magic link,
/// offers with dates and capacities, participants and their preferences, team-coverage rules, scheduled events.
/// Matching and publication are in <see cref="ImmersionMatchingService"/>. Every command validates first and saves
/// once: nothing is saved when a <see cref="DomainException"/> is thrown.
/// </summary>
public sealed partial class ImmersionService(
    CaseHubDbContext db, Outbox outbox, TextCatalog texts, CalendarService calendar, PartnerDirectory directory,
    IOptions<AppOptions> app, TimeProvider clock, ILogger<ImmersionService> log)
{
    public const int MaxOfferDates = 60;
    public const int MaxCapacity = 50;

    // ------------------------------------------------------------------ campaigns

    public async Task<ImmersionCampaign> CreateCampaignAsync(CampaignInput input, Guid? coordinatorUserId, CancellationToken ct = default)
    {
        var c = new ImmersionCampaign { CreatedAt = clock.GetUtcNow(), CoordinatorUserId = coordinatorUserId };
        Apply(c, input);
        db.ImmersionCampaigns.Add(c);
        await db.SaveChangesAsync(ct);
        LogCampaignCreated(log, c.Id);
        return c;
    }

    public async Task UpdateCampaignAsync(Guid campaignId, CampaignInput input, CancellationToken ct = default)
    {
        var c = await GetCampaignAsync(campaignId, ct);
        Apply(c, input);
        var outside = await db.ImmersionOfferDates.AnyAsync(d => d.Offer!.CampaignId == c.Id && (d.Date < c.PeriodStart || d.Date > c.PeriodEnd), ct);
        if (outside) throw new DomainException("Immersion.Error.PeriodExcludesOffers") { Field = "PeriodStart" };
        await db.SaveChangesAsync(ct);
    }

    private static void Apply(ImmersionCampaign c, CampaignInput input)
    {
        c.Name = Validation.RequireText(input.Name, ImmersionCampaign.NameMaxLength, "Name");
        if (input.PeriodEnd < input.PeriodStart) throw new DomainException("Immersion.Error.PeriodOrder") { Field = "PeriodEnd" };
        if (input.PeriodEnd.DayNumber - input.PeriodStart.DayNumber > 366) throw new DomainException("Immersion.Error.PeriodTooLong") { Field = "PeriodEnd" };
        if (input.OffersDeadline > input.PreferencesDeadline) throw new DomainException("Immersion.Error.DeadlineOrder") { Field = "PreferencesDeadline" };
        if (input.PreferencesDeadline >= input.PeriodStart) throw new DomainException("Immersion.Error.DeadlineAfterStart") { Field = "PreferencesDeadline" };
        if (input.MaxRanks is < 1 or > 10) throw new DomainException("Immersion.Error.MaxRanks", 1, 10) { Field = "MaxRanks" };
        var domains = (input.Domains ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (domains.Count == 0) domains = [.. ImmersionCampaign.DefaultDomains];
        if (domains.Any(d => d.Length > ImmersionOffer.DomainMaxLength)) throw new DomainException("Error.TooLong", ImmersionOffer.DomainMaxLength) { Field = "Domains" };
        c.Domains = Validation.RequireText(string.Join('\n', domains), ImmersionCampaign.DomainsMaxLength, "Domains");
        c.PeriodStart = input.PeriodStart;
        c.PeriodEnd = input.PeriodEnd;
        // A deadline day is open until its evening (Brussels time).
        c.OffersDeadline = CalendarTime.FromLocal(input.OffersDeadline, new TimeOnly(23, 59));
        c.PreferencesDeadline = CalendarTime.FromLocal(input.PreferencesDeadline, new TimeOnly(23, 59));
        c.MaxRanks = input.MaxRanks;
        c.ContactName = Validation.RequireText(input.ContactName, CalendarInvitee.NameMaxLength, "ContactName");
        c.ContactEmail = Validation.RequireEmail(input.ContactEmail, "ContactEmail");
    }

    public async Task<ImmersionCampaign> GetCampaignAsync(Guid campaignId, CancellationToken ct = default)
        => await db.ImmersionCampaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct) ?? throw DomainException.NotFound();

    public Task<List<ImmersionCampaign>> ListCampaignsAsync(CancellationToken ct = default)
        => db.ImmersionCampaigns.AsNoTracking().OrderByDescending(c => c.PeriodStart).ToListAsync(ct);

    /// <summary>The campaigns a user takes part in (as a visitor) or leads a team of.</summary>
    public async Task<List<ImmersionCampaign>> ListForUserAsync(Guid userId, CancellationToken ct = default)
    {
        var ids = await db.ImmersionParticipants.Where(p => p.UserId == userId).Select(p => p.CampaignId).ToListAsync(ct);
        var teams = await db.Services.Where(s => s.LeadUserId == userId).Select(s => (Guid?)s.Id).ToListAsync(ct);
        if (teams.Count > 0)
            ids.AddRange(await db.ImmersionParticipants.Where(p => teams.Contains(p.TeamId)).Select(p => p.CampaignId).ToListAsync(ct));
        return await db.ImmersionCampaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderByDescending(c => c.PeriodStart).ToListAsync(ct);
    }

    public async Task<CampaignStatus> StatusAsync(Guid campaignId, CancellationToken ct = default)
    {
        var c = await GetCampaignAsync(campaignId, ct);
        var now = clock.GetUtcNow();
        var partners = await db.ImmersionPartners.AsNoTracking().Where(p => p.CampaignId == campaignId).OrderBy(p => p.Organisation).ToListAsync(ct);
        var offers = await db.ImmersionOffers.AsNoTracking().Include(o => o.Dates).Where(o => o.CampaignId == campaignId).ToListAsync(ct);
        var people = await db.ImmersionParticipants.AsNoTracking().Where(p => p.CampaignId == campaignId).OrderBy(p => p.Name).ToListAsync(ct);
        var placements = await db.ImmersionPlacements.AsNoTracking().Where(p => p.CampaignId == campaignId).ToListAsync(ct);
        var placed = placements.Where(p => p.OfferDateId != null).Select(p => p.ParticipantId).ToHashSet();
        var unpublished = c.PublishedAt is null ? 0 : placements.Count(p => p.UpdatedAt > c.PublishedAt);
        return new CampaignStatus(
            partners.Count, partners.Where(p => offers.All(o => o.PartnerId != p.Id)).ToList(),
            offers.Count, offers.Sum(o => o.Dates.Count),
            offers.Where(o => o.Host == ImmersionHost.Partner).Sum(o => o.Dates.Sum(d => d.Capacity)),
            offers.Where(o => o.Host == ImmersionHost.Cpas).Sum(o => o.Dates.Sum(d => d.Capacity)),
            people.Count, people.Where(p => p.PreferencesAt is null).ToList(),
            placed.Count, c.MatchedAt is null ? [] : people.Where(p => !placed.Contains(p.Id)).ToList(),
            now <= c.OffersDeadline, now <= c.PreferencesDeadline, c.MatchedAt is not null, c.PublishedAt is not null, unpublished);
    }

    // ------------------------------------------------------------------ partners (magic link)

    /// <summary>Invites a partner organisation: a personal link (no password) to publish its offers. Saves. Returns the link token.</summary>
    public async Task<string> InvitePartnerAsync(Guid campaignId, string organisation, string contactName, string contactEmail, string language, CancellationToken ct = default)
    {
        var c = await GetCampaignAsync(campaignId, ct);
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
    public async Task<string> ResendPartnerLinkAsync(Guid campaignId, Guid partnerId, CancellationToken ct = default)
    {
        var c = await GetCampaignAsync(campaignId, ct);
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
        var body = new StringBuilder()
            .AppendLine(texts.Format("Immersion.Mail.Hello", l, Md(p.ContactName))).AppendLine()
            .AppendLine(texts.Format("Immersion.Mail.PartnerLink.Intro", l, Md(c.Name), Md(p.Organisation),
                CalendarTime.FormatDate(CalendarTime.FromLocal(c.PeriodStart, new TimeOnly(12, 0)), l),
                CalendarTime.FormatDate(CalendarTime.FromLocal(c.PeriodEnd, new TimeOnly(12, 0)), l))).AppendLine()
            .AppendLine(texts.Format("Immersion.Mail.PartnerLink.Deadline", l, CalendarTime.FormatDateTime(c.OffersDeadline, l))).AppendLine()
            .AppendLine(app.Value.Link(ImmersionLinks.PartnerPath(token))).AppendLine()
            .AppendLine(texts.Get("Immersion.Mail.PartnerLink.Keep", l));
        return new MailRequest
        {
            ToAddress = p.ContactEmail, ToName = p.ContactName, Language = l, Kind = "ImmersionPartnerLink",
            Subject = texts.Format("Immersion.Mail.PartnerLink.Subject", l, c.Name), BodyMarkdown = body.ToString(),
        };
    }

    /// <summary>The partner behind a magic link, or 404.</summary>
    public async Task<(ImmersionCampaign Campaign, ImmersionPartner Partner)> OpenPartnerAsync(string? token, CancellationToken ct = default)
    {
        if (!SecureToken.LooksValid(token)) throw DomainException.NotFound();
        var hash = SecureToken.Hash(token!);
        var p = await db.ImmersionPartners.FirstOrDefaultAsync(x => x.TokenHash == hash, ct) ?? throw DomainException.NotFound();
        return (await GetCampaignAsync(p.CampaignId, ct), p);
    }

    public Task<List<ImmersionPartner>> PartnersAsync(Guid campaignId, CancellationToken ct = default)
        => db.ImmersionPartners.AsNoTracking().Where(p => p.CampaignId == campaignId).OrderBy(p => p.Organisation).ToListAsync(ct);

    // ------------------------------------------------------------------ offers

    public Task<List<ImmersionOffer>> OffersAsync(Guid campaignId, CancellationToken ct = default)
        => db.ImmersionOffers.AsNoTracking().Include(o => o.Dates.OrderBy(d => d.Date)).Where(o => o.CampaignId == campaignId)
            .OrderBy(o => o.Host).ThenBy(o => o.Organisation).ThenBy(o => o.Title).ToListAsync(ct);

    /// <summary>Number of people placed per offer-date (current places).</summary>
    public async Task<Dictionary<Guid, int>> PlacedCountsAsync(Guid campaignId, CancellationToken ct = default)
        => (await db.ImmersionPlacements.AsNoTracking().Where(p => p.CampaignId == campaignId && p.OfferDateId != null)
                .Select(p => p.OfferDateId!.Value).ToListAsync(ct))
            .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>A partner creates or edits its offer through its magic link. Refused after the offers deadline. Saves.</summary>
    public Task<ImmersionOffer> SavePartnerOfferAsync(string? token, Guid? offerId, OfferInput input, CancellationToken ct = default)
        => UnderPlacesGuardAsync(async () =>
        {
            var (c, partner) = await OpenPartnerAsync(token, ct);
            if (clock.GetUtcNow() > c.OffersDeadline) throw new DomainException("Immersion.Error.OffersClosed", CalendarTime.FormatDate(c.OffersDeadline, Languages.Default));
            return await SaveOfferAsync(c, partner, ImmersionHost.Partner, offerId, input with { Organisation = partner.Organisation }, ct);
        });

    /// <summary>The coordinator creates or edits an offer: a CPAS service's (reciprocity) or, after the deadline, a partner's. Saves.</summary>
    public Task<ImmersionOffer> SaveCoordinatorOfferAsync(Guid campaignId, Guid? offerId, ImmersionHost host, OfferInput input, CancellationToken ct = default)
        => UnderPlacesGuardAsync(() => SaveCoordinatorOfferOnceAsync(campaignId, offerId, host, input, ct));

    /// <summary>
    /// Capacities and places share one guard: the campaign's <see cref="ImmersionCampaign.Version"/> (a concurrency
    /// token). An offer edit bumps it like a move or a "take a free place" does, so when an edit and a take race, the
    /// one that saves second fails, looks again with fresh counts (a capacity below the places now taken is refused)
    /// and never ends with more places than capacity.
    /// </summary>
    private async Task<T> UnderPlacesGuardAsync<T>(Func<Task<T>> action)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (DbUpdateConcurrencyException) when (attempt < 4)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                throw new DomainException("Immersion.Error.Busy");
            }
        }
    }

    private async Task<ImmersionOffer> SaveCoordinatorOfferOnceAsync(Guid campaignId, Guid? offerId, ImmersionHost host, OfferInput input, CancellationToken ct)
    {
        var c = await GetCampaignAsync(campaignId, ct);
        ImmersionPartner? partner = null;
        if (offerId is { } id)
        {
            var existing = await db.ImmersionOffers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.CampaignId == campaignId, ct) ?? throw DomainException.NotFound();
            host = existing.Host;
            if (existing.PartnerId is { } pid) partner = await db.ImmersionPartners.FirstAsync(p => p.Id == pid, ct);
        }
        return await SaveOfferAsync(c, partner, host, offerId, partner is null ? input : input with { Organisation = partner.Organisation }, ct);
    }

    private async Task<ImmersionOffer> SaveOfferAsync(ImmersionCampaign c, ImmersionPartner? partner, ImmersionHost host, Guid? offerId, OfferInput input, CancellationToken ct)
    {
        ImmersionOffer offer;
        if (offerId is { } id)
        {
            offer = await db.ImmersionOffers.Include(o => o.Dates).FirstOrDefaultAsync(o => o.Id == id && o.CampaignId == c.Id, ct) ?? throw DomainException.NotFound();
            if (partner is not null && offer.PartnerId != partner.Id) throw DomainException.NotFound();
        }
        else
        {
            offer = new ImmersionOffer { CampaignId = c.Id, PartnerId = partner?.Id, Host = host };
            db.ImmersionOffers.Add(offer);
        }
        offer.Organisation = Validation.RequireText(input.Organisation, ImmersionPartner.OrganisationMaxLength, "Organisation");
        offer.Title = Validation.RequireText(input.Title, ImmersionOffer.TitleMaxLength, "Title");
        var domain = Validation.RequireText(input.Domain, ImmersionOffer.DomainMaxLength, "Domain");
        offer.Domain = c.DomainList.FirstOrDefault(d => string.Equals(d, domain, StringComparison.OrdinalIgnoreCase))
            ?? throw new DomainException("Immersion.Error.UnknownDomain", domain) { Field = "Domain" };
        offer.Address = Validation.RequireText(input.Address, ImmersionOffer.AddressMaxLength, "Address");
        offer.WhatYouWillSee = Validation.RequireText(input.WhatYouWillSee, ImmersionOffer.SeeMaxLength, "WhatYouWillSee");
        offer.PublicServed = Validation.RequireText(input.PublicServed, ImmersionOffer.AddressMaxLength, "PublicServed", required: false);
        offer.ContactName = Validation.RequireText(input.ContactName, CalendarInvitee.NameMaxLength, "ContactName");
        offer.ContactEmail = Validation.RequireEmail(input.ContactEmail, "ContactEmail");
        var phone = Validation.RequireText(input.ContactPhone, ImmersionOffer.PhoneMaxLength, "ContactPhone", required: false);
        offer.ContactPhone = phone.Length == 0 ? null : phone;
        if (input.EndTime <= input.StartTime) throw new DomainException("Immersion.Error.TimeOrder") { Field = "EndTime" };
        offer.StartTime = input.StartTime;
        offer.EndTime = input.EndTime;
        offer.DirectoryConsent = input.DirectoryConsent;
        offer.UpdatedAt = clock.GetUtcNow();

        if (input.Dates.Count == 0) throw new DomainException("Immersion.Error.NoDates") { Field = "Dates" };
        if (input.Dates.Count > MaxOfferDates) throw new DomainException("Immersion.Error.TooManyDates", MaxOfferDates) { Field = "Dates" };
        var seen = new HashSet<DateOnly>();
        foreach (var d in input.Dates)
        {
            var shown = d.Date.ToString("dd/MM/yyyy");
            if (!seen.Add(d.Date)) throw new DomainException("Immersion.Error.DuplicateDate", shown) { Field = "Dates" };
            if (d.Date < c.PeriodStart || d.Date > c.PeriodEnd)
                throw new DomainException("Immersion.Error.DateOutsidePeriod", shown, c.PeriodStart.ToString("dd/MM/yyyy"), c.PeriodEnd.ToString("dd/MM/yyyy")) { Field = "Dates" };
            if (d.Capacity is < 0 or > MaxCapacity) throw new DomainException("Immersion.Error.Capacity", 0, MaxCapacity) { Field = "Dates" };
        }
        var placed = offer.Dates.Count == 0 ? new Dictionary<Guid, int>() : await PlacedCountsAsync(c.Id, ct);
        foreach (var existing in offer.Dates.ToList())
        {
            var wanted = input.Dates.FirstOrDefault(x => x.Date == existing.Date);
            var taken = placed.GetValueOrDefault(existing.Id);
            if (wanted is null)
            {
                if (taken > 0) throw new DomainException("Immersion.Error.DateHasPlaces", existing.Date.ToString("dd/MM/yyyy"), taken) { Field = "Dates" };
                offer.Dates.Remove(existing);
                db.ImmersionOfferDates.Remove(existing);
            }
            else
            {
                if (wanted.Capacity < taken)
                    throw new DomainException("Immersion.Error.CapacityBelowPlaced", existing.Date.ToString("dd/MM/yyyy"), wanted.Capacity, taken) { Field = "Dates" };
                existing.Capacity = wanted.Capacity;
            }
        }
        foreach (var d in input.Dates.Where(d => offer.Dates.All(x => x.Date != d.Date)))
        {
            var date = new ImmersionOfferDate { OfferId = offer.Id, Date = d.Date, Capacity = d.Capacity };
            offer.Dates.Add(date);
            db.ImmersionOfferDates.Add(date);
        }
        await directory.FollowOfferAsync(offer, ct);
        // The places guard (see UnderPlacesGuardAsync): an edit may lower a capacity under a racing take. A new offer has no places.
        if (offerId is not null) c.Version++;
        await db.SaveChangesAsync(ct);
        return offer;
    }

    /// <summary>
    /// A partner withdraws one of its offers through its magic link (at any time). Refused while people are placed on
    /// any of its dates: the coordinator moves them first. Rankings that named its dates simply skip them. Saves.
    /// </summary>
    public Task WithdrawPartnerOfferAsync(string? token, Guid offerId, CancellationToken ct = default)
        => UnderPlacesGuardAsync(async () =>
        {
            var (c, partner) = await OpenPartnerAsync(token, ct);
            var offer = await db.ImmersionOffers.Include(o => o.Dates).FirstOrDefaultAsync(o => o.Id == offerId && o.CampaignId == c.Id && o.PartnerId == partner.Id, ct)
                ?? throw DomainException.NotFound();
            return await WithdrawAsync(c, offer, ct);
        });

    /// <summary>The coordinator withdraws an offer (a partner's or a CPAS service's); same rule as <see cref="WithdrawPartnerOfferAsync"/>. Saves.</summary>
    public Task WithdrawOfferAsync(Guid campaignId, Guid offerId, CancellationToken ct = default)
        => UnderPlacesGuardAsync(async () =>
        {
            var c = await GetCampaignAsync(campaignId, ct);
            var offer = await db.ImmersionOffers.Include(o => o.Dates).FirstOrDefaultAsync(o => o.Id == offerId && o.CampaignId == c.Id, ct) ?? throw DomainException.NotFound();
            return await WithdrawAsync(c, offer, ct);
        });

    private async Task<bool> WithdrawAsync(ImmersionCampaign c, ImmersionOffer offer, CancellationToken ct)
    {
        var dateIds = offer.Dates.Select(d => d.Id).ToList();
        var placed = await db.ImmersionPlacements.CountAsync(p => p.OfferDateId != null && dateIds.Contains(p.OfferDateId.Value), ct);
        if (placed > 0) throw new DomainException("Immersion.Error.OfferHasPlaces", offer.Title, placed);
        // The organisation stays in the directory; it no longer follows this offer.
        await db.PartnerDirectoryEntries.Where(e => e.SourceOfferId == offer.Id).ForEachAsync(e => e.SourceOfferId = null, ct);
        db.ImmersionOffers.Remove(offer);
        c.Version++; // the places guard: a take racing the withdrawal on one of its dates fails and looks again
        await db.SaveChangesAsync(ct);
        LogOfferWithdrawn(log, c.Id, offer.Id);
        return true;
    }

    /// <summary>Closes (or reopens) an offer to new preferences; existing places stay. Saves.</summary>
    public async Task SetOfferClosedAsync(Guid campaignId, Guid offerId, bool closed, CancellationToken ct = default)
    {
        var offer = await db.ImmersionOffers.FirstOrDefaultAsync(o => o.Id == offerId && o.CampaignId == campaignId, ct) ?? throw DomainException.NotFound();
        offer.Closed = closed;
        await db.SaveChangesAsync(ct);
    }

    // ------------------------------------------------------------------ participants and preferences

    /// <summary>Adds users as participants (existing ones are left alone). CPAS staff visit partners; partner workers visit CPAS services. Saves.</summary>
    public async Task<int> AddParticipantsAsync(Guid campaignId, IEnumerable<Guid> userIds, CancellationToken ct = default)
    {
        var c = await GetCampaignAsync(campaignId, ct);
        var ids = userIds.Distinct().ToList();
        var already = await db.ImmersionParticipants.Where(p => p.CampaignId == c.Id && ids.Contains(p.UserId)).Select(p => p.UserId).ToListAsync(ct);
        var users = await db.Users.AsNoTracking().Include(u => u.Organisation).Where(u => ids.Contains(u.Id) && u.ErasedAt == null).ToListAsync(ct);
        if (users.Count != ids.Count) throw DomainException.NotFound();
        var added = 0;
        foreach (var u in users.Where(u => !already.Contains(u.Id)))
        {
            var partner = u.Organisation?.Kind == OrganisationKind.Partner;
            db.ImmersionParticipants.Add(new ImmersionParticipant
            {
                CampaignId = c.Id, UserId = u.Id, Name = u.DisplayName, Email = u.Email ?? "", Language = u.Language,
                TeamId = partner ? null : u.ServiceId, Visits = partner ? ImmersionHost.Cpas : ImmersionHost.Partner,
            });
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    public Task<List<ImmersionParticipant>> ParticipantsAsync(Guid campaignId, CancellationToken ct = default)
        => db.ImmersionParticipants.AsNoTracking().Where(p => p.CampaignId == campaignId).OrderBy(p => p.Name).ToListAsync(ct);

    /// <summary>The signed-in user's participation, or 404 (a non-participant may not know the campaign).</summary>
    public async Task<ImmersionParticipant> ParticipationAsync(Guid campaignId, Guid userId, CancellationToken ct = default)
        => await db.ImmersionParticipants.AsNoTracking().FirstOrDefaultAsync(p => p.CampaignId == campaignId && p.UserId == userId, ct) ?? throw DomainException.NotFound();

    /// <summary>
    /// A worker's ranking (offer-date ids, most wanted first) and unavailable days. Refused after the preferences deadline,
    /// for a closed offer, an offer of the wrong side (CPAS workers rank partners' offers and the reverse), a date marked
    /// unavailable, a date twice, or too many ranks. Saves.
    /// </summary>
    public async Task SavePreferencesAsync(Guid campaignId, Guid userId, IReadOnlyList<Guid> ranking, IReadOnlyList<DateOnly> unavailable, CancellationToken ct = default)
    {
        var c = await GetCampaignAsync(campaignId, ct);
        var me = await db.ImmersionParticipants.FirstOrDefaultAsync(p => p.CampaignId == campaignId && p.UserId == userId, ct) ?? throw DomainException.NotFound();
        if (clock.GetUtcNow() > c.PreferencesDeadline) throw new DomainException("Immersion.Error.PreferencesClosed", CalendarTime.FormatDate(c.PreferencesDeadline, Languages.Default));
        if (ranking.Count > c.MaxRanks) throw new DomainException("Immersion.Error.TooManyRanks", ranking.Count, c.MaxRanks) { Field = "Ranking" };
        var days = unavailable.Distinct().Order().ToList();
        if (days.Any(d => d < c.PeriodStart || d > c.PeriodEnd)) throw new DomainException("Immersion.Error.UnavailableOutsidePeriod") { Field = "Unavailable" };
        var dates = await db.ImmersionOfferDates.AsNoTracking().Include(d => d.Offer)
            .Where(d => ranking.Contains(d.Id) && d.Offer!.CampaignId == campaignId).ToDictionaryAsync(d => d.Id, ct);
        for (var i = 0; i < ranking.Count; i++)
        {
            var first = ranking.ToList().IndexOf(ranking[i]);
            if (first < i) throw new DomainException("Immersion.Error.DuplicateRank", first + 1, i + 1) { Field = "Ranking" };
            if (!dates.TryGetValue(ranking[i], out var od) || od.Offer!.Host != me.Visits)
                throw new DomainException("Immersion.Error.UnknownOffer", i + 1) { Field = "Ranking" };
            if (od.Offer.Closed && !me.RankingList.Contains(od.Id))
                throw new DomainException("Immersion.Error.OfferClosed", i + 1, od.Offer.Title) { Field = "Ranking" };
            if (days.Contains(od.Date))
                throw new DomainException("Immersion.Error.RankedUnavailable", i + 1, od.Date.ToString("dd/MM/yyyy")) { Field = "Ranking" };
        }
        me.Ranking = string.Join(',', ranking);
        me.Unavailable = string.Join(',', days.Select(d => d.ToString("yyyy-MM-dd")));
        me.PreferencesAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    // ------------------------------------------------------------------ team coverage

    /// <summary>Teams (CPAS services) with participants in the campaign, with their lead and rule.</summary>
    public async Task<List<TeamCoverage>> TeamsAsync(Guid campaignId, CancellationToken ct = default)
    {
        var teamIds = await db.ImmersionParticipants.Where(p => p.CampaignId == campaignId && p.TeamId != null).Select(p => p.TeamId!.Value).Distinct().ToListAsync(ct);
        var services = await db.Services.AsNoTracking().Where(s => teamIds.Contains(s.Id)).ToListAsync(ct);
        var rules = await db.ImmersionTeamRules.AsNoTracking().Where(r => r.CampaignId == campaignId).ToListAsync(ct);
        var counts = await db.ImmersionParticipants.Where(p => p.CampaignId == campaignId && p.TeamId != null).GroupBy(p => p.TeamId).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
        return services.OrderBy(s => s.Name).Select(s => new TeamCoverage(s.Id, s.Name, s.LeadUserId,
            counts.FirstOrDefault(x => x.Key == s.Id)?.N ?? 0, rules.FirstOrDefault(r => r.TeamId == s.Id)?.MaxAway)).ToList();
    }

    /// <summary>Sets (or clears, with null) the coverage rule of a team. Only the team's lead or a coordinator. Saves.</summary>
    public async Task SetTeamRuleAsync(Guid campaignId, Guid teamId, int? maxAway, Guid userId, bool isCoordinator, CancellationToken ct = default)
    {
        await GetCampaignAsync(campaignId, ct);
        var team = await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == teamId, ct) ?? throw DomainException.NotFound();
        if (!isCoordinator && team.LeadUserId != userId) throw DomainException.NotFound();
        if (maxAway is < 0 or > 100) throw new DomainException("Immersion.Error.MaxAway") { Field = "MaxAway" };
        var rule = await db.ImmersionTeamRules.FirstOrDefaultAsync(r => r.CampaignId == campaignId && r.TeamId == teamId, ct);
        if (maxAway is null) { if (rule is not null) db.ImmersionTeamRules.Remove(rule); }
        else if (rule is null) db.ImmersionTeamRules.Add(new ImmersionTeamRule { CampaignId = campaignId, TeamId = teamId, MaxAway = maxAway.Value, SetByUserId = userId });
        else { rule.MaxAway = maxAway.Value; rule.SetByUserId = userId; }
        await db.SaveChangesAsync(ct);
    }

    // ------------------------------------------------------------------ events

    public Task<List<ImmersionEvent>> EventsAsync(Guid campaignId, CancellationToken ct = default)
        => db.ImmersionEvents.AsNoTracking().Where(e => e.CampaignId == campaignId).OrderBy(e => e.Start).ToListAsync(ct);

    /// <summary>
    /// Schedules a moment of the programme with calendar invitations: the speed-meeting (partners and workers), the
    /// partners' meeting (partners), a preparation morning or a team debrief (CPAS workers). Saves.
    /// </summary>
    public async Task<ImmersionEvent> ScheduleEventAsync(Guid campaignId, ImmersionEventKind kind, string title, DateTimeOffset start, DateTimeOffset end, string place, CancellationToken ct = default)
    {
        var c = await GetCampaignAsync(campaignId, ct);
        if (!Enum.IsDefined(kind)) throw new DomainException("Error.InvalidValue") { Field = "Kind" };
        // A team debrief is a meeting with its own room and participants: ImmersionTeamDebriefs schedules it.
        if (kind == ImmersionEventKind.TeamDebrief) throw new DomainException("Immersion.TeamDebrief.Error.UsePage") { Field = "Kind" };
        if (end <= start) throw new DomainException("Immersion.Error.TimeOrder") { Field = "End" };
        if (start < clock.GetUtcNow()) throw new DomainException("Immersion.Error.EventInPast") { Field = "Start" };
        var ev = new ImmersionEvent
        {
            CampaignId = c.Id, Kind = kind, Start = start, End = end,
            Title = Validation.RequireText(title, ImmersionEvent.TitleMaxLength, "Title"),
            Place = Validation.RequireText(place, CalendarEntry.LocationMaxLength, "Place"),
        };
        var invitees = await EventInviteesAsync(c, kind, ct);
        var entry = await calendar.ScheduleAsync(new CalendarEntrySpec
        {
            OwnerType = ImmersionLinks.EventOwnerType, OwnerId = ev.Id, Start = start, End = end,
            Title = LocalizedText.Same(ev.Title),
            Description = new LocalizedText(texts.Format("Immersion.Event.Description", "fr", c.Name), texts.Format("Immersion.Event.Description", "nl", c.Name), texts.Format("Immersion.Event.Description", "en", c.Name)),
            Location = ev.Place, LinkPath = ImmersionLinks.CampaignPath(c.Id),
            OrganizerName = c.ContactName, OrganizerEmail = c.ContactEmail, OrganizerUserId = c.CoordinatorUserId,
        }, invitees, ct);
        ev.CalendarEntryId = entry.Id;
        db.ImmersionEvents.Add(ev);
        await db.SaveChangesAsync(ct);
        return ev;
    }

    /// <summary>Sends the event's invitation to people who joined since (partners or participants added later). Saves.</summary>
    public async Task RefreshEventInviteesAsync(Guid campaignId, Guid eventId, CancellationToken ct = default)
    {
        var c = await GetCampaignAsync(campaignId, ct);
        var ev = await db.ImmersionEvents.FirstOrDefaultAsync(e => e.Id == eventId && e.CampaignId == campaignId, ct) ?? throw DomainException.NotFound();
        // A team debrief's invitation is its room's: inviting the whole campaign to it would invite people who are not in the room.
        if (ev.Kind == ImmersionEventKind.TeamDebrief) throw new DomainException("Immersion.TeamDebrief.Error.UsePage");
        var entry = await calendar.GetAsync(ev.CalendarEntryId, ct) ?? throw DomainException.NotFound();
        await calendar.InviteAsync(entry, await EventInviteesAsync(c, ev.Kind, ct), ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task CancelEventAsync(Guid campaignId, Guid eventId, CancellationToken ct = default)
    {
        var ev = await db.ImmersionEvents.FirstOrDefaultAsync(e => e.Id == eventId && e.CampaignId == campaignId, ct) ?? throw DomainException.NotFound();
        var entry = await calendar.GetAsync(ev.CalendarEntryId, ct);
        if (entry is not null) await calendar.CancelAsync(entry, null, ct);
        // A team debrief's room goes with it (its invitation was the entry just cancelled).
        if (ev.RoomId is { } roomId && await db.Rooms.FirstOrDefaultAsync(r => r.Id == roomId && r.Status == Rooms.RoomStatus.Scheduled, ct) is { } room)
        {
            room.Status = Rooms.RoomStatus.Cancelled;
            room.StateVersion++;
        }
        db.ImmersionEvents.Remove(ev);
        await db.SaveChangesAsync(ct);
    }

    private async Task<List<InviteeSpec>> EventInviteesAsync(ImmersionCampaign c, ImmersionEventKind kind, CancellationToken ct)
    {
        var list = new List<InviteeSpec>();
        if (kind is ImmersionEventKind.SpeedMeeting or ImmersionEventKind.PartnerMeeting)
            list.AddRange((await db.ImmersionPartners.AsNoTracking().Where(p => p.CampaignId == c.Id).ToListAsync(ct))
                .Select(p => new InviteeSpec(p.ContactEmail, p.ContactName, p.Language)));
        if (kind is not ImmersionEventKind.PartnerMeeting)
            list.AddRange((await db.ImmersionParticipants.AsNoTracking().Where(p => p.CampaignId == c.Id && p.Visits == ImmersionHost.Partner).ToListAsync(ct))
                .Where(p => p.Email.Length > 0).Select(p => new InviteeSpec(p.Email, p.Name, p.Language, p.UserId)));
        return list.DistinctBy(i => i.Email.ToLowerInvariant()).ToList();
    }

    private static string Md(string s) => CalendarService.Md(s);

    [LoggerMessage(LogLevel.Information, "Immersion campaign {CampaignId}: offer {OfferId} withdrawn")]
    private static partial void LogOfferWithdrawn(ILogger logger, Guid campaignId, Guid offerId);

    [LoggerMessage(LogLevel.Information, "Immersion campaign {CampaignId} created")]
    private static partial void LogCampaignCreated(ILogger logger, Guid campaignId);
}

public sealed record TeamCoverage(Guid TeamId, string Name, Guid? LeadUserId, int Participants, int? MaxAway);

public static class ImmersionLinks
{
    public const string EventOwnerType = "immersion-event";
    public const string PlacementOwnerType = "immersion-placement";
    /// <summary>The host's invitation for one offer-date (owner id = the offer-date's id), listing that day's visitors.</summary>
    public const string HostDayOwnerType = "immersion-host-day";
    public static string CampaignPath(Guid id) => $"/immersion/{id}";
    public static string ChoosePath(Guid id) => $"/immersion/{id}/choose";
    public static string PartnerPath(string token) => $"/immersion/partner/{token}";
    public static string DebriefPath(Guid placementId) => $"/immersion/debrief/{placementId}";
    public static string PrivateNotesKey(Guid placementId) => $"immersion:{placementId}:private";
    public static string DebriefNotesKey(Guid placementId) => $"immersion:{placementId}:debrief";
}
