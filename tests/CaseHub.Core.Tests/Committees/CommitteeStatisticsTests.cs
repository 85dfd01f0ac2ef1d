using CaseHub.Core.Committees;

namespace CaseHub.Core.Tests.Committees;

/// <summary>
/// Every figure the divergence view and the convergence page show (median, smallest and largest amount, counts per
/// decision, agreement index = modal share, Fleiss' kappa) against a reference computed here another way.
/// </summary>
public class CommitteeStatisticsTests
{
    private static RevealedBallot Grant(long euros) => new(null, CommitteeDecision.Grant, "m", new CommitteeBallotData(euros * 100, null, null));
    private static RevealedBallot GrantCents(long cents) => new(null, CommitteeDecision.Grant, "m", new CommitteeBallotData(cents, null, null));
    private static RevealedBallot Other(CommitteeDecision d) => new(null, d, "m", new CommitteeBallotData(null, null, null));

    private static Divergence DivergenceOf(params RevealedBallot[] ballots)
        => new(Enum.GetValues<CommitteeDecision>().ToDictionary(d => d, d => ballots.Count(b => b.Decision == d)), ballots);

    // ---- references, written independently of the production code ----------------------------------------------

    /// <summary>The median as a textbook defines it: the value with as many values below as above it; for an even
    /// count, half-way between the two values around the middle (found by counting, not by indexing a sorted list).</summary>
    private static decimal ReferenceMedian(IEnumerable<long> values)
    {
        var all = values.Select(v => (decimal)v).ToList();
        decimal? low = null, high = null;
        foreach (var v in all)
        {
            var below = all.Count(x => x < v);
            var atOrBelow = all.Count(x => x <= v);
            // v covers sorted positions [below, atOrBelow); the middle positions are (n-1)/2 and n/2 (0-based).
            if (below <= (all.Count - 1) / 2 && (all.Count - 1) / 2 < atOrBelow) low = v;
            if (below <= all.Count / 2 && all.Count / 2 < atOrBelow) high = v;
        }
        return (low!.Value + high!.Value) / 2;
    }

    /// <summary>Fleiss' kappa from its definition by pairs of raters: the share of agreeing pairs within each case,
    /// against the chance that two ballots drawn from all ballots agree.</summary>
    private static double? ReferenceKappa(int[][] cases)
    {
        var rows = cases.Where(r => r.Sum() >= 2).ToArray();
        if (rows.Length == 0) return null;
        static double Pairs(int n) => n * (n - 1) / 2.0;
        var observed = rows.Select(r => r.Sum(c => Pairs(c)) / Pairs(r.Sum())).Average();
        var categories = rows.Max(r => r.Length);
        double total = rows.Sum(r => r.Sum());
        var chance = 0.0;
        for (var j = 0; j < categories; j++)
        {
            var share = rows.Sum(r => j < r.Length ? r[j] : 0) / total;
            chance += share * share;
        }
        return chance >= 1 - 1e-12 ? null : (observed - chance) / (1 - chance);
    }

    private static double? ReferenceModalShare(int[] counts) => counts.Sum() == 0 ? null : counts.Max() / (double)counts.Sum();

    // ---- median ------------------------------------------------------------------------------------------------

    [Fact]
    public void The_median_of_two_amounts_is_half_way_between_them()
    {
        var divergence = DivergenceOf(Grant(320), Grant(640));
        Assert.Equal(480_00, divergence.MedianAmount);
    }

    [Theory]
    [InlineData(new long[] { 500 })]                                  // one
    [InlineData(new long[] { 900, 100, 500 })]                         // odd, unsorted
    [InlineData(new long[] { 1650, 1200 })]                            // even
    [InlineData(new long[] { 100, 200, 300, 400 })]                    // even
    [InlineData(new long[] { 320, 320, 640 })]                         // odd with a tie in the middle
    [InlineData(new long[] { 320, 320, 640, 640 })]                    // even, ties on both sides
    [InlineData(new long[] { 700, 100, 700, 700, 100, 400 })]          // even, ties around the middle
    [InlineData(new long[] { 250, 250, 250, 250, 250 })]               // all equal
    public void The_median_amount_matches_the_textbook_median_for_odd_and_even_counts_and_ties(long[] euros)
    {
        var divergence = DivergenceOf([.. euros.Select(Grant)]);
        Assert.Equal(ReferenceMedian(euros.Select(e => e * 100)), divergence.MedianAmount!.Value);
        Assert.Equal(euros.Min() * 100, divergence.GrantAmounts[0]);   // the strip's left end ("min")
        Assert.Equal(euros.Max() * 100, divergence.GrantAmounts[^1]);  // and right end ("max")
        Assert.Equal(euros.Length, divergence.GrantAmounts.Count);
    }

