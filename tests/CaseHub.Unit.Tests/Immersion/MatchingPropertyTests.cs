using System.Diagnostics;
using CaseHub.Core.Immersion.Matching;
using Xunit.Abstractions;

namespace CaseHub.Unit.Tests.Immersion;

public class MatchingPropertyTests(ITestOutputHelper output)
{
    public static TheoryData<int> Batches() => [.. Enumerable.Range(0, 6)];

    /// <summary>300 random campaigns (6 batches of 50): the independent checker finds nothing, blocking pairs included,
    /// and the result agrees with itself (ranks, reasons, report, lottery).</summary>
    [Theory]
    [MemberData(nameof(Batches))]
    public void Random_campaigns_are_matched_without_any_violation_or_blocking_pair(int batch)
    {
        var seen = new HashSet<string>();
        for (var instance = batch * 50; instance < (batch + 1) * 50; instance++)
        {
            var input = RandomCampaign.Generate(instance);
            Assert.True(MatchingEngine.Validate(input).Count == 0, $"instance {instance}: generator made an invalid campaign");

            var result = MatchingEngine.Run(input);

            var violations = MatchingChecker.Check(input, result.Placements(), result.LotteryOrder);
            Assert.True(violations.Count == 0, $"instance {instance}: {string.Join("; ", violations.Select(v => v.Kind))}");
            AssertConsistent(input, result, instance);
            foreach (var u in result.Report.Unmatched) seen.Add(u.Reason.ToString());
            if (result.Assignments.Any(a => a.Rank > 1)) seen.Add("lower rank");
        }
        // The generator really exercises contention: full seats, team rules and second choices show up in every batch.
        Assert.Superset(new HashSet<string> { "lower rank", nameof(UnmatchedReason.AllRankedFull), nameof(UnmatchedReason.TeamCoverage) }, seen);
    }

    /// <summary>The checker is not vacuous on real outcomes: taking any placed worker out of their place leaves a seat
    /// they are entitled to, which must show as a blocking pair on exactly that worker.</summary>
    [Fact]
    public void Removing_any_placed_worker_from_a_random_outcome_is_caught_as_a_blocking_pair()
    {
        var caught = 0;
        for (var instance = 1000; instance < 1100; instance++)
        {
            var input = RandomCampaign.Generate(instance);
            var result = MatchingEngine.Run(input);
            var placements = result.Placements();
            if (placements.Count == 0) continue;
            var removed = placements[instance % placements.Count];

            var violations = MatchingChecker.Check(input, placements.Where(p => p != removed), result.LotteryOrder);

            Assert.Contains(violations, v => v.Kind == ViolationKind.BlockingPair && v.WorkerIds[0] == removed.WorkerId && v.OfferDateId == removed.OfferDateId);
            caught++;
        }
        Assert.True(caught > 50);
    }

    /// <summary>Swapping the places of two workers with different first choices, or filling a free seat with an
    /// unmatched worker who never ranked it, is what a coordinator may do by hand: constraint checks must see it.</summary>
    [Fact]
    public void Random_manual_moves_onto_unranked_offers_are_reported()
    {
        for (var instance = 2000; instance < 2050; instance++)
        {
            var input = RandomCampaign.Generate(instance);
            var result = MatchingEngine.Run(input);
            var unmatched = result.Report.Unmatched.Select(u => input.Workers.Single(w => w.Id == u.WorkerId))
                .FirstOrDefault(w => input.OfferDates.Any(od => !w.Ranking.Contains(od.Id) && !w.UnavailableDates.Contains(od.Date)));
            if (unmatched is null) continue;
            var target = input.OfferDates.First(od => !unmatched.Ranking.Contains(od.Id) && !unmatched.UnavailableDates.Contains(od.Date));

            var violations = MatchingChecker.CheckAssignment(input, [.. result.Placements(), new Placement(unmatched.Id, target.Id)]);

            Assert.Contains(violations, v => v.Kind == ViolationKind.NotRanked && v.WorkerIds[0] == unmatched.Id);
            Assert.DoesNotContain(violations, v => v.Kind == ViolationKind.BlockingPair);
        }
    }

