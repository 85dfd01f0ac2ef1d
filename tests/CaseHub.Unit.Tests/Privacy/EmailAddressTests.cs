using CaseHub.Core.Privacy;

namespace CaseHub.Unit.Tests.Privacy;

public class EmailAddressTests
{
    private readonly PiiGuard _guard = new();

    [Theory]
    [InlineData("Écrire à a.martin@exemple-cpas.be.", "a.martin@exemple-cpas.be", "a***@exemple-cpas.be")]
    [InlineData("Contact: first.last+tag@mail.example.org;", "first.last+tag@mail.example.org", "f***@mail.example.org")]
    [InlineData("(x_y-z@sub.exemple.brussels)", "x_y-z@sub.exemple.brussels", "x***@sub.exemple.brussels")]
    [InlineData("Adresse élodie@exemple.be", "élodie@exemple.be", "é***@exemple.be")]
    public void Addresses_are_found_without_surrounding_punctuation(string text, string address, string masked)
    {
        var f = Assert.Single(_guard.Scan(text));
        Assert.Equal(PiiKind.Email, f.Kind);
        Assert.Equal(address, text.Substring(f.Start, f.Length));
        Assert.Equal(masked, f.Masked);
    }

    [Theory]
    [InlineData("Réunion @ 14h au bureau.")]
    [InlineData("Écrire à user@localhost")]
    [InlineData("Domaine a@b.c invalide")]
    [InlineData("Suivez @cpas_exemple")]
    [InlineData("x@.be et y@exemple..be")]
    public void Things_that_are_not_addresses_are_ignored(string text)
        => Assert.Empty(_guard.Scan(text));
}
