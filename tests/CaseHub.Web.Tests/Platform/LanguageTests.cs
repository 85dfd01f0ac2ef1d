using System.Net;
using CaseHub.Core.Demo;
using CaseHub.TestSupport;

namespace CaseHub.Web.Tests.Platform;

public class LanguageTests(AppFixture f) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("fr-BE,fr;q=0.9", "Se connecter", "fr")]
    [InlineData("nl-BE,nl;q=0.9", "Aanmelden", "nl")]
    [InlineData("en-GB,en;q=0.9", "Sign in", "en")]
    [InlineData("de-DE", "Se connecter", "fr")]
    public async Task Anonymous_visitors_get_their_browser_language_or_french(string acceptLanguage, string text, string lang)
    {
        using var client = f.App.NewClient(acceptLanguage);
        var html = await client.GetStringAsync("/account/sign-in");
        Assert.Contains($"<html lang=\"{lang}\"", html);
        Assert.Contains(text, html);
    }

    [Fact]
    public async Task The_picker_overrides_the_browser_and_is_remembered_on_the_profile()
    {
        using var client = f.App.NewClient("fr");
        await client.SignInAsync("facilitator@demo.casehub.test", DemoData.Password);
        var pick = await client.SubmitToAsync("/", "/language", ("language", "nl"), ("returnUrl", "/account/profile"));
        Assert.Equal(HttpStatusCode.Redirect, pick.StatusCode);
        Assert.Equal("/account/profile", pick.Headers.Location!.OriginalString);
        Assert.Contains("Mijn profiel", await client.GetStringAsync("/account/profile"));

        // Another device with a French browser: the profile's language wins after sign-in.
        using var other = f.App.NewClient("fr");
        await other.SignInAsync("facilitator@demo.casehub.test", DemoData.Password);
        Assert.Contains("<html lang=\"nl\"", await other.GetStringAsync("/"));

        await client.SubmitToAsync("/", "/language", ("language", "fr"), ("returnUrl", "/"));
    }

    [Theory]
    [InlineData("de")]
    [InlineData("<script>")]
    public async Task Unknown_languages_are_refused(string language)
    {
        using var client = f.App.NewClient();
        var pick = await client.SubmitToAsync("/", "/language", ("language", language), ("returnUrl", "/"));
        Assert.Equal(HttpStatusCode.BadRequest, pick.StatusCode);
    }

    [Fact]
    public async Task The_return_address_cannot_lead_to_another_site()
    {
        using var client = f.App.NewClient();
        var pick = await client.SubmitToAsync("/", "/language", ("language", "en"), ("returnUrl", "https://evil.example/"));
        Assert.Equal("/", pick.Headers.Location!.OriginalString);
    }
}
