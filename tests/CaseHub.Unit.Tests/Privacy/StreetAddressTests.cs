using CaseHub.Core.Privacy;

namespace CaseHub.Unit.Tests.Privacy;

/// <summary>Belgian postal addresses in French and Dutch texts.</summary>
public class StreetAddressTests
{
    private readonly PiiGuard _guard = new();

    [Theory]
    [InlineData("Il habite rue de la Loi 16 depuis mai.", "rue de la Loi 16", "rue ***")]
    [InlineData("Domicile : avenue Louise 54, 1050 Ixelles.", "avenue Louise 54, 1050 Ixelles", "avenue ***, 1*** Ixelles")]
    [InlineData("Nouvelle adresse chaussée de Haecht 123 bte 4.", "chaussée de Haecht 123 bte 4", "chaussée ***")]
    [InlineData("Elle loge boulevard Anspach 1.", "boulevard Anspach 1", "boulevard ***")]
    [InlineData("Rendez-vous place Flagey 7.", "place Flagey 7", "place ***")]
    [InlineData("Elle loge au 16, rue de la Loi.", "16, rue de la Loi", "***, rue ***")]
    [InlineData("Hij woont in de Wetstraat 16.", "Wetstraat 16", "***straat ***")]
    [InlineData("Adres: Brusselsesteenweg 12 bus 3, 9000 Gent", "Brusselsesteenweg 12 bus 3, 9000 Gent", "***steenweg ***, 9*** Gent")]
    [InlineData("Verhuisd naar Koning Albertlaan 5.", "Koning Albertlaan 5", "***laan ***")]
    [InlineData("Afspraak op het Sint-Jansplein 3.", "Sint-Jansplein 3", "***plein ***")]
    public void A_street_with_its_number_is_reported(string text, string address, string masked)
    {
        var f = Assert.Single(_guard.Scan(text));
        Assert.Equal(PiiKind.Address, f.Kind);
        Assert.Equal(address, text.Substring(f.Start, f.Length));
        Assert.Equal(masked, f.Masked);
    }

    [Theory]
    [InlineData("Domicilié à 1000 Bruxelles.", "1000 Bruxelles", "1*** Bruxelles")]
    [InlineData("Elle a déménagé à 1030 Schaerbeek, près du parc.", "1030 Schaerbeek", "1*** Schaerbeek")]
    [InlineData("Woont in 1080 Sint-Jans-Molenbeek sinds maart.", "1080 Sint-Jans-Molenbeek", "1*** Sint-Jans-Molenbeek")]
    [InlineData("Verhuisd naar 2000 Antwerpen.", "2000 Antwerpen", "2*** Antwerpen")]
    public void A_postcode_with_its_commune_is_reported(string text, string address, string masked)
    {
        var f = Assert.Single(_guard.Scan(text));
        Assert.Equal(PiiKind.Address, f.Kind);
        Assert.Equal(address, text.Substring(f.Start, f.Length));
        Assert.Equal(masked, f.Masked);
    }

    [Theory]
    [InlineData("Aide de 3 mois, puis réévaluation.")]
    [InlineData("Une aide de 1500 euros est demandée.")]
    [InlineData("Loyer de 1500 Euros par mois.")]
    [InlineData("Revue en 2026 année de transition.")]
    [InlineData("En 2026 Marie a repris une formation.")]
    [InlineData("Contrat article 60 pour 12 mois.")]
    [InlineData("Il reste une place 2 fois par semaine.")]
    [InlineData("Le CPAS de Schaerbeek suit la demande depuis 2024.")]
    [InlineData("Hij zoekt een woning in de straat 3 keer per week.")]
    [InlineData("Sinds 2025 Januari geen inkomen.")]
    [InlineData("Afspraak op 12 maart om 14 uur, 3 personen.")]
    [InlineData("Dossier C-2026-014, rubrique 1200 du budget.")]
    public void Numbers_in_ordinary_sentences_are_not_addresses(string text)
        => Assert.Empty(_guard.Scan(text));

    [Fact]
    public void A_masked_address_is_clean()
    {
        const string text = "Madame Dupont, rue de la Loi 16, 1000 Bruxelles, tél. 0471 23 45 67.";
        var found = _guard.Scan(text);
        Assert.Equal([PiiKind.TitledName, PiiKind.Address, PiiKind.Phone], found.Select(f => f.Kind));
        var masked = PiiGuard.Mask(text, found);
        Assert.Equal("Madame D., rue ***, 1*** Bruxelles, tél. 0471 ** ** 67.", masked);
        Assert.Empty(_guard.Scan(masked));
    }
}
