using CaseHub.Core.Calendar;
using CaseHub.Core.Feedback;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Feedback;

/// <summary>Adjusting a questionnaire before it is sent: add or remove questions, anonymous or named.</summary>
public class QuestionsModel(FeedbackService feedback) : FeedbackPage
{
    [BindProperty(SupportsGet = true)] public Guid FormId { get; set; }
    [BindProperty] public FeedbackQuestionKind Kind { get; set; } = FeedbackQuestionKind.Text;
    [BindProperty] public string? Prompt { get; set; }
    [BindProperty] public bool Required { get; set; }
    [BindProperty] public bool Anonymous { get; set; }

    public FeedbackForm Form { get; private set; } = null!;
    public bool Sent { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct)
        => Act(() => feedback.AddQuestionAsync(FormId, new FeedbackQuestionSpec(Kind, LocalizedText.Same(Prompt), Required), ct), ct);

    public Task<IActionResult> OnPostRemoveAsync(Guid questionId, CancellationToken ct)
        => Act(() => feedback.RemoveQuestionAsync(FormId, questionId, ct), ct);

    public Task<IActionResult> OnPostAnonymousAsync(CancellationToken ct)
        => Act(() => feedback.SetAnonymousAsync(FormId, Anonymous, ct), ct);

    private async Task<IActionResult> Act(Func<Task> action, CancellationToken ct)
    {
        if (await TryAsync(action))
        {
            StatusMessage = T["Common.Saved"];
            return RedirectToPage(new { FormId });
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Form = await feedback.GetFormAsync(FormId, ct);
        Form.Questions = Form.Questions.OrderBy(q => q.Position).ToList();
        Sent = await feedback.InvitedCountAsync(FormId, ct) > 0;
        Anonymous = Form.Anonymous;
    }
}
