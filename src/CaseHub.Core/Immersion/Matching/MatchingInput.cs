namespace CaseHub.Core.Immersion.Matching;

/// <summary>
/// A social worker (AS, assistant·e social·e) taking part in an immersion campaign, as the matching sees them.
/// </summary>
/// <param name="Id">The participant's id (stable: it fixes the worker's place before the lottery shuffle).</param>
/// <param name="TeamId">The worker's team (service); <c>null</c> = no team-coverage rule applies.</param>
/// <param name="Ranking">Offer-date ids, most wanted first (rank 1 = index 0).</param>
/// <param name="UnavailableDates">Calendar days the worker cannot be away.</param>
public sealed record MatchingWorker(Guid Id, Guid? TeamId, IReadOnlyList<Guid> Ranking, IReadOnlyList<DateOnly> UnavailableDates)
{
    public MatchingWorker(Guid id, Guid? teamId, params Guid[] ranking) : this(id, teamId, ranking, []) { }
}

/// <summary>One day of a partner's immersion offer, with the number of visitors the partner can host that day.</summary>
public sealed record MatchingOfferDate(Guid Id, Guid OfferId, DateOnly Date, int Capacity);

/// <summary>One worker placed on one offer-date: the unit the coordinator moves by hand.</summary>
public readonly record struct Placement(Guid WorkerId, Guid OfferDateId);

/// <summary>A place the coordinator set by hand and wants kept when the matching runs again (<c>null</c>: kept without a place).</summary>
public readonly record struct FixedPlacement(Guid WorkerId, Guid? OfferDateId);

/// <summary>Everything the matching needs, as plain values (no database).</summary>
/// <param name="TeamMaxAwayPerDay">Team-coverage rules set by team leads: team id → at most this many of the team away on
/// the same calendar day (all offers together). Teams without an entry have no limit.</param>
/// <param name="Seed">Draws the lottery that decides who is served first when places are contested.</param>
/// <param name="MaxRanks">How many offer-dates a worker may rank.</param>
/// <param name="Fixed">Manual places kept as they are: they take their seat and count for their team's day before
/// anybody else is served (even over capacity: the coordinator decided). Workers not in <see cref="Workers"/> are ignored.</param>
public sealed record MatchingInput(
    IReadOnlyList<MatchingWorker> Workers,
    IReadOnlyList<MatchingOfferDate> OfferDates,
    IReadOnlyDictionary<Guid, int> TeamMaxAwayPerDay,
    int Seed,
    int MaxRanks = MatchingInput.DefaultMaxRanks,
    IReadOnlyList<FixedPlacement>? Fixed = null)
{
    public const int DefaultMaxRanks = 5;
}
