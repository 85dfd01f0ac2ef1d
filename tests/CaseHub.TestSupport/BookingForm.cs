using System.Net;
using System.Text.RegularExpressions;

namespace CaseHub.TestSupport;

/// <summary>The public discovery-day booking form as a browser sees and posts it (used by the one-node and two-node tests).</summary>
public sealed partial record BookingForm(string Html, string Token, string SubmissionKey)
{
    public bool SaysFull => Html.Contains("data-seat-state=\"full\"");

    public static async Task<BookingForm> OpenAsync(FormClient client, Guid dayId)
    {
        var html = await client.GetStringAsync($"/discovery-days/{dayId}/book");
        var token = FormClient.AntiforgeryToken(html) ?? throw new InvalidOperationException("No form on the booking page: " + html);
        var key = SubmissionKeyRegex().Match(html).Groups[1].Value;
        return new BookingForm(html, token, key);
    }

    public Task<HttpResponseMessage> PostAsync(FormClient client, Guid dayId, string email, string name,
        bool consent = true, string language = "fr", string website = "", string? submissionKey = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Name", name), new("Organisation", "Maison de quartier (test)"), new("Email", email), new("Language", language),
            new("Needs", ""), new("SubmissionKey", submissionKey ?? SubmissionKey), new("ExpectedSeat", SaysFull ? "false" : "true"),
            new("Website", website),
        };
        if (consent) fields.Add(new("Consent", "true"));
        return client.PostAsync($"/discovery-days/{dayId}/book", fields, Token);
    }

    public static async Task<string> ReadHtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The outcome the result page shows: confirmed, waitlisted, already…, or null.</summary>
    public static string? Outcome(string html) => OutcomeRegex().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("name=\"SubmissionKey\" value=\"([^\"]*)\"")]
    private static partial Regex SubmissionKeyRegex();

    [GeneratedRegex("id=\"booking-result\" data-outcome=\"([a-z]+)\"")]
    private static partial Regex OutcomeRegex();
}
