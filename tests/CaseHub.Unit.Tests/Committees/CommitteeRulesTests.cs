using CaseHub.Core.Committees;
using CaseHub.Core.Common;

namespace CaseHub.Unit.Tests.Committees;

public class CommitteeRulesTests
{
    [Theory]
    [InlineData("650", 65000)]
    [InlineData("650,5", 65050)]
    [InlineData("650.50", 65050)]
    [InlineData("1 250,00", 125000)]
    [InlineData("1.250,00", 125000)]
    [InlineData("1250 €", 125000)]
    public void Amounts_are_read_as_belgians_write_them(string text, long cents)
        => Assert.Equal(cents, CommitteeBallotData.ParseAmount(text));

    [Theory]
    [InlineData("abc")]
    [InlineData("12,345")]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("1e3")]
    [InlineData("6,5,0")]
    [InlineData("100000,01")]
    public void Malformed_or_out_of_range_amounts_are_refused(string text)
    {
        var ex = Assert.Throws<DomainException>(() => CommitteeBallotData.ParseAmount(text));
        Assert.StartsWith("Committees.Error.Amount", ex.TextKey);
        Assert.Equal("amount", ex.Field);
    }

    [Fact]
    public void A_grant_needs_an_amount_and_a_sane_duration_other_decisions_drop_them()
    {
        Assert.Equal("Committees.Error.AmountRequired", Assert.Throws<DomainException>(() => CommitteeBallotData.Normalise(CommitteeDecision.Grant, null, "3", null)).TextKey);
        Assert.Equal("Committees.Error.Months", Assert.Throws<DomainException>(() => CommitteeBallotData.Normalise(CommitteeDecision.Grant, "500", "0", null)).TextKey);
        Assert.Equal("Committees.Error.Months", Assert.Throws<DomainException>(() => CommitteeBallotData.Normalise(CommitteeDecision.Grant, "500", "2.5", null)).TextKey);

        var grant = CommitteeBallotData.Normalise(CommitteeDecision.Grant, "650,50", "3", " PIIS ");
        Assert.Equal(new CommitteeBallotData(65050, 3, "PIIS"), grant);
        Assert.Equal(grant, CommitteeBallotData.FromJson(grant.ToJson()));
        Assert.Equal(new CommitteeBallotData(null, null, null), CommitteeBallotData.Normalise(CommitteeDecision.Refuse, "650", "3", "x"));
        Assert.Equal(new CommitteeBallotData(null, null, "attestation de la mutuelle"), CommitteeBallotData.Normalise(CommitteeDecision.Defer, "abc", null, "attestation de la mutuelle"));
    }

    [Fact]
    public async Task The_ballot_validator_takes_the_committee_fields_as_a_typed_record_and_refuses_any_other()
    {
        var validator = new CommitteeBallotValidator(new CaseHub.Core.Privacy.PiiGuard());
        var vote = new CaseHub.Core.Rooms.Vote { ContextType = CommitteeService.VoteContext };
        var stored = await validator.ValidateAsync(vote, Guid.NewGuid(), new CaseHub.Core.Rooms.BallotRequest("Grant", "motif", new CommitteeBallotInput("1 234,56", "6", "PIIS")), default);
        Assert.Equal(new CommitteeBallotData(123456, 6, "PIIS"), CommitteeBallotData.FromJson(stored.Data));
        Assert.Equal("Committees.Error.AmountRequired", (await Assert.ThrowsAsync<DomainException>(() =>
            validator.ValidateAsync(vote, Guid.NewGuid(), new CaseHub.Core.Rooms.BallotRequest("Grant", "motif", null), default))).TextKey);
        Assert.Equal("Committees.Error.BallotMalformed", (await Assert.ThrowsAsync<DomainException>(() =>
            validator.ValidateAsync(vote, Guid.NewGuid(), new CaseHub.Core.Rooms.BallotRequest("Refuse", "motif", new OtherDetails()), default))).TextKey);
    }

    private sealed record OtherDetails : CaseHub.Core.Rooms.BallotDetails;

    [Fact]
    public void Modal_share_is_the_part_of_the_most_chosen_decision()
    {
        Assert.Equal(1.0, Agreement.ModalShare([4, 0, 0]));
        Assert.Equal(0.5, Agreement.ModalShare([2, 1, 1]));
        Assert.Null(Agreement.ModalShare([0, 0, 0]));
    }

    [Fact]
    public void Fleiss_kappa_matches_the_textbook_example()
    {
        // Fleiss (1971) as reproduced on Wikipedia: 10 subjects, 14 raters, 5 categories, kappa = 0.210.
        int[][] table =
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ];
        var kappa = Agreement.FleissKappa(table.Select(r => (IReadOnlyList<int>)r));
        Assert.NotNull(kappa);
        Assert.Equal(0.210, kappa!.Value, 3);
    }

    [Fact]
    public void Fleiss_kappa_is_one_for_perfect_agreement_and_undefined_when_everyone_always_agrees_on_one_option()
    {
        Assert.Equal(1.0, Agreement.FleissKappa([[4, 0, 0], [0, 4, 0]])!.Value, 6);
        Assert.Null(Agreement.FleissKappa([[4, 0, 0], [3, 0, 0]])); // expected agreement is 1: kappa is not defined
        Assert.Null(Agreement.FleissKappa([[1, 0, 0]]));            // one ballot says nothing about agreement
        Assert.True(Agreement.FleissKappa([[2, 2, 0], [0, 2, 2]]) < 0.1);
    }

    [Fact]
    public void The_plan_maps_phase_indexes_to_cases_and_steps()
    {
        Assert.Equal((0, BlankCommitteeProtocol.Reading), BlankCommitteeProtocol.Locate(0));
        Assert.Equal((1, BlankCommitteeProtocol.Voting), BlankCommitteeProtocol.Locate(5));
        Assert.Equal((2, BlankCommitteeProtocol.Reference), BlankCommitteeProtocol.Locate(11));
        Assert.Equal(6, BlankCommitteeProtocol.PhaseIndex(1, BlankCommitteeProtocol.Discussion));
    }
}
