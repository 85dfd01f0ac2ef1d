using CaseHub.Core.Conferences;

namespace CaseHub.Unit.Tests.Conferences;

public class VisibilityRuleTests
{
    private static readonly Guid Author = Guid.NewGuid();
    private static Viewer Cpas => new(Guid.NewGuid(), false, true);
    private static Viewer Partner => new(Guid.NewGuid(), false, false);
    private static Viewer Facilitator => new(Guid.NewGuid(), true, true);

    [Theory]
    [InlineData(Visibility.AllParticipants, true, true)]
    [InlineData(Visibility.CpasOnly, true, false)]
    [InlineData(Visibility.AuthorAndFacilitator, false, false)]
    public void Released_items_follow_their_visibility(Visibility visibility, bool cpasSees, bool partnerSees)
    {
        Assert.Equal(cpasSees, VisibilityRules.CanSee(visibility, Author, Cpas));
        Assert.Equal(partnerSees, VisibilityRules.CanSee(visibility, Author, Partner));
        Assert.True(VisibilityRules.CanSee(visibility, Author, Facilitator));
        Assert.True(VisibilityRules.CanSee(visibility, Author, new Viewer(Author, false, false)));
    }

    [Fact]
    public void Sealed_items_are_seen_only_by_their_author_and_the_facilitator()
    {
        Assert.False(VisibilityRules.CanSee(Visibility.AllParticipants, Author, Cpas, released: false));
        Assert.True(VisibilityRules.CanSee(Visibility.AllParticipants, Author, new Viewer(Author, false, true), released: false));
        Assert.True(VisibilityRules.CanSee(Visibility.AllParticipants, Author, Facilitator, released: false));
    }
}
