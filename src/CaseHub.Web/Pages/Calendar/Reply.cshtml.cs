using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Calendar;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Calendar;

/// <summary>
/// Landing page of the Yes / No / Maybe links in invitation mails. Opening the link (GET) records nothing: mail
/// scanners pre-fetch links. For yes/maybe a small script submits the form at once (one click for a person);
/// for no it offers an optional reason first. The POST records the answer.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimitOptions.Public)]
public class ReplyModel(CalendarService calendar) : CaseHubPageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty(SupportsGet = true)] public string? Answer { get; set; }
    [BindProperty, StringLength(CalendarEntry.ReasonMaxLength, ErrorMessage = V.Length)] public string? Reason { get; set; }

    public ReplyContext Context { get; private set; } = null!;
    public CalendarResponse? Chosen => CalendarLinks.ParseAnswer(Answer);
    /// <summary>True right after the answer was recorded (shows the confirmation, never auto-submits again).</summary>
    public bool Recorded { get; private set; }
    public bool AutoSubmit => !Recorded && Chosen is CalendarResponse.Accepted or CalendarResponse.Tentative && !Context.Entry.IsCancelled;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Context = await calendar.FindReplyAsync(Token, ct);
        if (Chosen is null && Context.Invitee.Response != CalendarResponse.NeedsAction)
            Answer = CalendarLinks.AnswerWord(Context.Invitee.Response);
        Reason ??= Context.Invitee.DeclineReason;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Chosen is not { } response) ModelState.AddModelError(nameof(Answer), T["Calendar.Error.InvalidAnswer"]);
        else if (await TryAsync(async () => Context = await calendar.RecordReplyAsync(Token, response, Reason, ct)))
        {
            Recorded = true;
            return Page();
        }
        Context = await calendar.FindReplyAsync(Token, ct);
        return Page();
    }
}
