namespace CaseHub.Core.Immersion.Matching;

/// <summary>A broken rule in an assignment (from the matching or after the coordinator's manual moves).</summary>
/// <param name="WorkerIds">The workers involved (for over-capacity and team coverage: everyone counted).</param>
/// <param name="Args">Values for the placeholders of the text (see <see cref="ViolationKind"/>).</param>
public sealed record MatchingViolation(ViolationKind Kind, IReadOnlyList<Guid> WorkerIds, Guid? OfferDateId, Guid? TeamId, DateOnly? Date, IReadOnlyList<object> Args)
{
    /// <summary>Text-catalogue key for the violation.</summary>
    public string Key => Kind.TextKey();
}

public enum ViolationKind
{
    /// <summary>A placement names a worker who is not in the campaign.</summary>
    UnknownWorker,
    /// <summary>A placement names an offer-date that does not exist (any more).</summary>
    UnknownOfferDate,
    /// <summary>A worker has more than one placement. Args: number of placements.</summary>
    PlacedTwice,
    /// <summary>More workers on an offer-date than it has seats. Args: placed, capacity.</summary>
    OverCapacity,
    /// <summary>A worker is placed on a day they marked unavailable. Args: date.</summary>
    UnavailableDate,
    /// <summary>A worker is placed on an offer-date they did not rank.</summary>
    NotRanked,
    /// <summary>More of a team away on one day than the team lead allows. Args: date, away, limit.</summary>
    TeamCoverage,
    /// <summary>A worker could take a better-ranked offer-date by displacing only workers drawn after them in the
    /// lottery (see <see cref="MatchingChecker"/>). Args: rank of that offer-date.</summary>
    BlockingPair,
}

/// <summary>
/// Checks an assignment against the rules, independently of <see cref="MatchingEngine"/> (it shares no code with it,
/// so a bug in one is caught by the other).
/// <para><b>Constraint checks</b> (always): unknown worker or offer-date in a placement (such placements are reported and
/// otherwise ignored); a worker placed more than once; more placements on an offer-date than its capacity; a worker
/// placed on a day in their unavailable dates; a worker placed on an offer-date absent from their ranking; more distinct
/// workers of a team with a rule placed on one calendar day (all offers together) than the team's limit.</para>
/// <para><b>Blocking pairs</b> (only when a lottery order is given). Lottery priority: a worker earlier in the lottery
/// order has higher priority. Let worker <c>w</c> be known, placed at most once, and let <c>a(w)</c> be the rank of
/// w's placement in w's ranking (infinite when w is unmatched or placed on an offer-date w did not rank). For each
/// offer-date <c>x</c> at rank <c>r &lt; a(w)</c> in w's ranking (first occurrence; x must exist and x's date must not
/// be one of w's unavailable dates), let
/// <list type="bullet">
/// <item><c>Hx</c> = number of workers other than w placed at x with higher priority than w;</item>
/// <item><c>Ht</c> = number of distinct workers other than w, of w's team, placed on x's date (any offer) with higher
/// priority than w — only when w's team has a limit <c>L</c>.</item>
/// </list>
/// (w, x) is a blocking pair when <c>Hx &lt; capacity(x)</c> and (w's team has no rule or <c>Ht &lt; L</c>).
/// Read plainly: w prefers x and could be placed there by displacing only workers drawn after w — x has a free seat or
/// holds a later-drawn worker, and w's team-day limit on x's date is not reached once w leaves their current place, or
/// is reached only because of later-drawn team-mates. The matching's outcome has no blocking pair; after manual moves
/// blocking pairs are expected (that is what a manual move is), so <see cref="CheckAssignment"/> leaves them out.</para>
/// </summary>
public static class MatchingChecker
{
    /// <summary>Constraint violations of a (manually adjusted) assignment, for the coordinator's warnings. No blocking pairs.</summary>
    public static IReadOnlyList<MatchingViolation> CheckAssignment(MatchingInput input, IEnumerable<Placement> placements)
        => Check(input, placements, lotteryOrder: null);

    /// <summary>Every violation; blocking pairs too when <paramref name="lotteryOrder"/> is given (it must list every
    /// worker exactly once, highest priority first).</summary>
    public static IReadOnlyList<MatchingViolation> Check(MatchingInput input, IEnumerable<Placement> placements, IReadOnlyList<Guid>? lotteryOrder)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(placements);
        var violations = new List<MatchingViolation>();

        var workerById = new Dictionary<Guid, MatchingWorker>();
        foreach (var w in input.Workers) workerById.TryAdd(w.Id, w);
        var offerDateById = new Dictionary<Guid, MatchingOfferDate>();
        foreach (var od in input.OfferDates) offerDateById.TryAdd(od.Id, od);

        // Keep only placements naming a known worker and offer-date.
        var valid = new List<Placement>();
        foreach (var p in placements)
        {
            if (!workerById.ContainsKey(p.WorkerId))
                violations.Add(new(ViolationKind.UnknownWorker, [p.WorkerId], p.OfferDateId, null, null, []));
            else if (!offerDateById.ContainsKey(p.OfferDateId))
                violations.Add(new(ViolationKind.UnknownOfferDate, [p.WorkerId], p.OfferDateId, null, null, []));
            else
                valid.Add(p);
        }

        // One placement per worker.
        var placementsOf = new Dictionary<Guid, List<Guid>>();
        foreach (var p in valid)
        {
            if (!placementsOf.TryGetValue(p.WorkerId, out var list)) placementsOf[p.WorkerId] = list = [];
            list.Add(p.OfferDateId);
        }
        foreach (var (workerId, list) in placementsOf)
            if (list.Count > 1)
                violations.Add(new(ViolationKind.PlacedTwice, [workerId], null, null, null, [list.Count]));

