using System.Text;
using CaseHub.Core;
using CaseHub.Core.Localization;
using CaseHub.Core.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Unit.Tests.Privacy;

public class PiiGuardTests
{
    private readonly PiiGuard _guard = new();

    private const string CaseText =
        "Mme Marie Dupont (NN 85.07.30-033.28), joignable au 0471 23 45 67 ou par mail à m.dupont@exemple.be, " +
        "demande une aide. Loyer versé sur BE71 0961 2345 6769. Suivi par Jürgen Müller (02/123.45.67).";

    private static readonly string[] Directory = ["Marie Dupont", "Jürgen Müller"];

    [Fact]
    public void A_case_text_yields_each_item_once_in_text_order()
    {
        var found = _guard.Scan(CaseText, Directory);
        Assert.Equal(
            [
                (PiiKind.Name, "Marie Dupont"), (PiiKind.NationalNumber, "85.07.30-033.28"), (PiiKind.Phone, "0471 23 45 67"),
                (PiiKind.Email, "m.dupont@exemple.be"), (PiiKind.Iban, "BE71 0961 2345 6769"), (PiiKind.Name, "Jürgen Müller"),
                (PiiKind.Phone, "02/123.45.67"),
            ],
            found.Select(f => (f.Kind, CaseText.Substring(f.Start, f.Length))));
        for (var k = 1; k < found.Count; k++) Assert.True(found[k - 1].End <= found[k].Start, "findings overlap");
    }

    [Theory]
    [InlineData("85 07 30 033 28", PiiKind.NationalNumber)]  // its tail "07 30 033 28" would also read as a landline
    [InlineData("85 07 30 033 29", PiiKind.NationalNumber)]  // same, with wrong check digits
    [InlineData("0471234567@exemple.be", PiiKind.Email)]     // a phone number as the local part
    [InlineData("BE68539007547034", PiiKind.Iban)]
    public void Overlapping_candidates_give_one_finding(string text, PiiKind kind)
    {
        var f = Assert.Single(_guard.Scan(text));
        Assert.Equal(kind, f.Kind);
        Assert.Equal((0, text.Length), (f.Start, f.Length));
    }

    [Fact]
    public void Mask_replaces_every_finding_and_leaves_the_rest_untouched()
    {
        var masked = PiiGuard.Mask(CaseText, _guard.Scan(CaseText, Directory));
        Assert.Equal(
            "Mme M. D. (NN 85.**.**-***-**), joignable au 0471 ** ** 67 ou par mail à m***@exemple.be, " +
            "demande une aide. Loyer versé sur BE71 **** **** **69. Suivi par J. M. (02/***.**.67).",
            masked);
        Assert.Empty(_guard.Scan(masked, Directory));
    }

    [Fact]
    public void Mask_without_findings_returns_the_text()
        => Assert.Equal("Rien à signaler.", PiiGuard.Mask("Rien à signaler.", []));

    [Fact]
    public void Mask_refuses_findings_from_another_text()
    {
        var findings = _guard.Scan(CaseText, Directory);
        Assert.Throws<ArgumentOutOfRangeException>(() => PiiGuard.Mask("court", findings));
        PiiFinding[] overlapping = [new(PiiKind.Phone, 0, 5, "x"), new(PiiKind.Email, 3, 4, "y")];
        Assert.Throws<ArgumentException>(() => PiiGuard.Mask("0123456789", overlapping));
    }

    [Fact]
    public void Empty_text_has_no_findings()
    {
        Assert.Empty(_guard.Scan(""));
        Assert.Throws<ArgumentNullException>(() => _guard.Scan(null!));
    }

    /// <summary>Property: every detector needs a digit or an "@", so random prose without them is never flagged.</summary>
    [Fact]
    public void Random_text_without_digits_or_at_signs_yields_nothing()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëàâçîïôûüÉÈÀÇœæß .,;:!?-'’\"()/+*%€$\n\t\u00A0";
        var random = new Random(20260314);
        for (var run = 0; run < 300; run++)
        {
            var sb = new StringBuilder();
            var length = random.Next(0, 3000);
            for (var k = 0; k < length; k++) sb.Append(alphabet[random.Next(alphabet.Length)]);
            var text = sb.ToString();
            Assert.True(_guard.Scan(text).Count == 0, $"finding in random text #{run}");
        }
    }

    /// <summary>A directory of thousands of names and a 50,000-character text: every planted item is found (no timing asserted).</summary>
    [Fact]
    public void A_large_directory_and_a_long_text_find_exactly_what_was_planted()
    {
        var random = new Random(7);
        string[] syllables = ["ba", "ko", "ri", "mu", "te", "lo", "sa", "vi", "ne", "du", "fa", "go", "zi", "pe", "ra"];
        string Word(int parts) => string.Concat(Enumerable.Range(0, parts).Select(_ => syllables[random.Next(syllables.Length)]));
        string Cap(string w) => char.ToUpperInvariant(w[0]) + w[1..];
        var names = Enumerable.Range(0, 3000).Select(_ => $"{Cap(Word(2))} {Cap("x" + Word(3))}").Distinct().ToList();
        var index = KnownNames.From(names);

        var sb = new StringBuilder();
        var planted = 0;
        while (sb.Length < 50_000)
        {
            // Filler words cannot be surnames (those all start with "x").
            for (var k = 0; k < 20; k++) sb.Append(Word(2)).Append(' ');
            sb.Append(names[random.Next(names.Count)]).Append(", ");
            planted++;
        }
        sb.Append("Tél. 0471 23 45 67.");

        var found = _guard.Scan(sb.ToString(), index);
        Assert.Equal(planted, found.Count(f => f.Kind == PiiKind.Name && f.Confidence == PiiConfidence.High));
        Assert.Single(found, f => f.Kind == PiiKind.Phone);
        Assert.Equal(planted + 1, found.Count);
    }

    [Fact]
    public void Every_kind_has_a_label_and_messages_in_every_language()
    {
        var catalog = TextCatalog.LoadFrom(typeof(PiiGuard).Assembly);
        foreach (var kind in Enum.GetValues<PiiKind>())
            foreach (var confidence in Enum.GetValues<PiiConfidence>())
            {
                var f = new PiiFinding(kind, 0, 1, "*", confidence);
                Assert.True(catalog.Contains(f.LabelKey), f.LabelKey);
                Assert.True(catalog.Contains(f.MessageKey), f.MessageKey);
            }
        Assert.Equal("Dit lijkt op een rijksregisternummer (of BIS-nummer).", catalog.Get("Privacy.Message.NationalNumber", "nl"));
    }

    [Fact]
    public void The_guard_is_a_singleton_of_core_services()
    {
        var services = new ServiceCollection();
        services.AddCaseHubCore(new ConfigurationBuilder().Build(), Path.GetTempPath());
        using var provider = services.BuildServiceProvider();
        Assert.Same(provider.GetRequiredService<PiiGuard>(), provider.GetRequiredService<PiiGuard>());
    }
}
