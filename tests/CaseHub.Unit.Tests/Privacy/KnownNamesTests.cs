using CaseHub.Core.Privacy;

namespace CaseHub.Unit.Tests.Privacy;

/// <summary>Directory names are invented for the tests.</summary>
public class KnownNamesTests
{
    private static readonly string[] Directory =
    [
        "Marie Dupont",
        "Jürgen Müller",
        "Jean-Pierre Van den Berghe",
        "Wei Li",
        "Lambotte, Anne-Sophie",
        "Dr Kevin Claes (CPAS Exemple)",
        "Jean Marc Peeters",
        "Eva Van",
    ];

    private readonly PiiGuard _guard = new();

    private List<(string Text, PiiConfidence Confidence, string Masked)> Found(string text)
        => _guard.Scan(text, Directory).Select(f =>
        {
            Assert.Equal(PiiKind.Name, f.Kind);
            return (text.Substring(f.Start, f.Length), f.Confidence, f.Masked);
        }).ToList();

    [Theory]
    [InlineData("Marie Dupont a rencontré l'AS.", "Marie Dupont", "M. D.")]
    [InlineData("marie dupont a rencontré l'AS.", "marie dupont", "M. D.")]
    [InlineData("Dossier de DUPONT Marie.", "DUPONT Marie", "D. M.")]
    [InlineData("Vu avec Jurgen Muller hier.", "Jurgen Muller", "J. M.")]
    [InlineData("Vu avec JÜRGEN MÜLLER hier.", "JÜRGEN MÜLLER", "J. M.")]
    [InlineData("Jean-Pierre Van den Berghe présente.", "Jean-Pierre Van den Berghe", "J. V.")]
    [InlineData("Jean Pierre Van den Berghe présente.", "Jean Pierre Van den Berghe", "J. V.")]
    [InlineData("Anne-Sophie Lambotte présente.", "Anne-Sophie Lambotte", "A. L.")]
    [InlineData("Avis de Kevin Claes.", "Kevin Claes", "K. C.")]
    [InlineData("Wei Li est d'accord.", "Wei Li", "W. L.")]
    public void Full_names_are_found_in_either_order_ignoring_case_and_accents(string text, string name, string masked)
    {
        var f = Assert.Single(Found(text));
        Assert.Equal((name, PiiConfidence.High, masked), f);
    }

    [Theory]
    [InlineData("Selon Dupont, le dossier est complet.", "Dupont")]
    [InlineData("Rapport de M. Müller.", "Müller")]
    [InlineData("Rapport de Mme Muller.", "Muller")]
    [InlineData("La famille Van den Berghe.", "Van den Berghe")]
    [InlineData("Contact : Peeters.", "Peeters")]   // last word of a three-word display name
    public void Surnames_alone_are_found(string text, string name)
    {
        var f = Assert.Single(Found(text));
        Assert.Equal(name, f.Text);
        Assert.Equal(PiiConfidence.High, f.Confidence);
    }

    [Fact]
    public void A_surname_alone_in_lower_case_is_reported_with_low_confidence()
    {
        var f = Assert.Single(Found("voir avec dupont demain"));
        Assert.Equal(("dupont", PiiConfidence.Low, "D."), f);
    }

    [Theory]
    [InlineData("Marietta et Dupontel sont venus.")]     // names inside longer words
    [InlineData("Marie est venue seule.")]                // first names alone are too common
    [InlineData("Le Berghe est une rivière.")]            // part of a compound surname
    [InlineData("Li a signé.")]                           // surname shorter than three letters
    [InlineData("Le rapport van de dienst.")]             // "Van" alone is only a particle
    [InlineData("Dupont2024 est un identifiant.")]
    public void Partial_words_first_names_and_short_surnames_are_not_reported(string text)
        => Assert.Empty(Found(text));

    [Fact]
    public void A_name_inside_an_email_address_is_only_the_email()
    {
        var f = Assert.Single(_guard.Scan("Écrire à marie.dupont@exemple.be", Directory));
        Assert.Equal(PiiKind.Email, f.Kind);
    }

    [Fact]
    public void Names_split_by_punctuation_are_not_one_name()
        // "Marie. Dupont" is two sentences: only the surname is found.
        => Assert.Equal(["Dupont"], Found("Avec Marie. Dupont viendra.").Select(f => f.Text));

    [Fact]
    public void Several_names_are_each_found_in_text_order()
    {
        var text = "Présents : Marie Dupont, Jürgen Müller et Kevin Claes.";
        Assert.Equal(["Marie Dupont", "Jürgen Müller", "Kevin Claes"], Found(text).Select(f => f.Text));
    }

    [Fact]
    public void Without_a_directory_no_name_is_reported()
    {
        Assert.Empty(_guard.Scan("Marie Dupont"));
        Assert.Empty(_guard.Scan("Marie Dupont", []));
        Assert.Empty(_guard.Scan("Marie Dupont", KnownNames.Empty));
    }

    [Fact]
    public void A_prepared_directory_gives_the_same_findings_as_the_plain_list()
    {
        var prepared = KnownNames.From(Directory);
        const string text = "Marie Dupont et dupont et Van den Berghe.";
        Assert.Equal(_guard.Scan(text, Directory), _guard.Scan(text, prepared));
    }

    [Fact]
    public void Fold_removes_case_and_accents()
    {
        Assert.Equal("muller", KnownNames.Fold("Müller"));
        Assert.Equal("strauss", KnownNames.Fold("Strauß"));
        Assert.Equal("oeuvray", KnownNames.Fold("Œuvray"));
        Assert.Equal("eloise", KnownNames.Fold("ÉLOÏSE"));
    }
}
