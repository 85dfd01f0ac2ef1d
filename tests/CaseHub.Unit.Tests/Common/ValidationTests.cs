using CaseHub.Core.Common;

namespace CaseHub.Unit.Tests.Common;

public class ValidationTests
{
    [Theory]
    [InlineData("sarah@cpas.example.be")]
    [InlineData("a.b-c+tag@partner.example.org")]
    public void Plain_addresses_are_accepted(string email) => Assert.True(Validation.IsEmail(email));

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("Sarah <sarah@cpas.example.be>")]
    [InlineData("a@x.be, b@y.be")]
    [InlineData("a b@x.be")]
    [InlineData("a@x.be.")]
    public void Malformed_addresses_are_refused(string email) => Assert.False(Validation.IsEmail(email));

    [Fact]
    public void Addresses_longer_than_254_characters_are_refused()
        => Assert.False(Validation.IsEmail(new string('a', 250) + "@x.be"));

    [Fact]
    public void RequireText_names_the_field_and_the_limit()
    {
        var ex = Assert.Throws<DomainException>(() => Validation.RequireText(new string('x', 101), 100, "Title"));
        Assert.Equal("Error.TooLong", ex.TextKey);
        Assert.Equal("Title", ex.Field);
        Assert.Equal(100, ex.Args[0]);
        Assert.Equal("Error.Required", Assert.Throws<DomainException>(() => Validation.RequireText("  ", 100, "Title")).TextKey);
    }
}
