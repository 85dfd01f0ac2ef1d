using CaseHub.Core.DiscoveryDays;

namespace CaseHub.TestSupport;

/// <summary>A complete, valid discovery day as an organiser would publish it (synthetic data).</summary>
public static class DiscoverySample
{
    public static DiscoveryDayInput Input(DateOnly date, int capacity, string title, WaitlistMode mode = WaitlistMode.Immediate) => new()
    {
        Title = title,
        Description = "Découvrir les services du CPAS.",
        ServicesVisited = "Accueil, service social général, ISP",
        Place = "CPAS, salle du conseil",
        Date = date,
        StartTime = new TimeOnly(9, 0),
        EndTime = new TimeOnly(16, 0),
        DeadlineDate = date.AddDays(-1),
        DeadlineTime = new TimeOnly(12, 0),
        Capacity = capacity,
        Audience = DiscoveryAudience.Partners | DiscoveryAudience.Students,
        Languages = ["fr", "nl"],
        WaitlistMode = mode,
        OfferHours = 24,
        Programme = "09:00 Accueil\n10:00 Visite\n14:00 Échanges",
        ContactName = "Camille Coordination",
        ContactEmail = "coordination@demo.casehub.test",
    };
}
