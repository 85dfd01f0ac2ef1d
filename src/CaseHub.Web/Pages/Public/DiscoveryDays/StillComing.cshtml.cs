using CaseHub.Core.DiscoveryDays;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Public.DiscoveryDays;

/// <summary>
/// Landing page of the "still coming?" links. Opening the link (GET) records nothing (mail scanners open links);
/// for "yes" a small script submits at once, for "no" (releasing a seat cannot be undone) the person confirms with
/// one click. The POST records the answer.
/// </summary>
[EnableRateLimiting(RateLimitOptions.Public)]
public class StillComingModel(DiscoveryBookingService bookings) : CaseHubPageModel
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? Answer { get; set; }

    public ManageView View { get; private set; } = null!;
    public bool Recorded { get; private set; }
    public bool? Keep => Answer switch { "yes" => true, "no" => false, _ => null };
    public bool AutoSubmit => !Recorded && Keep == true && View.Booking.Status == BookingStatus.Confirmed && View.Booking.StillComing is null;

    public async Task OnGetAsync(CancellationToken ct) => View = await bookings.ManageAsync(Token, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Keep is not { } keep) ModelState.AddModelError(nameof(Answer), T["Discovery.StillComing.Choose"]);
        else if (await TryAsync(() => bookings.StillComingAsync(Token, keep, ct))) Recorded = true;
        View = await bookings.ManageAsync(Token, ct);
        return Page();
    }
}
