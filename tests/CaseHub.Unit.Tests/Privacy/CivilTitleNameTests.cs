using CaseHub.Core.Privacy;

namespace CaseHub.Unit.Tests.Privacy;

/// <summary>Names after a civil title, in French and Dutch texts, with or without the person in the directory.</summary>
public class CivilTitleNameTests
{
    private readonly PiiGuard _guard = new();

    [Theory]
    [InlineData("Madame Dupont est venue au CPAS.", "Dupont", "D.")]
    [InlineData("Nous avons reçu M. Dupont hier.", "Dupont", "D.")]
    [InlineData("Rendez-vous avec Mme Marie-Claire Lambert jeudi.", "Marie-Claire Lambert", "M. L.")]
    [InlineData("Monsieur Jean-Pierre Van den Berghe a signé.", "Jean-Pierre Van den Berghe", "J. B.")]
    [InlineData("Courrier de Mlle DUBOIS reçu.", "DUBOIS", "D.")]
    [InlineData("Mevrouw De Smet kwam langs.", "De Smet", "S.")]
    [InlineData("Gesprek met Dhr. Peeters over de huur.", "Peeters", "P.")]
    [InlineData("Mevr. Janssens belde terug.", "Janssens", "J.")]
    [InlineData("Meneer Van Damme wacht op antwoord.", "Van Damme", "D.")]
    [InlineData("Monsieur d'Ursel", "d'Ursel", "U.")]
    public void A_name_after_a_title_is_reported(string text, string name, string masked)
    {
        var f = Assert.Single(_guard.Scan(text));
        Assert.Equal(PiiKind.TitledName, f.Kind);
        Assert.Equal(PiiConfidence.High, f.Confidence);
        Assert.Equal(name, text.Substring(f.Start, f.Length));
        Assert.Equal(masked, f.Masked);
    }

    [Theory]
    [InlineData("Monsieur a dit qu'il reviendrait.")]
    [InlineData("M. le Président ouvre la séance.")]
    [InlineData("Madame la Juge a tranché.")]
    [InlineData("Madame Présidente, je vous remercie.")]
    [InlineData("Mevrouw de Voorzitter opent de zitting.")]
    [InlineData("Meneer de Burgemeester was aanwezig.")]
    [InlineData("Madame X. a demandé une aide.")]
    [InlineData("Madame D. a demandé une aide.")]
    [InlineData("Monsieur est accompagné de son fils.")]
    [InlineData("Mevrouw heeft een afspraak.")]
    [InlineData("Emma a pris rendez-vous.")]  // "Emma" ends with "ma", not a title
    public void A_title_without_a_name_is_not_reported(string text)
        => Assert.Empty(_guard.Scan(text));

    [Fact]
    public void Masking_keeps_the_title_and_leaves_a_clean_text()
    {
        const string text = "Madame Dupont et Dhr. Peeters sont d'accord.";
        var masked = PiiGuard.Mask(text, _guard.Scan(text));
        Assert.Equal("Madame D. et Dhr. P. sont d'accord.", masked);
        Assert.Empty(_guard.Scan(masked));
    }

    [Fact]
    public void A_directory_name_after_a_title_stays_a_directory_name()
    {
        var f = Assert.Single(_guard.Scan("Vu M. Dupont ce matin.", ["Marie Dupont"]));
        Assert.Equal((PiiKind.Name, PiiConfidence.High), (f.Kind, f.Confidence));
    }

    [Fact]
    public void A_directory_surname_that_only_starts_a_sentence_is_a_possible_name()
    {
        // "Otto Autre" is in the directory: "Autre lecture." was flagged with full confidence because of its capital.
        var f = Assert.Single(_guard.Scan("Autre lecture. Suite au prochain rendez-vous.", ["Otto Autre"]));
        Assert.Equal((PiiKind.Name, PiiConfidence.Low), (f.Kind, f.Confidence));
        Assert.Equal(PiiConfidence.High, Assert.Single(_guard.Scan("Nous avons parlé avec Autre hier.", ["Otto Autre"])).Confidence);
        Assert.Equal(PiiConfidence.High, Assert.Single(_guard.Scan("AUTRE a appelé.", ["Otto Autre"])).Confidence);
    }
}
