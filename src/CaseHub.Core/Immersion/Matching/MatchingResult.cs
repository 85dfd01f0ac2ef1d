namespace CaseHub.Core.Immersion.Matching;

/// <summary>The outcome of <see cref="MatchingEngine.Run"/>.</summary>
/// <param name="Seed">The seed the lottery was drawn from (same input + same seed = same result).</param>
/// <param name="LotteryOrder">Worker ids in lottery order: the first is served first. Shown to the coordinator so the
/// draw can be explained and reproduced.</param>
/// <param name="Assignments">One per worker, in the order of <see cref="MatchingInput.Workers"/>.</param>
public sealed record MatchingResult(int Seed, IReadOnlyList<Guid> LotteryOrder, IReadOnlyList<WorkerAssignment> Assignments, MatchingReport Report)
{
    /// <summary>The placed workers, in the shape <see cref="MatchingChecker"/> and manual adjustments use.</summary>
    public IReadOnlyList<Placement> Placements()
    {
        var list = new List<Placement>(Report.MatchedCount);
        foreach (var a in Assignments)
            if (a.OfferDateId is { } od) list.Add(new Placement(a.WorkerId, od));
        return list;
    }
}

/// <param name="OfferDateId">Where the worker goes; <c>null</c> when unmatched.</param>
/// <param name="Rank">1-based position of that offer-date in the worker's ranking; <c>null</c> when unmatched.</param>
/// <param name="LotteryPosition">1-based position in the lottery (1 = served first).</param>
/// <param name="UnmatchedReason">Why the worker got nothing; <c>null</c> when matched.</param>
public sealed record WorkerAssignment(Guid WorkerId, Guid? OfferDateId, int? Rank, int LotteryPosition, UnmatchedReason? UnmatchedReason);

/// <param name="RankDistribution">Rank (1..MaxRanks, every rank present, zeros included) → number of workers who got it.</param>
/// <param name="Unmatched">Unmatched workers in lottery order, with the reason.</param>
/// <param name="Kept">How many manual places (<see cref="MatchingInput.Fixed"/>) were kept as they were.</param>
public sealed record MatchingReport(int WorkerCount, int MatchedCount, IReadOnlyDictionary<int, int> RankDistribution, IReadOnlyList<UnmatchedWorker> Unmatched, int Kept = 0);

public sealed record UnmatchedWorker(Guid WorkerId, UnmatchedReason Reason)
{
    public string ReasonKey => Reason.TextKey();
}

/// <summary>Why a worker was left without a place. Every ranked option was refused for one of these causes.</summary>
public enum UnmatchedReason
{
    /// <summary>The worker ranked nothing.</summary>
    NoRankedOffer,
    /// <summary>Every ranked offer-date was full with workers drawn earlier in the lottery (or had no seat at all).</summary>
    AllRankedFull,
    /// <summary>Every ranked offer-date with a seat left fell on a day when the team's coverage limit was already reached.</summary>
    TeamCoverage,
    /// <summary>A mix: some ranked offer-dates were full, the others fell on days the team limit was reached.</summary>
    FullOrTeamCoverage,
}
