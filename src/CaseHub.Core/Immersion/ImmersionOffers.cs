using System.Globalization;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Immersion;

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

/// <summary>
/// Offers of a campaign with their dates and capacities: published by partners through their link (until the offers
/// deadline) or by the coordinator (a CPAS service's offers for reciprocity, and partners' after the deadline),
/// withdrawn, closed to new preferences. Capacities and places share one guard with matching (see
/// <see cref="UnderPlacesGuardAsync{T}"/>).
/// </summary>
public sealed partial class ImmersionOffers(
    CaseHubDbContext db, ImmersionCampaigns campaigns, ImmersionPartners partners, PartnerDirectory directory, TimeProvider clock, ILogger<ImmersionOffers> log)
{
    public const int MaxOfferDates = 60;
    public const int MaxCapacity = 50;

    public Task<List<ImmersionOffer>> ListAsync(Guid campaignId, CancellationToken ct = default)
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
            var (c, partner) = await partners.OpenAsync(token, ct);
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
        var c = await campaigns.GetAsync(campaignId, ct);
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
            var shown = d.Date.ToString("dd/MM/yyyy", CultureInfo.CurrentCulture);
            if (!seen.Add(d.Date)) throw new DomainException("Immersion.Error.DuplicateDate", shown) { Field = "Dates" };
            if (d.Date < c.PeriodStart || d.Date > c.PeriodEnd)
                throw new DomainException("Immersion.Error.DateOutsidePeriod", shown, c.PeriodStart.ToString("dd/MM/yyyy", CultureInfo.CurrentCulture), c.PeriodEnd.ToString("dd/MM/yyyy", CultureInfo.CurrentCulture)) { Field = "Dates" };
            // Immersions happen in working time: workers can only say which weekdays they are away, and a weekend date
            // would be matched to people who are not working that day.
            if (d.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                throw new DomainException("Immersion.Error.WeekendDate", d.Date.ToDateTime(TimeOnly.MinValue)) { Field = "Dates" };
            if (d.Capacity is < 0 or > MaxCapacity) throw new DomainException("Immersion.Error.Capacity", 0, MaxCapacity) { Field = "Dates" };
        }
        var placed = offer.Dates.Count == 0 ? [] : await PlacedCountsAsync(c.Id, ct);
        foreach (var existing in offer.Dates.ToList())
        {
            var wanted = input.Dates.FirstOrDefault(x => x.Date == existing.Date);
            var taken = placed.GetValueOrDefault(existing.Id);
            if (wanted is null)
            {
                if (taken > 0) throw new DomainException("Immersion.Error.DateHasPlaces", existing.Date.ToString("dd/MM/yyyy", CultureInfo.CurrentCulture), taken) { Field = "Dates" };
                offer.Dates.Remove(existing);
                db.ImmersionOfferDates.Remove(existing);
            }
            else
            {
                if (wanted.Capacity < taken)
                    throw new DomainException("Immersion.Error.CapacityBelowPlaced", existing.Date.ToString("dd/MM/yyyy", CultureInfo.CurrentCulture), wanted.Capacity, taken) { Field = "Dates" };
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
            var (c, partner) = await partners.OpenAsync(token, ct);
            var offer = await db.ImmersionOffers.Include(o => o.Dates).FirstOrDefaultAsync(o => o.Id == offerId && o.CampaignId == c.Id && o.PartnerId == partner.Id, ct)
                ?? throw DomainException.NotFound();
            return await WithdrawAsync(c, offer, ct);
        });

    /// <summary>The coordinator withdraws an offer (a partner's or a CPAS service's); same rule as <see cref="WithdrawPartnerOfferAsync"/>. Saves.</summary>
    public Task WithdrawOfferAsync(Guid campaignId, Guid offerId, CancellationToken ct = default)
        => UnderPlacesGuardAsync(async () =>
        {
            var c = await campaigns.GetAsync(campaignId, ct);
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
    public async Task SetClosedAsync(Guid campaignId, Guid offerId, bool closed, CancellationToken ct = default)
    {
        var offer = await db.ImmersionOffers.FirstOrDefaultAsync(o => o.Id == offerId && o.CampaignId == campaignId, ct) ?? throw DomainException.NotFound();
        offer.Closed = closed;
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(LogLevel.Information, "Immersion campaign {CampaignId}: offer {OfferId} withdrawn")]
    private static partial void LogOfferWithdrawn(ILogger logger, Guid campaignId, Guid offerId);
}
