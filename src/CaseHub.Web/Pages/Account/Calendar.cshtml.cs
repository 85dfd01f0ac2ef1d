using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Pages.Account;

/// <summary>
/// The user's private calendar subscription link (webcal). Only the token's hash is stored — the link works like a
/// password to their meetings — so it is shown once, right after it is made; a lost link is replaced by a new one.
/// </summary>
[Authorize]
public class CalendarModel(CalendarService calendar, IOptions<AppOptions> app) : CaseHubPageModel
{
    public bool HasFeed { get; private set; }
    /// <summary>Set only in the response that created the link.</summary>
    public string? HttpsUrl { get; private set; }
    public string? WebcalUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.IsSignedIn()) return Challenge();
        HasFeed = await calendar.HasFeedAsync(Me, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!User.IsSignedIn()) return Challenge();
        var result = await calendar.GetOrCreateFeedTokenAsync(Me, ct);
        if (result.Token is not { } token)
        {
            StatusMessage = T["Calendar.Feed.AlreadyExists"];
            return RedirectToPage();
        }
        return Show(token);
    }

    public async Task<IActionResult> OnPostRegenerateAsync(CancellationToken ct)
    {
        if (!User.IsSignedIn()) return Challenge();
        return Show(await calendar.RegenerateFeedTokenAsync(Me, ct));
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        if (!User.IsSignedIn()) return Challenge();
        await calendar.RevokeFeedAsync(Me, ct);
        StatusMessage = T["Calendar.Feed.Revoked"];
        return RedirectToPage();
    }

    private PageResult Show(string token)
    {
        // The link is a secret: keep this response out of every cache.
        Response.Headers.CacheControl = "no-store";
        HasFeed = true;
        HttpsUrl = app.Value.Link(CalendarLinks.FeedPath(token));
        WebcalUrl = "webcal://" + HttpsUrl[(HttpsUrl.IndexOf("://", StringComparison.Ordinal) + 3)..];
        return Page();
    }
}
