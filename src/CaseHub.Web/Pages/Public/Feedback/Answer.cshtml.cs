using CaseHub.Core.Feedback;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Public.Feedback;

/// <summary>
/// Answering a feedback questionnaire through one's personal link (no account). One answer per link; an unknown link
/// is a plain 404. Fields are named q_{question} (the answer) and w_{question} (the "why" of a yes/no).
/// </summary>
[EnableRateLimiting(RateLimitOptions.Public)]
public class AnswerModel(FeedbackService feedback) : CaseHubPageModel
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";

    public FeedbackTicket Ticket { get; private set; } = null!;
    public bool Done { get; private set; }
    /// <summary>What was typed, to show it again when something is missing.</summary>
    public Dictionary<string, string> Posted { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Ticket = await feedback.OpenAsync(Token, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Ticket = await feedback.OpenAsync(Token, ct);
        var answers = new Dictionary<Guid, FeedbackAnswerInput>();
        foreach (var q in Ticket.Form.Questions)
        {
            var key = Field(q);
            var value = Request.Form[key].ToString().Trim();
            var why = Request.Form[WhyField(q)].ToString().Trim();
            Posted[key] = value;
            Posted[WhyField(q)] = why;
            answers[q.Id] = q.Kind switch
            {
                FeedbackQuestionKind.YesNo => new FeedbackAnswerInput(YesNo: value switch { "yes" => true, "no" => false, _ => null }, Text: why),
                FeedbackQuestionKind.Scale => new FeedbackAnswerInput(Scale: int.TryParse(value, out var n) ? n : null),
                _ => new FeedbackAnswerInput(Text: value),
            };
        }
        if (await TryAsync(() => feedback.SubmitAsync(Token, answers, ct)))
        {
            Done = true;
            Ticket = await feedback.OpenAsync(Token, ct);
        }
        return Page();
    }

    public static string Field(FeedbackQuestion q) => "q_" + q.Id.ToString("N");
    public static string WhyField(FeedbackQuestion q) => "w_" + q.Id.ToString("N");
    public string Value(string field) => Posted.GetValueOrDefault(field) ?? "";
}
