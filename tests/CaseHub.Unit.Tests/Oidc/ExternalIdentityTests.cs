using CaseHub.Core.Accounts.Oidc;

namespace CaseHub.Unit.Tests.Oidc;

public class ExternalIdentityTests
{
    private static ExternalIdentity With(params (string Type, string Value)[] claims)
        => new("oidc", claims.Select(c => KeyValuePair.Create(c.Type, c.Value)).ToList());

    [Fact]
    public void Multi_valued_claims_come_as_repeated_claims_or_as_one_json_array_and_are_deduplicated()
    {
        var identity = With(("groups", "as"), ("groups", """["as", "coordination"]"""), ("groups", " "), ("sub", "k-1"));
        Assert.Equal(["as", "coordination"], identity.Values("groups"));
        Assert.Equal("k-1", identity.Value("sub"));
        Assert.Null(identity.Value("email"));
    }

    [Fact]
    public void A_value_that_only_looks_like_an_array_is_kept_as_it_is()
        => Assert.Equal(["[not json"], With(("org", "[not json")).Values("org"));

    [Fact]
    public void Configured_scopes_always_include_openid_once_and_default_to_openid_profile_email()
    {
        Assert.Equal(["openid", "profile", "email"], new OidcOptions().EffectiveScopes);
        Assert.Equal(["openid", "email", "groups"], new OidcOptions { Scopes = ["email", "openid", "groups"] }.EffectiveScopes);
    }
}
