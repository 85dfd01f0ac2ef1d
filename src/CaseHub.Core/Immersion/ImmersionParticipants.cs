using System.Globalization;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Immersion;

/// <summary>The people who take part in a campaign (CPAS staff visit partners, partner workers visit CPAS services) and their ranked preferences.</summary>
public sealed class ImmersionParticipants(CaseHubDbContext db, ImmersionCampaigns campaigns, TimeProvider clock)
{
    /// <summary>Adds users as participants (existing ones are left alone). CPAS staff visit partners; partner workers visit CPAS services. Saves.</summary>
    public async Task<int> AddAsync(Guid campaignId, IEnumerable<Guid> userIds, CancellationToken ct = default)
    {
        var c = await campaigns.GetAsync(campaignId, ct);
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

    public Task<List<ImmersionParticipant>> ListAsync(Guid campaignId, CancellationToken ct = default)
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
        var c = await campaigns.GetAsync(campaignId, ct);
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
                throw new DomainException("Immersion.Error.RankedUnavailable", i + 1, od.Date.ToString("dd/MM/yyyy", CultureInfo.CurrentCulture)) { Field = "Ranking" };
        }
        me.Ranking = string.Join(',', ranking);
        me.Unavailable = string.Join(',', days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        me.PreferencesAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }
}
