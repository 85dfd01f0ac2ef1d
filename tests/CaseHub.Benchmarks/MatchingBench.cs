using System.Diagnostics;
using CaseHub.Core.Immersion.Matching;

namespace CaseHub.Benchmarks;

/// <summary>
/// The immersion matching at campaign scale: 10,000 workers × 1,000 offer-dates, 10 ranks each, popular offers
/// over-asked, team-coverage rules on. Timed per run; every result is checked for blocking pairs by an independent
/// check written here from the definition (not by the engine's own checker).
/// </summary>
public static class MatchingBench
{
    public const int Workers = 10_000;
    public const int OfferDates = 1_000;
    public const int Ranks = 10;

    public static MatchingInput Build(int seed)
    {
        var rng = new Random(seed);
        var start = new DateOnly(2027, 3, 1);
        var offers = Enumerable.Range(0, 250).Select(_ => Guid.CreateVersion7()).ToArray();
        var dates = Enumerable.Range(0, OfferDates)
            .Select(i => new MatchingOfferDate(Guid.CreateVersion7(), offers[i % offers.Length], start.AddDays(i / offers.Length * 7 + rng.Next(5)), 4 + rng.Next(8)))
            .ToList();
        var teams = Enumerable.Range(0, 400).Select(_ => Guid.CreateVersion7()).ToArray();
        var limits = teams.Where((_, i) => i % 2 == 0).ToDictionary(t => t, _ => 2 + rng.Next(3));
        var workers = new List<MatchingWorker>(Workers);
        for (var w = 0; w < Workers; w++)
        {
            var ranking = new List<Guid>(Ranks);
            var seen = new HashSet<int>();
            while (ranking.Count < Ranks)
            {
                // Skewed popularity: low indexes are asked far more often.
                var u = rng.NextDouble();
                var i = (int)(u * u * OfferDates);
                if (seen.Add(i)) ranking.Add(dates[i].Id);
            }
            workers.Add(new MatchingWorker(Guid.CreateVersion7(), teams[rng.Next(teams.Length)], ranking, []));
        }
        return new MatchingInput(workers, dates, limits, seed, MaxRanks: Ranks);
    }

    public sealed record Outcome(double Milliseconds, int Matched, int BlockingPairs, int EngineCheckerViolations);

    public static Outcome RunOnce(int seed)
    {
        var input = Build(seed);
        var sw = Stopwatch.StartNew();
        var result = MatchingEngine.Run(input);
        sw.Stop();
        var blocking = CountBlockingPairs(input, result);
        var engineCheck = MatchingChecker.Check(input, result.Placements(), result.LotteryOrder).Count;
        return new Outcome(sw.Elapsed.TotalMilliseconds, result.Report.MatchedCount, blocking, engineCheck);
    }

    /// <summary>
    /// A blocking pair: worker w prefers offer-date d to what w got, d has a free seat or holds a worker drawn after w,
    /// and w's team-day limit on d's day is not already used up by team-mates drawn before w (w's own current placement
    /// on that day does not count). Also checks capacities and team limits themselves; each breach counts as one.
    /// </summary>
    public static int CountBlockingPairs(MatchingInput input, MatchingResult result)
    {
        var position = new Dictionary<Guid, int>(result.LotteryOrder.Count);
        for (var i = 0; i < result.LotteryOrder.Count; i++) position[result.LotteryOrder[i]] = i;
        var od = input.OfferDates.ToDictionary(d => d.Id);
        var worker = input.Workers.ToDictionary(w => w.Id);
        var assigned = result.Assignments.Where(a => a.OfferDateId is not null).ToDictionary(a => a.WorkerId, a => a.OfferDateId!.Value);

        var holders = new Dictionary<Guid, List<int>>();
        foreach (var (w, d) in assigned) (holders.TryGetValue(d, out var l) ? l : holders[d] = []).Add(position[w]);
        var teamDay = new Dictionary<(Guid, DateOnly), List<int>>();
        foreach (var (w, d) in assigned)
            if (worker[w].TeamId is { } t) (teamDay.TryGetValue((t, od[d].Date), out var l) ? l : teamDay[(t, od[d].Date)] = []).Add(position[w]);

        var breaches = 0;
        foreach (var (d, l) in holders) if (l.Count > od[d].Capacity) breaches++;
        foreach (var ((t, _), l) in teamDay) if (input.TeamMaxAwayPerDay.TryGetValue(t, out var max) && l.Count > max) breaches++;

        foreach (var w in input.Workers)
        {
            var me = position[w.Id];
            assigned.TryGetValue(w.Id, out var mine);
            var myRank = assigned.ContainsKey(w.Id) ? w.Ranking.ToList().IndexOf(mine) : int.MaxValue;
            for (var r = 0; r < Math.Min(myRank, w.Ranking.Count); r++)
            {
                var d = od[w.Ranking[r]];
                var held = holders.TryGetValue(d.Id, out var h) ? h : [];
                var seatPossible = held.Count < d.Capacity || held.Any(p => p > me);
                if (!seatPossible) continue;
                if (w.TeamId is { } team && input.TeamMaxAwayPerDay.TryGetValue(team, out var limit))
                {
                    var earlierAway = teamDay.TryGetValue((team, d.Date), out var away) ? away.Count(p => p < me) : 0;
                    if (earlierAway >= limit) continue;
                }
                breaches++;
                break;
            }
        }
        return breaches;
    }
}
