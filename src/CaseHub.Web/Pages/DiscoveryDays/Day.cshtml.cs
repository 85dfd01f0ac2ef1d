using CaseHub.Core.DiscoveryDays;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.DiscoveryDays;

/// <summary>One day for its organisers: counts, registrants, waiting list, and the actions on the day.</summary>
public class DayModel(DiscoveryDayService days, TimeProvider clock) : OrganiserPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public DiscoveryDayDetail Detail { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }
    public bool Changeable => !Detail.Day.IsCancelled && !Detail.Day.HasStarted(Now);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) => Act(() => days.SetRegistrationsOpenAsync(Id, false, ct), "Discovery.Organise.ClosedMessage", ct);
    public Task<IActionResult> OnPostReopenAsync(CancellationToken ct) => Act(() => days.SetRegistrationsOpenAsync(Id, true, ct), "Discovery.Organise.ReopenedMessage", ct);
    public Task<IActionResult> OnPostCancelDayAsync(CancellationToken ct) => Act(() => days.CancelAsync(Id, Reason, ct), "Discovery.Organise.CancelledMessage", ct);
    public Task<IActionResult> OnPostCancelBookingAsync(Guid bookingId, CancellationToken ct) => Act(() => days.CancelBookingAsync(Id, bookingId, ct), "Discovery.Organise.BookingCancelledMessage", ct);

    private async Task<IActionResult> Act(Func<Task> action, string doneKey, CancellationToken ct)
    {
        if (await TryAsync(action, ""))
        {
            StatusMessage = T[doneKey];
            return RedirectToPage(new { Id });
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Detail = await days.GetAsync(Id, ct);
        Now = clock.GetUtcNow();
    }
}
