using System.Net;
using CaseHub.Core.Demo;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

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

/// <summary>Titles CaseHub composes itself are shown in each reader's language, wherever they appear.</summary>
public class ComposedTitleTests(AppFixture f) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_conference_titled_by_casehub_reads_in_dutch_for_a_dutch_partner_and_in_french_for_the_facilitator()
    {
        var (conferenceId, _, code) = await f.App.WithDbAsync(async db =>
        {
            var conference = await db.Conferences.FirstAsync();
            var room = await db.Rooms.FirstAsync(r => r.Id == conference.RoomId);
            var caseCode = await db.ConferenceCases.Where(c => c.Id == conference.CaseId).Select(c => c.Code).FirstAsync();
            Assert.Equal("Concertation " + caseCode, room.Title); // stored once, in the creator's language
            return (conference.Id, room.Id, caseCode);
        });

        using var partner = f.App.NewClient("fr"); // the account's language (Dutch) wins over the browser's
        await partner.SignInAsync("partner@demo.casehub.test", DemoData.Password);
        var home = WebUtility.HtmlDecode(await partner.GetStringAsync("/"));
        Assert.Contains("Overleg " + code, home);
        Assert.DoesNotContain("Concertation " + code, home);
        Assert.Contains("Overleg " + code, WebUtility.HtmlDecode(await partner.GetStringAsync($"/conferences/{conferenceId}")));

        using var facilitator = f.App.NewClient("nl");
        await facilitator.SignInAsync("facilitator@demo.casehub.test", DemoData.Password);
        Assert.Contains("Concertation " + code, WebUtility.HtmlDecode(await facilitator.GetStringAsync($"/conferences/{conferenceId}")));

        // A conference CaseHub titles and invites to: the Dutch partner's invitation and calendar file are in Dutch.
        await f.App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Core.Data.CaseHubDbContext>();
            var first = await db.Conferences.FirstAsync(c => c.Id == conferenceId);
            var members = await db.CaseMembers.Where(m => m.CaseId == first.CaseId).Select(m => m.UserId).ToListAsync();
            var facilitatorId = await db.Users.Where(u => u.Email == "facilitator@demo.casehub.test").Select(u => u.Id).FirstAsync();
            var day = Core.Calendar.CalendarTime.LocalDate(DateTimeOffset.UtcNow).AddDays(12);
            await sp.GetRequiredService<Core.Conferences.ConferenceService>().PrepareAsync(first.CaseId, facilitatorId, new Core.Conferences.ConferencePlan(null,
                Core.Calendar.CalendarTime.FromLocal(day, new TimeOnly(14, 0)), Core.Calendar.CalendarTime.FromLocal(day, new TimeOnly(15, 0)), "CPAS, salle 3", null,
                "Suivi", members.Where(id => id != facilitatorId).ToList(), WithPersonPart: false)); // the public path invites
        });
        var mimes = await f.App.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "partner@demo.casehub.test").Select(m => m.Mime).ToListAsync());
        var calendars = mimes.Where(m => m.Length > 0).Select(m => MimeMessage.Load(new MemoryStream(m)))
            .SelectMany(m => m.BodyParts.OfType<TextPart>().Where(p => p.ContentType.MimeType == "text/calendar").Select(p => p.Text))
            .Where(ics => ics.Contains(code, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(calendars);
        Assert.All(calendars, ics => Assert.Contains("SUMMARY:Overleg " + code, ics));
    }
}
