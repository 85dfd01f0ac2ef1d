using System.Net;
using System.Text.RegularExpressions;
using CaseHub.TestSupport;

namespace CaseHub.Web.Tests.Platform;

/// <summary>
/// Every error summary names the field each error belongs to and links to it, in the reader's language and
/// typography ("Intitulé : …" in French, "Titel: …" in Dutch), on forms of different features.
/// </summary>
public partial class ErrorSummaryTests(AppFixture fx) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("fr", "<a href=\"#Form_Title\">Intitulé : ")]
    [InlineData("nl", "<a href=\"#Form_Title\">Titel: ")]
    [InlineData("en", "<a href=\"#Form_Title\">Title: ")]
    public async Task The_committee_case_form_names_and_links_the_empty_fields(string lang, string expected)
    {
        using var chair = fx.App.NewClient(lang);
        await chair.SignInAsync("facilitator@demo.casehub.test", Core.Demo.DemoData.Password);
        await SetLanguageAsync(chair, lang);
        using var response = await chair.SubmitAsync("/committees/cases/edit",
            ("Form.Title", ""), ("Form.Household", ""), ("Form.LegalCategory", "Isolated"), ("Form.Request", "Aide urgente"), ("Form.AidType", "EmergencyAid"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = Summary(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, summary);
    }

    [Fact]
    public async Task A_meeting_date_out_of_range_is_named_by_its_label_and_linked()
    {
        using var client = fx.App.NewClient("en");
        await client.SignInAsync("facilitator@demo.casehub.test", Core.Demo.DemoData.Password);
        await SetLanguageAsync(client, "en");
        using var response = await client.SubmitAsync("/meetings/new",
            ("Title", "Summary check"), ("ProtocolKey", "network-meeting"), ("Date", "9999-12-31"), ("StartTime", "09:30"), ("EndTime", "11:00"));
        var summary = Summary(await response.Content.ReadAsStringAsync());
        Assert.Matches("<a href=\"#Date\">[^<:]+: Choose a date between ", summary);
    }

    private static async Task SetLanguageAsync(FormClient client, string lang)
    {
        // The account's language wins over the browser's: set it (the display name is part of the same form).
        using var saved = await client.SubmitToAsync("/account/profile", "/account/profile?handler=Details", ("DisplayName", "Fabienne Facilitatrice"), ("Language", lang));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    private static string Summary(string html)
    {
        var m = SummaryRegex().Match(html);
        Assert.True(m.Success, "no error summary on the page");
        return WebUtility.HtmlDecode(m.Value);
    }

    [GeneratedRegex("<div class=\"alert error error-summary\"[^>]*>.*?</div>", RegexOptions.Singleline)]
    private static partial Regex SummaryRegex();
}
