using System.Text.RegularExpressions;
using CaseHub.Core.Accounts;
using CaseHub.Core.Localization;

namespace CaseHub.Unit.Tests.Localization;

public partial class TextCatalogTests
{
    private static readonly TextCatalog Catalog = TextCatalog.LoadFrom(typeof(TextCatalog).Assembly, typeof(Program).Assembly);

    [Fact]
    public void A_key_without_every_language_is_refused_at_load()
    {
        var entries = new[] { KeyValuePair.Create<string, IReadOnlyDictionary<string, string>>("X", new Dictionary<string, string> { ["fr"] = "x", ["en"] = "x" }) };
        var ex = Assert.Throws<InvalidOperationException>(() => new TextCatalog(entries));
        Assert.Contains("'nl'", ex.Message);
    }

    [Fact]
    public void A_key_defined_twice_is_refused_at_load()
    {
        var all = new Dictionary<string, string> { ["fr"] = "a", ["nl"] = "b", ["en"] = "c" };
        var entries = new[] { KeyValuePair.Create<string, IReadOnlyDictionary<string, string>>("X", all), KeyValuePair.Create<string, IReadOnlyDictionary<string, string>>("X", all) };
        Assert.Throws<InvalidOperationException>(() => new TextCatalog(entries));
    }

    [Fact]
    public void Texts_come_in_the_requested_language_and_unknown_languages_fall_back_to_french()
    {
        Assert.Equal("Se connecter", Catalog.Get("Nav.SignIn", "fr"));
        Assert.Equal("Aanmelden", Catalog.Get("Nav.SignIn", "nl"));
        Assert.Equal("Sign in", Catalog.Get("Nav.SignIn", "en"));
        Assert.Equal("Se connecter", Catalog.Get("Nav.SignIn", "de"));
        Assert.Equal("Unknown.Key", Catalog.Get("Unknown.Key", "fr"));
    }

    [Fact]
    public void Every_role_has_a_name_in_every_language()
    {
        foreach (var role in Roles.All) Assert.True(Catalog.Contains(Roles.TextKey(role)), role);
    }

    /// <summary>Every literal key the code asks for exists, so no page shows a raw key to a user.</summary>
    [Fact]
    public void Every_key_used_in_the_source_exists_in_the_catalogue()
    {
        var src = Path.Combine(TestPaths.Root, "src");
        var missing = new SortedSet<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)) && !f.Contains("/obj/") && !f.Contains("/bin/") && !f.Contains("/Migrations/")))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in KeyUse().Matches(text))
            {
                var key = m.Groups["key"].Value;
                if (!Catalog.Contains(key)) missing.Add($"{key} ({Path.GetFileName(file)})");
            }
        }
        Assert.Empty(missing);
    }

    /// <summary>
    /// French puts a (narrow) space before : ; ? ! and uses « »; Dutch and English do not. And no source file composes
    /// "label : value" by hand: it goes through TextCatalog.Labelled / "Text.LabelColon", which follow the language.
    /// </summary>
    [Fact]
    public void Dutch_and_English_texts_use_their_own_typography_and_no_code_hard_codes_the_french_colon()
    {
        var wrong = new List<string>();
        foreach (var key in Catalog.Keys)
            foreach (var language in new[] { "nl", "en" })
            {
                var text = Placeholder().Replace(Catalog.Get(key, language), "x");
                if (FrenchSpacing().IsMatch(text) || text.Contains('«') || text.Contains('»')) wrong.Add($"{key} ({language}): {text}");
            }
        var src = Path.Combine(TestPaths.Root, "src");
        foreach (var file in Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal))
                                 && !f.Contains("/obj/") && !f.Contains("/bin/") && !f.Contains("/lib/") && !f.Contains("/Migrations/")))
            foreach (var (line, n) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
                if (HandMadeColon().IsMatch(line)) wrong.Add($"{Path.GetFileName(file)}:{n}: {line.Trim()}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [GeneratedRegex(@"\S[ \u00A0\u202F][:;?!](\s|$)")]
    private static partial Regex FrenchSpacing();

    // "} : {" / "}** : {" / "] :</" / " : `" — a label and a value glued with a French colon in code.
    [GeneratedRegex(@"(\}\*\*|\}|\]|\)) :( \{|</| `|` )|\} : \$?""|@\w+ :</|</(strong|b)> : ")]
    private static partial Regex HandMadeColon();

    [Fact]
    public void Placeholders_match_across_languages()
    {
        foreach (var key in Catalog.Keys)
        {
            var sets = Languages.All.Select(l => string.Join(",", Placeholder().Matches(Catalog.Get(key, l)).Select(m => m.Value).Distinct().Order())).Distinct().ToList();
            Assert.True(sets.Count == 1, $"{key} has different placeholders per language: {string.Join(" / ", sets)}");
        }
    }

    [GeneratedRegex("""(?:\bT|texts|Texts|catalog)(?:\[|\.(?:F|Get|Format)\()\s*"(?<key>[A-Z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)"|DomainException\("(?<key>[A-Z][A-Za-z0-9_.]+)"|"(?<key>(?:Error|Validation)\.[A-Za-z0-9_.]+)"(?=\s*[\]\),;])""")]
    private static partial Regex KeyUse();

    [GeneratedRegex(@"\{\d+[^}]*\}")]
    private static partial Regex Placeholder();
}
