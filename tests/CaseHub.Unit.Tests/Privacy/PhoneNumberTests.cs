using CaseHub.Core.Privacy;

namespace CaseHub.Unit.Tests.Privacy;

public class PhoneNumberTests
{
    private readonly PiiGuard _guard = new();

    [Theory]
    [InlineData("0471 23 45 67")]
    [InlineData("0471/23.45.67")]
    [InlineData("0471 / 23 45 67")]
    [InlineData("0471-23-45-67")]
    [InlineData("0471.23.45.67")]
    [InlineData("0471234567")]
    [InlineData("0498 12 34 56")]
    [InlineData("+32 471 23 45 67")]
    [InlineData("+32471234567")]
    [InlineData("+32 (0)471 23 45 67")]
    [InlineData("0032 471 23 45 67")]
    [InlineData("02 123 45 67")]
    [InlineData("02/123.45.67")]
    [InlineData("02-123-45-67")]
    [InlineData("+32 2 123 45 67")]
    [InlineData("+32 (0)2 123 45 67")]
    [InlineData("010 12 34 56")]
    [InlineData("081/22.33.44")]
    [InlineData("04 223 45 67")]     // Liège landline, not a mobile
    [InlineData("09 123 45 67")]
    [InlineData("(02) 123 45 67")]
    [InlineData("(0471) 23.45.67")]
    [InlineData("+33 6 12 34 56 78")] // a French mobile written internationally
    public void Phone_numbers_are_found_whole(string phone)
    {
        var text = $"Joignable au {phone} après 17h.";
        var f = Assert.Single(_guard.Scan(text));
        Assert.Equal(PiiKind.Phone, f.Kind);
        Assert.Equal(phone, text.Substring(f.Start, f.Length));
    }

    [Theory]
    [InlineData("Rendez-vous le 12/03/2026 à 10h.")]
    [InlineData("Né le 01/02/1990 1 enfant à charge.")]
    [InlineData("Entre le 03.04.2025 et le 05-06-2025.")]
    [InlineData("Montant : 1.250,00 € par mois, soit 0,50 € par jour.")]
    [InlineData("Dossier C-2026-014 et dossier 2026/0471.")]
    [InlineData("Dossier C-0471-23-45-67.")]
    [InlineData("Entreprise BE 0123.456.789 (numéro d'entreprise).")]
    [InlineData("Numéro gratuit 0800 12 345 ou 070 22 33 44 ou 078 15 25 35.")]
    [InlineData("Sans préfixe : 471 23 45 67.")]
    [InlineData("Trop court : 0471 23 45 6.")]
    [InlineData("Hausse de +15 % en 2025, score +3.5.")]
    [InlineData("Horaire 09.30-12.30 puis 13.30-16.30.")]
    [InlineData("Communication +++123/4567/89012+++ ou ***090/9337/55493***.")]
    public void Dates_amounts_codes_and_service_numbers_are_not_phones(string text)
        => Assert.Empty(_guard.Scan(text));

    [Theory]
    [InlineData("0471 23 45 67", "0471 ** ** 67")]
    [InlineData("+32 471 23 45 67", "+32 471 ** ** 67")]
    [InlineData("02 123 45 67", "02 *** ** 67")]
    [InlineData("010 12 34 56", "010 ** ** 56")]
    [InlineData("+32 (0)2 123 45 67", "+32 (0)2 *** ** 67")]
    [InlineData("(02) 123 45 67", "(02) *** ** 67")]
    public void The_preview_keeps_the_zone_and_the_last_two_digits(string phone, string masked)
        => Assert.Equal(masked, Assert.Single(_guard.Scan(phone)).Masked);

    [Fact]
    public void Two_numbers_in_a_row_are_two_findings()
    {
        var text = "GSM 0471 23 45 67 / fixe 02 123 45 67";
        var found = _guard.Scan(text);
        Assert.Equal(["0471 23 45 67", "02 123 45 67"], found.Select(f => text.Substring(f.Start, f.Length)));
    }
}
