using CaseHub.Core.Privacy;

namespace CaseHub.Unit.Tests.Privacy;

/// <summary>Specimen IBANs from bank documentation and made-up account numbers with computed check digits.</summary>
public class IbanTests
{
    private readonly PiiGuard _guard = new();

    [Theory]
    [InlineData("BE71 0961 2345 6769")]
    [InlineData("BE71096123456769")]
    [InlineData("BE68539007547034")]
    [InlineData("be71 0961 2345 6769")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("NL91 ABNA 0417 1643 00")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606")]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("DE89370400440532013000")]
    public void Valid_ibans_are_found_whole(string iban)
    {
        var text = $"Versement sur le compte {iban}, chaque mois.";
        var f = Assert.Single(_guard.Scan(text));
        Assert.Equal(PiiKind.Iban, f.Kind);
        Assert.Equal(iban, text.Substring(f.Start, f.Length));
        Assert.True(Iban.IsValid(iban));
    }

    [Theory]
    [InlineData("BE71 0961 2345 6768")]
    [InlineData("BE72 0961 2345 6769")]
    [InlineData("NL91ABNA0417164301")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 607")]
    [InlineData("DE89 3704 0044 0532 0130 01")]
    [InlineData("XX71 0961 2345 6769")]       // no such country
    [InlineData("BE71 0961 2345 676")]        // too short for Belgium
    public void One_wrong_character_makes_it_no_iban_and_nothing_else_either(string iban)
    {
        Assert.Empty(_guard.Scan($"Compte {iban}."));
        Assert.False(Iban.IsValid(iban));
    }

    [Fact]
    public void The_iban_stops_at_its_country_length()
    {
        var text = "IBAN BE71 0961 2345 6769 EUR";
        var f = Assert.Single(_guard.Scan(text));
        Assert.Equal("BE71 0961 2345 6769", text.Substring(f.Start, f.Length));
    }

    [Fact]
    public void A_valid_iban_followed_by_more_digits_in_its_last_block_is_not_reported()
        => Assert.DoesNotContain(_guard.Scan("BE71 0961 2345 67690"), f => f.Kind == PiiKind.Iban);

    [Fact]
    public void The_preview_shows_country_check_digits_and_last_two_characters()
    {
        Assert.Equal("BE71 **** **** **69", Assert.Single(_guard.Scan("BE71096123456769")).Masked);
        Assert.Equal("FR14 **** **** **** **** **** *06", Assert.Single(_guard.Scan("FR14 2004 1010 0505 0001 3M02 606")).Masked);
    }

    [Fact]
    public void Every_sepa_country_has_a_length()
    {
        string[] sepa = ["AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI", "GR", "HR", "HU",
            "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "SM", "VA"];
        foreach (var cc in sepa) Assert.True(Iban.Lengths.ContainsKey(cc), cc);
        Assert.Equal(16, Iban.Lengths["BE"]);
        Assert.Equal(18, Iban.Lengths["NL"]);
        Assert.Equal(27, Iban.Lengths["FR"]);
        Assert.Equal(22, Iban.Lengths["DE"]);
    }
}
