using CaseHub.Core.Common;

namespace CaseHub.Unit.Tests.Common;

public class SecureTokenTests
{
    [Fact]
    public void Tokens_are_url_safe_unique_and_carry_256_bits()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => SecureToken.New()).ToList();
        Assert.Equal(1000, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.True(SecureToken.LooksValid(t)));
        Assert.All(tokens, t => Assert.Equal(32, Convert.FromBase64String(t.Replace('-', '+').Replace('_', '/') + "=").Length));
    }

    [Fact]
    public void Only_the_hash_is_stored_and_it_is_stable()
    {
        var t = SecureToken.New();
        Assert.Equal(SecureToken.Hash(t), SecureToken.Hash(t));
        Assert.NotEqual(t, SecureToken.Hash(t));
        Assert.Equal(64, SecureToken.Hash(t).Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("'; DROP TABLE AccountTokens; --aaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Garbage_is_rejected_before_any_lookup(string? token) => Assert.False(SecureToken.LooksValid(token));
}
