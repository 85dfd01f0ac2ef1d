using CaseHub.Core.DatePolls;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Polls;

/// <summary>A date poll for a signed-in person: their answers (one tap per slot), the others' unless hidden, and for
/// whoever organises the meeting the grid with the best slots first and the pick.</summary>
public class PollModel(DatePollService polls) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }

    public DatePollView View { get; private set; } = null!;
    [BindProperty] public string? Comment { get; set; }

    private DatePollAccess Access => DatePollAccess.SignedIn(Id, Me);

    public async Task OnGetAsync(CancellationToken ct)
    {
        View = await polls.ViewAsync(Access, Lang, ct);
        Comment = View.Me?.Comment;
    }

    public async Task<IActionResult> OnPostAnswerAsync(Guid? slot, DatePollChoice? choice, CancellationToken ct)
    {
        if (await TryAsync(() => polls.AnswerAsync(Access, slot, choice, ct)))
        {
            StatusMessage = T["Polls.Answer.Saved"];
            return Redirect($"/polls/{Id}#slot-{slot}");
        }
        View = await polls.ViewAsync(Access, Lang, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCommentAsync(CancellationToken ct)
    {
        if (await TryAsync(() => polls.CommentAsync(Access, Comment, ct)))
        {
            StatusMessage = T["Polls.Comment.Saved"];
            return Redirect($"/polls/{Id}#poll-comment");
        }
        View = await polls.ViewAsync(Access, Lang, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPickAsync(Guid? slot, CancellationToken ct)
    {
        if (await TryAsync(() => polls.PickAsync(Id, Me, slot, ct)))
        {
            StatusMessage = T["Polls.Pick.Done"];
            return Redirect($"/polls/{Id}");
        }
        View = await polls.ViewAsync(Access, Lang, ct);
        Comment = View.Me?.Comment;
        return Page();
    }
}
