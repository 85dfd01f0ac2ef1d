using CaseHub.Core.Localization;

namespace CaseHub.Unit.Tests.Localization;

public class ComposedTitlesTests
{
    private static readonly ComposedTitles Titles = new(TextCatalog.LoadFrom(typeof(TextCatalog).Assembly),
        [Core.Conferences.ConferencesModule.AutoTitle, new ComposedTitleKey("Immersion.TeamDebrief.DefaultTitle")]);

    [Theory]
    [InlineData("Concertation DEMO-2026-014", "nl", "Overleg DEMO-2026-014")]
    [InlineData("Concertation DEMO-2026-014", "en", "Case conference DEMO-2026-014")]
    [InlineData("Overleg DEMO-2026-014", "fr", "Concertation DEMO-2026-014")]
    [InlineData("Débriefing des immersions — Équipe Nord", "nl", "Debriefing van de inleefdagen — Équipe Nord")]
    public void A_title_casehub_composed_is_composed_again_in_the_readers_language(string stored, string language, string shown)
        => Assert.Equal(shown, Titles.For(stored, language));

    [Theory]
    [InlineData("Concertation avec la famille Exemple")] // typed by a person: a different text after the same first word
    [InlineData("Réunion de réseau santé mentale")]
    [InlineData("")]
    public void A_title_a_person_typed_is_shown_as_typed(string stored)
    {
        Assert.Equal(stored, Titles.For(stored, "nl"));
        Assert.Equal(new Core.Calendar.LocalizedText(stored, stored, stored), Titles.Localized(stored));
    }
}
