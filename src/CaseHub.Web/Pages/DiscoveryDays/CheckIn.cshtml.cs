using CaseHub.Core.Common;
using CaseHub.Core.DiscoveryDays;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.DiscoveryDays;

/// <summary>
/// The check-in list on the day, made for a phone: one big button per person. Without script each tap is a form
/// post that comes back to the same place in the list; with script (discovery-checkin.js) it happens in place.
/// Outside the day's check-in window the list is shown read-only with when it opens (nobody ticks a list weeks ahead).
/// </summary>
public class CheckInModel(DiscoveryDayService days) : OrganiserPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public DiscoveryDayDetail Detail { get; private set; } = null!;

    /// <summary>Why the buttons are not there (check-in not open yet, closed, day cancelled), or null when open.</summary>
    public string? ClosedReason { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostToggleAsync(Guid bookingId, bool arrived, CancellationToken ct)
    {
        var json = Request.Headers.Accept.ToString().Contains("application/json");
        bool ok;
        try
        {
            ok = await days.CheckInAsync(Id, bookingId, arrived, ct);
        }
        catch (DomainException ex) when (!ex.IsForbidden && !ex.IsNotFound)
        {
            var message = T.Format(ex.TextKey, Lang, ex.Args);
            if (json) return new JsonResult(new { error = message }) { StatusCode = StatusCodes.Status409Conflict };
            ModelState.AddModelError("", message);
            await LoadAsync(ct);
            return Page();
        }
        if (json) return ok ? new JsonResult(new { arrived }) : NotFound();
        return RedirectToPage(null, null, new { Id }, "b-" + bookingId.ToString("N"));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Detail = await days.GetAsync(Id, ct);
        ClosedReason = days.CheckInClosed(Detail.Day) is { } closed ? T.Format(closed.TextKey, Lang, closed.Args) : null;
    }
}
