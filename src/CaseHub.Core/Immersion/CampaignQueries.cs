using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Immersion;

/// <summary>What the campaign pages ask about one person: do they take part, and where were they placed.</summary>
public sealed class CampaignQueries(CaseHubDbContext db)
{
    /// <summary>Whether the user takes part in the campaign (as a visitor).</summary>
    public Task<bool> TakesPartAsync(Guid campaignId, Guid userId, CancellationToken ct = default)
        => db.ImmersionParticipants.AnyAsync(p => p.CampaignId == campaignId && p.UserId == userId, ct);

    /// <summary>The participant's published place (a date, in their calendar), or null.</summary>
    public Task<ImmersionPlacement?> PublishedPlacementAsync(Guid participantId, CancellationToken ct = default)
        => db.ImmersionPlacements.AsNoTracking().FirstOrDefaultAsync(p => p.ParticipantId == participantId && p.CalendarEntryId != null && p.OfferDateId != null, ct);
}
