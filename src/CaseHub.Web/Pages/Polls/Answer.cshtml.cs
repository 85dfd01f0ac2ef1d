using CaseHub.Core.DatePolls;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Polls;

/// <summary>
/// A date poll through a partner's personal link (no sign-in). Opening it records nothing (mail scanners fetch links);
/// each answer is a one-tap form post. The link is bound to one invitee of one poll and stops answering when the poll
/// closes (it then shows the outcome only).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimitOptions.Public)]
public class AnswerModel(DatePollService polls) : CaseHubPageModel
{
    [FromRoute] public string? Token { get; set; }

    public DatePollView View { get; private set; } = null!;
    [BindProperty] public string? Comment { get; set; }

    private DatePollAccess Access => DatePollAccess.Link(Token);

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
            return Redirect($"/polls/answer/{Token}#slot-{slot}");
        }
        View = await polls.ViewAsync(Access, Lang, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCommentAsync(CancellationToken ct)
    {
        if (await TryAsync(() => polls.CommentAsync(Access, Comment, ct)))
        {
            StatusMessage = T["Polls.Comment.Saved"];
            return Redirect($"/polls/answer/{Token}#poll-comment");
        }
        View = await polls.ViewAsync(Access, Lang, ct);
        return Page();
    }
}
