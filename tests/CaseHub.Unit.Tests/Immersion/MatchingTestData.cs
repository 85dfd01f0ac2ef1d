using System.Security.Cryptography;
using System.Text;
using CaseHub.Core.Immersion.Matching;

namespace CaseHub.Unit.Tests.Immersion;

/// <summary>Hand-made campaigns with readable names ("A", "ana", "team1") instead of raw Guids.</summary>
internal sealed class Campaign
{
    private readonly List<MatchingWorker> _workers = [];
    private readonly List<MatchingOfferDate> _offerDates = [];
    private readonly Dictionary<Guid, int> _teamRules = [];

    public static readonly DateOnly Day1 = new(2026, 4, 7);
    public static readonly DateOnly Day2 = new(2026, 4, 14);
    public static readonly DateOnly Day3 = new(2026, 4, 21);

#pragma warning disable CA5351 // MD5 only turns a test name into a stable Guid (16 bytes); nothing here is security
    public static Guid Id(string name) => new(MD5.HashData(Encoding.UTF8.GetBytes(name)));
#pragma warning restore CA5351

    public Campaign OfferDate(string name, DateOnly day, int capacity, string? offer = null)
    {
        _offerDates.Add(new MatchingOfferDate(Id(name), Id(offer ?? "offer-" + name), day, capacity));
        return this;
    }

    public Campaign Worker(string name, string? team, params string[] ranking) => WorkerUnavailable(name, team, [], ranking);

    public Campaign WorkerUnavailable(string name, string? team, DateOnly[] unavailable, params string[] ranking)
    {
        _workers.Add(new MatchingWorker(Id(name), team is null ? null : Id(team), ranking.Select(Id).ToList(), unavailable));
        return this;
    }

    public Campaign Team(string team, int maxAwayPerDay)
    {
        _teamRules[Id(team)] = maxAwayPerDay;
        return this;
    }

    public MatchingInput Input(int seed = 1, int maxRanks = MatchingInput.DefaultMaxRanks)
        => new(_workers.ToList(), _offerDates.ToList(), new Dictionary<Guid, int>(_teamRules), seed, maxRanks);
}

internal static class MatchingAssert
{
    public static WorkerAssignment Of(this MatchingResult result, string worker)
        => result.Assignments.Single(a => a.WorkerId == Campaign.Id(worker));

    public static Guid? PlaceOf(this MatchingResult result, string worker) => result.Of(worker).OfferDateId;

    /// <summary>The matching's own outcome: no violation at all, blocking pairs included.</summary>
    public static void Clean(MatchingInput input, MatchingResult result)
    {
        var violations = MatchingChecker.Check(input, result.Placements(), result.LotteryOrder);
        Assert.True(violations.Count == 0, "violations: " + string.Join("; ", violations.Take(10).Select(v => $"{v.Kind} {string.Join(",", v.Args)}")));
    }
}

/// <summary>Random campaigns of varied shape: scarce or ample seats, strict or loose team rules, unavailability.</summary>
internal static class RandomCampaign
{
    public static MatchingInput Generate(int instance)
    {
        var rng = new Random(instance);
        var days = Enumerable.Range(0, rng.Next(1, 9)).Select(d => new DateOnly(2026, 4, 1).AddDays(d)).ToArray();
        var offers = Enumerable.Range(0, rng.Next(1, 10)).Select(_ => NextGuid(rng)).ToArray();
        var maxCapacity = rng.Next(1, 5);

        var offerDates = new List<MatchingOfferDate>();
        foreach (var offer in offers)
            foreach (var day in days.Where(_ => rng.NextDouble() < 0.5))
                offerDates.Add(new MatchingOfferDate(NextGuid(rng), offer, day, rng.Next(0, maxCapacity + 1)));

        var teams = Enumerable.Range(0, rng.Next(0, 7)).Select(_ => NextGuid(rng)).ToArray();
        var rules = new Dictionary<Guid, int>();
        foreach (var team in teams)
            if (rng.NextDouble() < 0.7) rules[team] = rng.Next(0, 4);

        var maxRanks = rng.Next(1, 7);
        var unavailableRate = rng.NextDouble() * 0.4;
        var workers = new List<MatchingWorker>();
        for (var i = rng.Next(0, 61); i > 0; i--)
        {
            var unavailable = days.Where(_ => rng.NextDouble() < unavailableRate).ToArray();
            var candidates = offerDates.Where(od => !unavailable.Contains(od.Date)).OrderBy(_ => rng.Next()).ToList();
            var ranking = candidates.Take(rng.Next(0, Math.Min(maxRanks, candidates.Count) + 1)).Select(od => od.Id).ToList();
            Guid? team = teams.Length > 0 && rng.NextDouble() < 0.85 ? teams[rng.Next(teams.Length)] : null;
            workers.Add(new MatchingWorker(NextGuid(rng), team, ranking, unavailable));
        }
        return new MatchingInput(workers, offerDates, rules, rng.Next(), maxRanks);
    }

    /// <summary>Reproducible ids: a failing instance number is enough to replay it.</summary>
    public static Guid NextGuid(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes);
    }
}
