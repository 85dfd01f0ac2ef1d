using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

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

/// <summary>What is missing in a campaign: the coordinator's status page.</summary>
public sealed record CampaignStatus(
    int PartnerCount, IReadOnlyList<ImmersionPartner> PartnersWithoutOffer,
    int OfferCount, int OfferDateCount, int PartnerSeats, int CpasSeats,
    int ParticipantCount, IReadOnlyList<ImmersionParticipant> WithoutPreferences,
    int Placed, IReadOnlyList<ImmersionParticipant> Unplaced,
    bool OffersOpen, bool PreferencesOpen, bool Matched, bool Published, int UnpublishedChanges);

/// <summary>
/// The coordinator's campaigns (coordination sociale): period, deadlines, domains, contact, and what is still
/// missing. Partners, offers, participants, team coverage and events of a campaign have their own use-case classes
/// beside this one; matching and publication are in <see cref="ImmersionMatchingService"/>. Every command validates
/// first and saves once: nothing is saved when a <see cref="DomainException"/> is thrown.
/// </summary>
public sealed partial class ImmersionCampaigns(CaseHubDbContext db, TimeProvider clock, ILogger<ImmersionCampaigns> log)
{
    public async Task<ImmersionCampaign> CreateAsync(CampaignInput input, Guid? coordinatorUserId, CancellationToken ct = default)
    {
        var c = new ImmersionCampaign { CreatedAt = clock.GetUtcNow(), CoordinatorUserId = coordinatorUserId };
        Apply(c, input);
        db.ImmersionCampaigns.Add(c);
        await db.SaveChangesAsync(ct);
        LogCampaignCreated(log, c.Id);
        return c;
    }

    public async Task UpdateAsync(Guid campaignId, CampaignInput input, CancellationToken ct = default)
    {
        var c = await GetAsync(campaignId, ct);
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

    public async Task<ImmersionCampaign> GetAsync(Guid campaignId, CancellationToken ct = default)
        => await db.ImmersionCampaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct) ?? throw DomainException.NotFound();

    public Task<List<ImmersionCampaign>> ListAsync(CancellationToken ct = default)
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
        var c = await GetAsync(campaignId, ct);
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

    [LoggerMessage(LogLevel.Information, "Immersion campaign {CampaignId} created")]
    private static partial void LogCampaignCreated(ILogger logger, Guid campaignId);
}
