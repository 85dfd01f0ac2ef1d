using CaseHub.Core.DiscoveryDays;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.DiscoveryDays;

/// <summary>
/// The check-in list on the day, made for a phone: one big button per person. Without script each tap is a form
/// post that comes back to the same place in the list; with script (discovery-checkin.js) it happens in place.
/// </summary>
public class CheckInModel(DiscoveryDayService days) : OrganiserPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public DiscoveryDayDetail Detail { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Detail = await days.GetAsync(Id, ct);

    public async Task<IActionResult> OnPostToggleAsync(Guid bookingId, bool arrived, CancellationToken ct)
    {
        var ok = await days.CheckInAsync(Id, bookingId, arrived, ct);
        if (Request.Headers.Accept.ToString().Contains("application/json"))
            return ok ? new JsonResult(new { arrived }) : NotFound();
        return RedirectToPage(null, null, new { Id }, "b-" + bookingId.ToString("N"));
    }
}