    [Fact]
    public void A_median_between_two_cents_is_rounded_to_the_nearest_cent()
    {
        Assert.Equal(100_01, DivergenceOf(GrantCents(100_00), GrantCents(100_01)).MedianAmount); // 100.005 → 100.01
        Assert.Equal(100_00, DivergenceOf(GrantCents(99_99), GrantCents(100_01)).MedianAmount);
    }

    [Fact]
    public void Only_granted_amounts_count_and_no_grant_means_no_median()
    {
        var divergence = DivergenceOf(Grant(300), Other(CommitteeDecision.Refuse), Grant(600), Other(CommitteeDecision.Defer), Grant(900), Grant(1200));
        Assert.Equal(ReferenceMedian([300_00, 600_00, 900_00, 1200_00]), divergence.MedianAmount!.Value);
        Assert.Equal(750_00, divergence.MedianAmount);
        Assert.Null(DivergenceOf(Other(CommitteeDecision.Refuse), Other(CommitteeDecision.Defer)).MedianAmount);
        Assert.Empty(DivergenceOf(Other(CommitteeDecision.Refuse)).GrantAmounts);
    }

    // ---- spread and agreement index --------------------------------------------------------------------------

    [Theory]
    [InlineData(3, 0, 0)] // unanimous
    [InlineData(2, 1, 0)]
    [InlineData(1, 1, 0)] // tie between two decisions
    [InlineData(1, 1, 1)] // three-way tie
    [InlineData(2, 2, 1)] // tie at the top
    [InlineData(0, 4, 3)]
    public void Counts_and_agreement_index_match_the_ballots(int grants, int refusals, int deferrals)
    {
        var ballots = Enumerable.Repeat(Grant(100), grants)
            .Concat(Enumerable.Repeat(Other(CommitteeDecision.Refuse), refusals))
            .Concat(Enumerable.Repeat(Other(CommitteeDecision.Defer), deferrals)).ToArray();
        var divergence = DivergenceOf(ballots);
        Assert.Equal(grants, divergence.Counts[CommitteeDecision.Grant]);
        Assert.Equal(refusals, divergence.Counts[CommitteeDecision.Refuse]);
        Assert.Equal(deferrals, divergence.Counts[CommitteeDecision.Defer]);
        Assert.Equal(grants + refusals + deferrals, divergence.Total);
        Assert.Equal(ReferenceModalShare([grants, refusals, deferrals])!.Value, divergence.ModalShare!.Value, 12);
    }

    [Fact]
    public void Agreement_index_of_a_tie_is_the_share_of_one_side_and_of_no_ballot_is_undefined()
    {
        Assert.Equal(0.5, DivergenceOf(Grant(100), Other(CommitteeDecision.Refuse)).ModalShare);
        Assert.Equal(1 / 3.0, DivergenceOf(Grant(100), Other(CommitteeDecision.Refuse), Other(CommitteeDecision.Defer)).ModalShare!.Value, 12);
        Assert.Null(DivergenceOf().ModalShare);
    }

    // ---- Fleiss' kappa ---------------------------------------------------------------------------------------

    [Fact]
    public void Fleiss_kappa_matches_the_pairwise_definition_on_a_hand_computed_table()
    {
        // Three cases, three members: (2,1,0) → 1/3 agreeing pairs, (3,0,0) → 1, (0,1,2) → 1/3; mean 5/9.
        // Ballots per decision: 5, 2, 2 of 9 → chance 33/81. Kappa = (5/9 - 33/81) / (1 - 33/81) = 12/48 = 0.25.
        int[][] table = [[2, 1, 0], [3, 0, 0], [0, 1, 2]];
        Assert.Equal(0.25, ReferenceKappa(table)!.Value, 12);
        Assert.Equal(0.25, Agreement.FleissKappa(table.Select(r => (IReadOnlyList<int>)r))!.Value, 12);
    }

    [Fact]
    public void Fleiss_kappa_matches_the_reference_on_many_sessions_with_varying_attendance()
    {
        var random = new Random(20260412);
        for (var run = 0; run < 500; run++)
        {
            var cases = Enumerable.Range(0, random.Next(1, 8)).Select(_ =>
            {
                var members = random.Next(0, 9); // some cases with 0 or 1 ballot: left out of both
                var row = new int[3];
                for (var m = 0; m < members; m++) row[random.Next(random.Next(1, 4))]++; // skewed: ties and unanimity happen
                return row;
            }).ToArray();
            var expected = ReferenceKappa(cases);
            var actual = Agreement.FleissKappa(cases.Select(r => (IReadOnlyList<int>)r));
            if (expected is null) Assert.Null(actual);
            else Assert.Equal(expected.Value, actual!.Value, 9);
        }
    }
}