    /// <summary>10,000 workers × 1,000 offer-dates × 10 ranks, as a scale check (no timing assertion; the time is printed).</summary>
    [Fact]
    public void A_campaign_of_ten_thousand_workers_and_a_thousand_offer_dates_is_matched_cleanly()
    {
        var input = Large(seed: 5);

        var watch = Stopwatch.StartNew();
        var result = MatchingEngine.Run(input);
        watch.Stop();
        output.WriteLine($"matching: {watch.ElapsedMilliseconds} ms, matched {result.Report.MatchedCount}/{result.Report.WorkerCount}, " +
                         $"ranks {string.Join(" ", result.Report.RankDistribution.Select(kv => $"{kv.Key}:{kv.Value}"))}");

        Assert.Equal(10_000, result.Report.WorkerCount);
        Assert.Empty(MatchingChecker.Check(input, result.Placements(), result.LotteryOrder));
        // Contention is real: not everyone gets their first choice, and team rules bite.
        Assert.True(result.Report.RankDistribution[1] < result.Report.MatchedCount);
        Assert.Contains(result.Report.Unmatched, u => u.Reason is UnmatchedReason.TeamCoverage or UnmatchedReason.FullOrTeamCoverage);
    }

    internal static MatchingInput Large(int seed)
    {
        var rng = new Random(seed);
        var days = Enumerable.Range(0, 20).Select(d => new DateOnly(2026, 4, 1).AddDays(d)).ToArray();
        var offers = Enumerable.Range(0, 100).Select(_ => RandomCampaign.NextGuid(rng)).ToArray();
        var offerDates = Enumerable.Range(0, 1000)
            .Select(i => new MatchingOfferDate(RandomCampaign.NextGuid(rng), offers[i % offers.Length], days[rng.Next(days.Length)], rng.Next(1, 16)))
            .ToList();
        var teams = Enumerable.Range(0, 400).Select(_ => RandomCampaign.NextGuid(rng)).ToArray();
        var rules = teams.Where((_, i) => i % 4 != 0).ToDictionary(t => t, _ => rng.Next(1, 4));
        // Popularity skew so that some offer-dates are much wanted.
        var workers = new List<MatchingWorker>(10_000);
        for (var i = 0; i < 10_000; i++)
        {
            var unavailable = days.Where(_ => rng.NextDouble() < 0.1).ToArray();
            var ranking = new List<Guid>(10);
            while (ranking.Count < 10)
            {
                var od = offerDates[(int)(Math.Pow(rng.NextDouble(), 2) * offerDates.Count)];
                if (!unavailable.Contains(od.Date) && !ranking.Contains(od.Id)) ranking.Add(od.Id);
            }
            workers.Add(new MatchingWorker(RandomCampaign.NextGuid(rng), i % 20 == 0 ? null : teams[rng.Next(teams.Length)], ranking, unavailable));
        }
        return new MatchingInput(workers, offerDates, rules, seed, MaxRanks: 10);
    }

    private static void AssertConsistent(MatchingInput input, MatchingResult result, int instance)
    {
        var n = input.Workers.Count;
        Assert.Equal(n, result.Assignments.Count);
        Assert.Equal(input.Workers.Select(w => w.Id).Order(), result.LotteryOrder.Order());
        Assert.Equal(input.Seed, result.Seed);

        var distribution = new int[input.MaxRanks + 1];
        for (var i = 0; i < n; i++)
        {
            var worker = input.Workers[i];
            var a = result.Assignments[i];
            Assert.Equal(worker.Id, a.WorkerId);
            Assert.Equal(worker.Id, result.LotteryOrder[a.LotteryPosition - 1]);
            if (a.OfferDateId is { } od)
            {
                Assert.Equal(a.Rank, worker.Ranking.ToList().IndexOf(od) + 1);
                Assert.Null(a.UnmatchedReason);
                distribution[a.Rank!.Value]++;
            }
            else
            {
                Assert.Null(a.Rank);
                Assert.NotNull(a.UnmatchedReason);
                Assert.True((a.UnmatchedReason == UnmatchedReason.NoRankedOffer) == (worker.Ranking.Count == 0), $"instance {instance}: reason {a.UnmatchedReason}");
                if (a.UnmatchedReason == UnmatchedReason.AllRankedFull)
                    Assert.All(worker.Ranking, id => Assert.True(result.Placements().Count(p => p.OfferDateId == id) >= input.OfferDates.Single(o => o.Id == id).Capacity));
            }
        }
        for (var r = 1; r <= input.MaxRanks; r++) Assert.Equal(distribution[r], result.Report.RankDistribution[r]);
        Assert.Equal(input.MaxRanks, result.Report.RankDistribution.Count);
        Assert.Equal(result.Assignments.Count(a => a.OfferDateId is not null), result.Report.MatchedCount);
        Assert.Equal(result.Assignments.Where(a => a.OfferDateId is null).Select(a => (a.WorkerId, a.UnmatchedReason!.Value)).Order(),
            result.Report.Unmatched.Select(u => (u.WorkerId, u.Reason)).Order());
    }
}
