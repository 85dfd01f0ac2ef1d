using CaseHub.Core.Immersion.Matching;
using static CaseHub.Unit.Tests.Immersion.Campaign;

namespace CaseHub.Unit.Tests.Immersion;

/// <summary>The checker must catch what it is there to catch: plant each violation by hand.</summary>
public class MatchingCheckerTests
{
    private static Placement P(string worker, string offerDate) => new(Id(worker), Id(offerDate));
    private static Guid[] Order(params string[] workers) => workers.Select(Id).ToArray();

    [Fact]
    public void Over_capacity_is_caught_with_the_count_and_the_workers()
    {
        var input = new Campaign().OfferDate("A", Day1, 2).Worker("ana", null, "A").Worker("bob", null, "A").Worker("cleo", null, "A").Input();

        var v = Assert.Single(MatchingChecker.CheckAssignment(input, [P("ana", "A"), P("bob", "A"), P("cleo", "A")]));

        Assert.Equal(ViolationKind.OverCapacity, v.Kind);
        Assert.Equal("Immersion.Matching.Violation.OverCapacity", v.Key);
        Assert.Equal(Id("A"), v.OfferDateId);
        Assert.Equal([3, 2], v.Args);
        Assert.Equal(Order("ana", "bob", "cleo").Order(), v.WorkerIds.Order());
    }

    [Fact]
    public void Team_coverage_is_counted_per_calendar_day_across_offers()
    {
        var input = new Campaign().OfferDate("A", Day1, 5).OfferDate("B", Day1, 5).OfferDate("C", Day2, 5).Team("t", 1)
            .Worker("ana", "t", "A").Worker("bob", "t", "B").Worker("cleo", "t", "C").Worker("dan", null, "A").Input();

        var violations = MatchingChecker.CheckAssignment(input, [P("ana", "A"), P("bob", "B"), P("cleo", "C"), P("dan", "A")]);

        var v = Assert.Single(violations);
        Assert.Equal(ViolationKind.TeamCoverage, v.Kind);
        Assert.Equal((Id("t"), Day1), (v.TeamId!.Value, v.Date!.Value));
        Assert.Equal([Day1, 2, 1], v.Args);
        Assert.Equal(Order("ana", "bob").Order(), v.WorkerIds.Order());
    }

    [Fact]
    public void Unavailable_day_unranked_offer_double_placement_and_unknown_ids_are_caught()
    {
        var input = new Campaign().OfferDate("A", Day1, 5).OfferDate("B", Day2, 5)
            .WorkerUnavailable("ana", null, [Day1], "B").Worker("bob", null, "A", "B").Input();

        var violations = MatchingChecker.CheckAssignment(input,
            [P("ana", "A"), P("bob", "A"), P("bob", "B"), P("ghost", "A"), P("bob", "gone")]);

        Assert.Equal(
            [ViolationKind.UnknownWorker, ViolationKind.UnknownOfferDate, ViolationKind.PlacedTwice, ViolationKind.UnavailableDate, ViolationKind.NotRanked],
            violations.Select(v => v.Kind));
        Assert.Equal([2], violations.Single(v => v.Kind == ViolationKind.PlacedTwice).Args);
        Assert.All(violations.Where(v => v.Kind is ViolationKind.UnavailableDate or ViolationKind.NotRanked), v => Assert.Equal([Id("ana")], v.WorkerIds));
    }

    [Fact]
    public void An_unmatched_worker_with_a_free_seat_on_a_ranked_date_is_a_blocking_pair()
    {
        var input = new Campaign().OfferDate("A", Day1, 1).OfferDate("B", Day2, 1).Worker("ana", null, "A", "B").Worker("bob", null, "A").Input();

        var v = Assert.Single(MatchingChecker.Check(input, [P("bob", "A")], Order("bob", "ana")));

        Assert.Equal(ViolationKind.BlockingPair, v.Kind);
        Assert.Equal([Id("ana")], v.WorkerIds);
        Assert.Equal(Id("B"), v.OfferDateId);
        Assert.Equal([2], v.Args);
    }

