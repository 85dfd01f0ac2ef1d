using CaseHub.Core.Common;
using CaseHub.Core.Immersion.Matching;
using static CaseHub.Unit.Tests.Immersion.Campaign;

namespace CaseHub.Unit.Tests.Immersion;

public class MatchingValidationTests
{
    [Fact]
    public void A_valid_campaign_has_no_problem()
    {
        var input = new Campaign().OfferDate("A", Day1, 1).Team("t", 1)
            .WorkerUnavailable("ana", "t", [Day2], "A").Worker("bob", null).Input();
        Assert.Empty(MatchingEngine.Validate(input));
    }

    [Fact]
    public void A_ranked_date_the_worker_is_unavailable_on_is_reported_with_its_rank_and_date_and_the_matching_refuses_to_run()
    {
        var input = new Campaign().OfferDate("A", Day1, 1).OfferDate("B", Day2, 1)
            .WorkerUnavailable("ana", null, [Day2], "A", "B").Input();

        var problem = Assert.Single(MatchingEngine.Validate(input));

        Assert.Equal(MatchingProblemKind.RankedUnavailableDate, problem.Kind);
        Assert.Equal("Immersion.Matching.Problem.RankedUnavailableDate", problem.Key);
        Assert.Equal((Id("ana"), Id("B")), (problem.WorkerId!.Value, problem.OfferDateId!.Value));
        Assert.Equal([2, Day2], problem.Args);
        var ex = Assert.Throws<DomainException>(() => MatchingEngine.Run(input));
        Assert.Equal(MatchingTexts.InvalidInput, ex.TextKey);
        Assert.Equal([1], ex.Args);
    }

    [Fact]
    public void Duplicates_unknown_ids_and_too_many_ranks_are_each_reported_not_dropped()
    {
        var input = new Campaign().OfferDate("A", Day1, 1).OfferDate("B", Day1, 1).OfferDate("C", Day2, 1)
            .Worker("ana", null, "A", "A")
            .Worker("bob", null, "ghost")
            .Worker("cleo", null, "A", "B", "C")
            .Input(maxRanks: 2);

        var problems = MatchingEngine.Validate(input);

        Assert.Collection(problems,
            p =>
            {
                Assert.Equal((MatchingProblemKind.DuplicateRank, Id("ana"), Id("A")), (p.Kind, p.WorkerId!.Value, p.OfferDateId!.Value));
                Assert.Equal([1, 2], p.Args);
            },
            p =>
            {
                Assert.Equal((MatchingProblemKind.UnknownOfferDate, Id("bob"), Id("ghost")), (p.Kind, p.WorkerId!.Value, p.OfferDateId!.Value));
                Assert.Equal([1], p.Args);
            },
            p =>
            {
                Assert.Equal((MatchingProblemKind.TooManyRanks, Id("cleo")), (p.Kind, p.WorkerId!.Value));
                Assert.Equal([3, 2], p.Args);
            });
    }

    [Fact]
    public void Broken_offer_dates_team_rules_workers_and_settings_are_reported()
    {
        var input = new Campaign().OfferDate("A", Day1, -1).OfferDate("A", Day2, 1).Team("t", -2)
            .Worker("ana", "t").Worker("ana", null).Input(maxRanks: 0);

        var kinds = MatchingEngine.Validate(input).Select(p => p.Kind).ToList();

        Assert.Equal([MatchingProblemKind.MaxRanksInvalid, MatchingProblemKind.NegativeCapacity, MatchingProblemKind.DuplicateOfferDate,
            MatchingProblemKind.NegativeTeamLimit, MatchingProblemKind.DuplicateWorker], kinds);
        Assert.Throws<DomainException>(() => MatchingEngine.Run(input));
    }

    [Fact]
    public void Unavailable_dates_that_are_not_ranked_are_fine()
    {
        var input = new Campaign().OfferDate("A", Day1, 1).WorkerUnavailable("ana", null, [Day2, Day3], "A").Input();
        Assert.Empty(MatchingEngine.Validate(input));
        Assert.Equal(Id("A"), MatchingEngine.Run(input).PlaceOf("ana"));
    }
}
