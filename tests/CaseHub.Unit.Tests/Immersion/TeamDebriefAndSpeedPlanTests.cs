using CaseHub.Core.Common;
using CaseHub.Core.Immersion;
using CaseHub.Core.Rooms;

namespace CaseHub.Unit.Tests.Immersion;

/// <summary>The team debrief protocol, how a shared debrief is split into its prompts, and the saved rotation's validation.</summary>
public class TeamDebriefAndSpeedPlanTests
{
    [Fact]
    public void The_team_debrief_protocol_has_a_tour_round_surprises_decisions_and_closing_in_90_minutes()
    {
        var p = new ImmersionTeamDebriefProtocol().Protocols.Single();
        Assert.Equal("immersion-team-debrief", p.Key);
        Assert.Equal(["welcome", "tour", "surprises", "bring-back", "closing"], p.Phases.Select(x => x.Key));
        Assert.Equal(90, p.Phases.Sum(x => x.DefaultMinutes));
        Assert.Equal(PhaseKind.Round, p.Phases.Single(x => x.Key == "tour").Kind);
        Assert.Equal(PhaseKind.Decisions, p.Phases.Single(x => x.Key == "bring-back").Kind);
        // Decisions and actions are written by the feature's minutes section, next to the gathered points.
        Assert.False(p.Minutes.Decisions);
        Assert.False(p.Minutes.Actions);
    }

    [Theory]
    [InlineData("## Ce que j'ai vu\nA\n## Les contacts utiles\nB\n## Ce qui m'a étonné\nC\n## Ce que je ramène à mon équipe\n- D\n")]
    [InlineData("**Wat ik zag**\nA\n**Nuttige contacten**\nB\n**Wat mij verraste**\nC\n**Wat ik meebreng naar mijn team**\n- D\n")]
    [InlineData("# What I saw:\nA\n# Useful contacts\nB\n# What surprised me\nC\n# What I bring back to my team\n- D")]
    public void A_shared_debrief_is_split_by_its_prompts_in_any_language(string text)
    {
        var s = DebriefSections.Parse(text);
        Assert.True(s.Structured);
        Assert.Equal(("A", "B", "C", "- D"), (s.Saw, s.Contacts, s.Surprised, s.BringBack));
        Assert.Equal("- D", s.BringBackOrAll);
    }

    [Fact]
    public void A_debrief_without_headings_is_kept_whole()
    {
        var s = DebriefSections.Parse("Une belle journée.\n## Autre titre\nSuite");
        Assert.False(s.Structured);
        Assert.Equal("Une belle journée.\n## Autre titre\nSuite", s.BringBackOrAll);
    }

    private static SpeedMeetingPlanInput Input(string groups, int slot = 15, int? breakEvery = null, string partners = "A\nB")
        => new(partners, groups, slot, breakEvery, 15, DateTimeOffset.UtcNow);

    [Theory]
    [InlineData("Rouges\nrouges", "Immersion.Speed.Error.GroupNameDuplicate")]
    [InlineData("Rouges\n\nVerts", "Immersion.Speed.Error.GroupNameEmpty")]
    [InlineData("", "Immersion.Speed.Error.NoGroups")]
    public void Bad_group_names_are_refused(string groups, string key)
        => Assert.Equal(key, Assert.Throws<DomainException>(() => SpeedMeetingPlans.Validate(Input(groups))).TextKey);

    [Fact]
    public void Too_many_or_too_long_groups_and_a_slot_out_of_range_are_refused()
    {
        Assert.Equal("Immersion.Speed.Error.TooManyGroups", Assert.Throws<DomainException>(() => SpeedMeetingPlans.Validate(Input(string.Join('\n', Enumerable.Range(1, 61).Select(i => "G" + i))))).TextKey);
        Assert.Equal("Immersion.Speed.Error.GroupNameTooLong", Assert.Throws<DomainException>(() => SpeedMeetingPlans.Validate(Input(new string('x', 81)))).TextKey);
        Assert.Equal("Immersion.Speed.Error.Slot", Assert.Throws<DomainException>(() => SpeedMeetingPlans.Validate(Input("G", slot: 4))).TextKey);
        Assert.Equal("Immersion.Speed.Error.BreakEvery", Assert.Throws<DomainException>(() => SpeedMeetingPlans.Validate(Input("G", breakEvery: 31))).TextKey);
        Assert.Equal("Immersion.Speed.Error.PartnerDuplicate", Assert.Throws<DomainException>(() => SpeedMeetingPlans.Validate(Input("G", partners: "A\na"))).TextKey);
    }

    [Fact]
    public void Good_input_gives_the_cleaned_lists_and_a_full_rotation()
    {
        var (partners, groups) = SpeedMeetingPlans.Validate(Input(" Rouges \nVerts\n\n", partners: "A\n\nB\nC"));
        Assert.Equal(["A", "B", "C"], partners);
        Assert.Equal(["Rouges", "Verts"], groups);
        var schedule = SpeedMeetingPlans.Compute(3, 2, 15, null, 15, DateTimeOffset.UtcNow);
        Assert.Equal(3, schedule.Rounds.Count);
    }
}