        // Capacity per offer-date.
        var occupants = new Dictionary<Guid, List<Guid>>();
        foreach (var p in valid)
        {
            if (!occupants.TryGetValue(p.OfferDateId, out var list)) occupants[p.OfferDateId] = list = [];
            list.Add(p.WorkerId);
        }
        foreach (var (odId, list) in occupants)
        {
            var od = offerDateById[odId];
            if (list.Count > od.Capacity)
                violations.Add(new(ViolationKind.OverCapacity, list.Distinct().ToList(), odId, null, od.Date, [list.Count, od.Capacity]));
        }

        // Unavailable day, offer-date not ranked.
        foreach (var p in valid)
        {
            var worker = workerById[p.WorkerId];
            var od = offerDateById[p.OfferDateId];
            if ((worker.UnavailableDates ?? []).Contains(od.Date))
                violations.Add(new(ViolationKind.UnavailableDate, [p.WorkerId], p.OfferDateId, null, od.Date, [od.Date]));
            if (!worker.Ranking.Contains(p.OfferDateId))
                violations.Add(new(ViolationKind.NotRanked, [p.WorkerId], p.OfferDateId, null, od.Date, []));
        }

        // Team coverage: distinct workers of a ruled team away on the same day.
        var awayByTeamDay = new Dictionary<(Guid Team, DateOnly Day), HashSet<Guid>>();
        foreach (var p in valid)
        {
            if (workerById[p.WorkerId].TeamId is not { } team || !input.TeamMaxAwayPerDay.ContainsKey(team)) continue;
            var key = (team, offerDateById[p.OfferDateId].Date);
            if (!awayByTeamDay.TryGetValue(key, out var set)) awayByTeamDay[key] = set = [];
            set.Add(p.WorkerId);
        }
        foreach (var ((team, day), set) in awayByTeamDay.OrderBy(e => e.Key.Day).ThenBy(e => e.Key.Team))
        {
            var limit = input.TeamMaxAwayPerDay[team];
            if (set.Count > limit)
                violations.Add(new(ViolationKind.TeamCoverage, set.ToList(), null, team, day, [day, set.Count, limit]));
        }

        if (lotteryOrder is not null)
            AddBlockingPairs(input, lotteryOrder, workerById, offerDateById, placementsOf, occupants, awayByTeamDay, violations);
        return violations;
    }

    private static void AddBlockingPairs(
        MatchingInput input,
        IReadOnlyList<Guid> lotteryOrder,
        Dictionary<Guid, MatchingWorker> workerById,
        Dictionary<Guid, MatchingOfferDate> offerDateById,
        Dictionary<Guid, List<Guid>> placementsOf,
        Dictionary<Guid, List<Guid>> occupants,
        Dictionary<(Guid Team, DateOnly Day), HashSet<Guid>> awayByTeamDay,
        List<MatchingViolation> violations)
    {
        // Priority: lower number = drawn earlier = higher priority.
        var priority = new Dictionary<Guid, int>();
        for (var i = 0; i < lotteryOrder.Count; i++)
            if (!priority.TryAdd(lotteryOrder[i], i))
                throw new ArgumentException("The lottery order lists a worker twice.", nameof(lotteryOrder));
        if (priority.Count != workerById.Count || !workerById.Keys.All(priority.ContainsKey))
            throw new ArgumentException("The lottery order must list every worker exactly once.", nameof(lotteryOrder));

        foreach (var worker in input.Workers)
        {
            if (!ReferenceEquals(workerById[worker.Id], worker)) continue; // duplicate id, already unusable
            placementsOf.TryGetValue(worker.Id, out var mine);
            if (mine is { Count: > 1 }) continue; // reported as PlacedTwice; "their assignment" is not defined

            var myPriority = priority[worker.Id];
            var currentRank = int.MaxValue;
            if (mine is { Count: 1 })
            {
                var index = IndexOf(worker.Ranking, mine[0]);
                if (index >= 0) currentRank = index + 1;
            }

            int? limit = worker.TeamId is { } team && input.TeamMaxAwayPerDay.TryGetValue(team, out var l) ? l : null;
            for (var i = 0; i < worker.Ranking.Count && i + 1 < currentRank; i++)
            {
                var xId = worker.Ranking[i];
                if (IndexOf(worker.Ranking, xId) != i) continue; // repeated entry: its first rank was judged
                if (!offerDateById.TryGetValue(xId, out var x)) continue;
                if ((worker.UnavailableDates ?? []).Contains(x.Date)) continue;

                var higherAtX = 0;
                if (occupants.TryGetValue(xId, out var atX))
                    foreach (var other in atX)
                        if (other != worker.Id && priority[other] < myPriority) higherAtX++;
                if (higherAtX >= x.Capacity) continue;

                if (limit is { } max)
                {
                    var higherTeamMates = 0;
                    if (awayByTeamDay.TryGetValue((worker.TeamId!.Value, x.Date), out var teamAway))
                        foreach (var other in teamAway)
                            if (other != worker.Id && priority[other] < myPriority) higherTeamMates++;
                    if (higherTeamMates >= max) continue;
                }

                violations.Add(new(ViolationKind.BlockingPair, [worker.Id], xId, worker.TeamId, x.Date, [i + 1]));
            }
        }
    }

    private static int IndexOf(IReadOnlyList<Guid> list, Guid id)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == id) return i;
        return -1;
    }
}
