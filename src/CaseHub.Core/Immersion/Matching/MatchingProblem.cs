namespace CaseHub.Core.Immersion.Matching;

/// <summary>Something in the matching input that must be fixed before the matching may run.</summary>
/// <param name="Args">Values for the placeholders of the text (see <c>matching.texts.json</c>); numbers and dates only, names are the page's job.</param>
public sealed record MatchingProblem(MatchingProblemKind Kind, Guid? WorkerId, Guid? OfferDateId, Guid? TeamId, IReadOnlyList<object> Args)
{
    /// <summary>Text-catalogue key for the problem.</summary>
    public string Key => Kind.TextKey();
}

public enum MatchingProblemKind
{
    /// <summary>MaxRanks is below 1. Args: max ranks.</summary>
    MaxRanksInvalid,
    /// <summary>Two offer-dates share an id.</summary>
    DuplicateOfferDate,
    /// <summary>Capacity below zero. Args: capacity.</summary>
    NegativeCapacity,
    /// <summary>A team rule below zero. Args: limit.</summary>
    NegativeTeamLimit,
    /// <summary>Two workers share an id.</summary>
    DuplicateWorker,
    /// <summary>More ranked offer-dates than allowed. Args: ranked count, max ranks.</summary>
    TooManyRanks,
    /// <summary>A ranked id is not an offer-date of the campaign (deleted date?). Args: rank.</summary>
    UnknownOfferDate,
    /// <summary>The same offer-date ranked twice. Args: first rank, repeated rank.</summary>
    DuplicateRank,
    /// <summary>A ranked offer-date falls on a day the worker marked unavailable. Args: rank, date.</summary>
    RankedUnavailableDate,
}

/// <summary>Text keys (see <c>matching.texts.json</c>).</summary>
public static class MatchingTexts
{
    /// <summary>Thrown by <see cref="MatchingEngine.Run"/> when <see cref="MatchingEngine.Validate"/> finds problems. Args: problem count.</summary>
    public const string InvalidInput = "Immersion.Matching.Error.InvalidInput";

    public static string TextKey(this MatchingProblemKind kind) => "Immersion.Matching.Problem." + kind;
    public static string TextKey(this UnmatchedReason reason) => "Immersion.Matching.Unmatched." + reason;
    public static string TextKey(this ViolationKind kind) => "Immersion.Matching.Violation." + kind;
    public static string TextKey(this AgendaItemKind kind) => "Immersion.SpeedMeeting.Agenda." + kind;
}
