namespace CaseHub.Core.Immersion;

/// <summary>Paths, calendar owner types and notes keys of the immersion programme.</summary>
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
