using CaseHub.Core.Common;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;

namespace CaseHub.Unit.Tests.Intervision;

/// <summary>Method templates and the rotation of narrator and rapporteur.</summary>
public class IntervisionRulesTests
{
    [Fact]
    public void The_group_analysis_method_has_the_phases_of_the_method_in_order_and_the_short_one_lasts_an_hour()
    {
        var protocols = new IntervisionProtocols().Protocols.ToDictionary(p => p.Key);
        var mag = protocols[IntervisionProtocols.GroupAnalysis];
        Assert.Equal(["choice", "narration", "questions", "interpretations", "reaction", "convergences", "proposals", "evaluation"], mag.Phases.Select(p => p.Key));
        Assert.Equal([IntervisionProtocols.Narrator, IntervisionProtocols.Rapporteur], mag.ProtocolRoles);
        Assert.Equal(PhaseKind.Round, mag.Phases.Single(p => p.Key == "questions").Kind);
        Assert.False(mag.Minutes.Notes); // the raw notes never go out in the minutes: the summary does
        Assert.Equal(60, protocols[IntervisionProtocols.PeerConsultation].Phases.Sum(p => p.DefaultMinutes));
    }

    [Fact]
    public void Rotation_gives_everyone_but_the_animateur_each_role_in_turn_and_never_both_at_once()
    {
        var a = Guid.NewGuid(); var b = Guid.NewGuid(); var c = Guid.NewGuid(); var d = Guid.NewGuid();
        var turns = Enumerable.Range(0, 6).Select(i => IntervisionScheduling.Rotation([a, b, c, d], a, i)).ToList();
        Assert.Equal([b, c, d, b, c, d], turns.Select(t => t.NarratorId));
        Assert.Equal([c, d, b, c, d, b], turns.Select(t => t.RapporteurId));
        Assert.All(turns, t => Assert.NotEqual(t.NarratorId, t.RapporteurId));
        Assert.DoesNotContain(turns, t => t.NarratorId == a || t.RapporteurId == a);
        // Two people and an animateur: the animateur joins the rotation so that two roles exist.
        Assert.Contains(a, Enumerable.Range(0, 3).Select(i => IntervisionScheduling.Rotation([a, b], a, i).RapporteurId));
        Assert.Equal("Intervision.Error.TooFewMembers", Assert.Throws<DomainException>(() => IntervisionScheduling.Rotation([a], a, 0)).TextKey);
    }
}