    [Fact]
    public void A_seat_held_by_a_later_drawn_worker_blocks_but_one_held_by_an_earlier_drawn_worker_does_not()
    {
        var input = new Campaign().OfferDate("A", Day1, 1).OfferDate("B", Day2, 1).Worker("ana", null, "A", "B").Worker("bob", null, "A", "B").Input();
        Placement[] bobOnA = [P("bob", "A"), P("ana", "B")];

        Assert.Empty(MatchingChecker.Check(input, bobOnA, Order("bob", "ana")));

        var v = Assert.Single(MatchingChecker.Check(input, bobOnA, Order("ana", "bob")));
        Assert.Equal((ViolationKind.BlockingPair, Id("ana"), Id("A")), (v.Kind, v.WorkerIds[0], v.OfferDateId!.Value));
    }

    [Fact]
    public void A_team_day_full_with_earlier_drawn_team_mates_does_not_block_but_full_with_a_later_drawn_one_does()
    {
        // A has a free seat; ana prefers A (Day1) but her team may have one person away on Day1, and bob (same team) is there.
        var input = new Campaign().OfferDate("A", Day1, 5).OfferDate("B", Day1, 5).OfferDate("C", Day2, 5).Team("t", 1)
            .Worker("ana", "t", "A", "C").Worker("bob", "t", "B").Input();
        Placement[] placements = [P("bob", "B"), P("ana", "C")];

        Assert.Empty(MatchingChecker.Check(input, placements, Order("bob", "ana")));

        var v = Assert.Single(MatchingChecker.Check(input, placements, Order("ana", "bob")));
        Assert.Equal((ViolationKind.BlockingPair, Id("ana"), Id("A")), (v.Kind, v.WorkerIds[0], v.OfferDateId!.Value));
    }

    [Fact]
    public void Moving_to_a_better_choice_on_the_same_day_does_not_count_the_worker_twice_against_the_team_limit()
    {
        // ana holds B on Day1 (the team's only slot that day) but ranks A, same day, higher: she could move there.
        var input = new Campaign().OfferDate("A", Day1, 1).OfferDate("B", Day1, 1).Team("t", 1).Worker("ana", "t", "A", "B").Input();

        var v = Assert.Single(MatchingChecker.Check(input, [P("ana", "B")], Order("ana")));

        Assert.Equal((ViolationKind.BlockingPair, Id("A")), (v.Kind, v.OfferDateId!.Value));
    }

    [Fact]
    public void A_better_choice_on_an_unavailable_day_or_unknown_is_not_a_blocking_pair()
    {
        // The input is invalid for the engine, but the checker must stay sound on what it is given.
        var input = new Campaign().OfferDate("A", Day1, 1).OfferDate("B", Day2, 1)
            .WorkerUnavailable("ana", null, [Day1], "ghost", "A", "B").Input();

        Assert.Empty(MatchingChecker.Check(input, [P("ana", "B")], Order("ana")));
    }

    [Fact]
    public void Manual_adjustment_checks_leave_blocking_pairs_out()
    {
        var input = new Campaign().OfferDate("A", Day1, 1).OfferDate("B", Day2, 1).Worker("ana", null, "A", "B").Input();

        Assert.Empty(MatchingChecker.CheckAssignment(input, [P("ana", "B")]));
        Assert.NotEmpty(MatchingChecker.Check(input, [P("ana", "B")], Order("ana")));
    }

    [Fact]
    public void A_lottery_order_that_misses_or_repeats_a_worker_is_refused()
    {
        var input = new Campaign().OfferDate("A", Day1, 1).Worker("ana", null, "A").Worker("bob", null, "A").Input();

        Assert.Throws<ArgumentException>(() => MatchingChecker.Check(input, [], Order("ana")));
        Assert.Throws<ArgumentException>(() => MatchingChecker.Check(input, [], Order("ana", "ana")));
        Assert.Throws<ArgumentException>(() => MatchingChecker.Check(input, [], Order("ana", "bob", "ghost")));
    }

    [Fact]
    public void Manual_moves_after_a_matching_are_warned_about_one_by_one()
    {
        var input = new Campaign().OfferDate("A", Day1, 1).OfferDate("B", Day1, 1).Team("t", 1)
            .Worker("ana", "t", "A", "B").Worker("bob", "t", "B", "A").Worker("cleo", null, "A").Input();
        var result = MatchingEngine.Run(input);
        MatchingAssert.Clean(input, result);

        // The coordinator puts everyone on A anyway.
        var moved = input.Workers.Select(w => new Placement(w.Id, Id("A"))).ToList();
        var kinds = MatchingChecker.CheckAssignment(input, moved).Select(v => v.Kind).Order().ToList();

        Assert.Equal([ViolationKind.OverCapacity, ViolationKind.TeamCoverage], kinds);
    }
}
