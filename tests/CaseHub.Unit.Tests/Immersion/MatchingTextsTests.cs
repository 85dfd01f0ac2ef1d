using System.Text.Json;
using CaseHub.Core.Immersion.Matching;
using CaseHub.Core.Localization;

namespace CaseHub.Unit.Tests.Immersion;

public class MatchingTextsTests
{
    private static readonly TextCatalog Catalog = TextCatalog.LoadFrom(typeof(TextCatalog).Assembly);

    public static IEnumerable<object[]> EveryKey()
    {
        var keys = Enum.GetValues<MatchingProblemKind>().Select(k => k.TextKey())
            .Concat(Enum.GetValues<UnmatchedReason>().Select(r => r.TextKey()))
            .Concat(Enum.GetValues<ViolationKind>().Select(k => k.TextKey()))
            .Concat(Enum.GetValues<AgendaItemKind>().Select(k => k.TextKey()))
            .Append(MatchingTexts.InvalidInput);
        return keys.Select(k => new object[] { k });
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void Every_key_the_matching_can_produce_has_a_text(string key)
    {
        Assert.True(Catalog.Contains(key), key);
        foreach (var lang in Languages.All) Assert.NotEqual(key, Catalog.Get(key, lang));
    }

    [Fact]
    public void Problem_and_violation_texts_format_with_the_values_they_carry_in_every_language()
    {
        var input = new Campaign().OfferDate("A", Campaign.Day1, 1).OfferDate("B", Campaign.Day2, 1).Team("t", 1)
            .WorkerUnavailable("ana", "t", [Campaign.Day2], "A", "B", "A", "ghost").Worker("bob", "t", "A").Input(maxRanks: 3);
        var problems = MatchingEngine.Validate(input);
        var violations = MatchingChecker.CheckAssignment(input,
            [new(Campaign.Id("ana"), Campaign.Id("B")), new(Campaign.Id("bob"), Campaign.Id("B")), new(Campaign.Id("bob"), Campaign.Id("A"))]);
        Assert.True(problems.Count >= 3 && violations.Count >= 3);

        foreach (var lang in Languages.All)
        {
            foreach (var p in problems) Assert.DoesNotContain("{", Catalog.Format(p.Key, lang, [.. p.Args]));
            foreach (var v in violations) Assert.DoesNotContain("{", Catalog.Format(v.Key, lang, [.. v.Args]));
        }
        var unavailable = problems.Single(p => p.Kind == MatchingProblemKind.RankedUnavailableDate);
        var day = Campaign.Day2.ToString("d", Languages.Culture("fr"));
        Assert.Equal($"Le choix n° 2 tombe le {day}, un jour marqué comme indisponible.", Catalog.Format(unavailable.Key, "fr", [.. unavailable.Args]));
    }

    [Fact]
    public void The_catalogue_file_holds_only_immersion_keys()
    {
        var file = Path.Combine(TestPaths.Root, "src/CaseHub.Core/Immersion/Matching/matching.texts.json");
        var keys = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllText(file))!.Keys;
        Assert.All(keys, k => Assert.StartsWith("Immersion.", k));
    }
}
