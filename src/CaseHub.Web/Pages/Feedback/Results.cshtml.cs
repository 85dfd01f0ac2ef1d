using CaseHub.Core.Feedback;

namespace CaseHub.Web.Pages.Feedback;

/// <summary>Aggregated results of a questionnaire; nothing is shown below five answers.</summary>
public class ResultsModel(FeedbackService feedback) : FeedbackPage
{
    public FeedbackResults Results { get; private set; } = null!;

    public async Task OnGetAsync(Guid formId, CancellationToken ct) => Results = await feedback.ResultsAsync(formId, ct);

    /// <summary>Bar width in the 0–100 SVG coordinate space.</summary>
    public static int Width(int count, int total) => total == 0 ? 0 : (int)Math.Round(count * 100.0 / total);
}
