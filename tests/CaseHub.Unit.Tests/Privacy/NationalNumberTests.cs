using CaseHub.Core.Privacy;

namespace CaseHub.Unit.Tests.Privacy;

/// <summary>All numbers below are synthetic: built from made-up dates and serials with computed check digits.</summary>
public class NationalNumberTests
{
    private readonly PiiGuard _guard = new();

    [Theory]
    [InlineData("85073003328")]        // born 1985, check = 97 - (850730033 mod 97)
    [InlineData("85.07.30-033.28")]    // the layout on the eID card
    [InlineData("85 07 30 033 28")]
    [InlineData("850730-033-28")]
    [InlineData("850730 033 28")]
    [InlineData("85.07.30 033-28")]
    [InlineData("05031212360")]        // born 2005: check uses 2 prefixed (97 - (2050312123 mod 97) = 60)
    [InlineData("05.03.12-123.60")]
    [InlineData("12.03.15-123.20")]    // born 2012
    [InlineData("85301001234")]        // BIS number, month + 20
    [InlineData("85.52.30-101.81")]    // BIS number, month + 40
    public void Valid_numbers_are_found_whole_with_high_confidence(string number)
    {
        var text = $"Le demandeur (NN {number}) est arrivé en 2024.";
        var f = Assert.Single(_guard.Scan(text));
        Assert.Equal(PiiKind.NationalNumber, f.Kind);
        Assert.Equal(PiiConfidence.High, f.Confidence);
        Assert.Equal(number, text.Substring(f.Start, f.Length));
        Assert.True(NationalNumber.IsValid(number));
    }

    [Theory]
    [InlineData("85073003329")]   // one check digit off
    [InlineData("85073103328")]   // one date digit off
    [InlineData("05031212361")]
    public void A_plain_eleven_digit_number_with_wrong_check_digits_is_not_reported(string number)
    {
        Assert.Empty(_guard.Scan($"Référence {number} du fournisseur."));
        Assert.False(NationalNumber.IsValid(number));
    }

    [Theory]
    [InlineData("85.07.30-033.29")]
    [InlineData("850730-033-29")]
    [InlineData("85 07 30 033 29")]
    public void A_number_in_register_layout_with_wrong_check_digits_is_reported_with_low_confidence(string number)
    {
        var text = $"NN : {number}.";
        var f = Assert.Single(_guard.Scan(text));
        Assert.Equal(PiiKind.NationalNumber, f.Kind);
        Assert.Equal(PiiConfidence.Low, f.Confidence);
        Assert.Equal(number, text.Substring(f.Start, f.Length));
        Assert.Equal("Privacy.Message.NationalNumber.Possible", f.MessageKey);
    }

    [Theory]
    [InlineData("85133003370")]      // month 13 with matching check digits: not a birth date
    [InlineData("85073203365")]      // day 32
    [InlineData("85073000061")]      // serial 000
    [InlineData("85.13.30-033.70")]
    public void Matching_check_digits_on_an_impossible_date_are_not_reported(string number)
        => Assert.Empty(_guard.Scan($"Code {number}"));

    [Theory]
    [InlineData("X85073003328")]      // glued to a word
    [InlineData("850730033281")]      // part of a longer number
    [InlineData("185073003328")]
    [InlineData("C-85073003328")]     // inside a code
    [InlineData("85073003328b")]
    public void A_number_inside_a_longer_token_is_not_reported(string token)
        => Assert.Empty(_guard.Scan($"Voir {token} ici"));

    [Fact]
    public void The_preview_keeps_the_birth_date_and_hides_serial_and_check_digits()
    {
        var f = Assert.Single(_guard.Scan("850730 033 28"));
        Assert.Equal("85.**.**-***-**", f.Masked);
        Assert.DoesNotContain("033", f.Masked);
    }

    [Fact]
    public void IsValid_refuses_other_characters_and_other_lengths()
    {
        Assert.False(NationalNumber.IsValid("85O73003328"));
        Assert.False(NationalNumber.IsValid("8507300332"));
        Assert.False(NationalNumber.IsValid("850730033288"));
        Assert.True(NationalNumber.IsValid(" 85.07.30-033.28 "));
    }
}
