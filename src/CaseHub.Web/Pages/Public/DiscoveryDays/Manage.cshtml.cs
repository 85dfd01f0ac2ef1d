using System.ComponentModel.DataAnnotations;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Public.DiscoveryDays;

/// <summary>
/// The personal link of a booking: see where it stands, change one's details, cancel, accept or decline an offered
/// seat. A malformed, unknown or expired link is a plain 404 (no hint whether it ever existed).
/// </summary>
[EnableRateLimiting(RateLimitOptions.Public)]
public class ManageModel(DiscoveryBookingService bookings, TimeProvider clock) : CaseHubPageModel
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(DiscoveryBooking.NameMaxLength, ErrorMessage = V.Length)] public string Name { get; set; } = "";
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(DiscoveryBooking.OrganisationMaxLength, ErrorMessage = V.Length)] public string Organisation { get; set; } = "";
    [BindProperty] public string Language { get; set; } = "";
    [BindProperty, StringLength(DiscoveryBooking.NeedsMaxLength, ErrorMessage = V.Length)] public string? Needs { get; set; }
    /// <summary>Change of day: the date chosen, and whether a full day's waiting list is acceptable.</summary>
    [BindProperty] public Guid? ToDayId { get; set; }
    [BindProperty] public bool JoinWaitlist { get; set; }

    public ManageView View { get; private set; } = null!;
    /// <summary>Other dates of the same programme this booking may move to.</summary>
    public IReadOnlyList<OtherDay> OtherDays { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    /// <summary>Form targets are written out: generated URLs are lower-cased (routing option), and the token is case-sensitive.</summary>
    public string HandlerPath(string handler) => DiscoveryLinks.ManagePath(Token) + "?handler=" + handler;

    public bool CanChange => View.Booking.IsActive && !View.Day.HasStarted(Now) && !View.Day.IsCancelled;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        (Name, Organisation, Language, Needs) = (View.Booking.Name, View.Booking.Organisation, View.Booking.Language, View.Booking.Needs);
    }

    public Task<IActionResult> OnPostUpdateAsync(CancellationToken ct)
        => Act(() => bookings.UpdateDetailsAsync(Token, Name, Organisation, Language, Needs, ct), "Discovery.Manage.Saved", validate: true, ct);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct)
        => Act(() => bookings.CancelAsync(Token, ct), "Discovery.Manage.CancelledMessage", validate: false, ct);

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct)
        => Act(() => bookings.AcceptOfferAsync(Token, ct), "Discovery.Manage.AcceptedMessage", validate: false, ct);

    public Task<IActionResult> OnPostDeclineAsync(CancellationToken ct)
        => Act(() => bookings.DeclineOfferAsync(Token, ct), "Discovery.Manage.DeclinedMessage", validate: false, ct);

    /// <summary>Moves to another date of the programme; the new booking has its own link, so the page follows it.</summary>
    public async Task<IActionResult> OnPostChangeDayAsync(CancellationToken ct)
    {
        ModelState.Clear();
        DayChange? change = null;
        if (await TryAsync(async () => change = await bookings.ChangeDayAsync(Token, ToDayId, JoinWaitlist, ct)))
        {
            StatusMessage = change!.Status == BookingStatus.Waitlisted ? T.F("Discovery.Manage.MovedWaitlisted", change.Position) : T["Discovery.Manage.Moved"];
            return Redirect(DiscoveryLinks.ManagePath(change.Token));
        }
        await LoadAsync(ct);
        (Name, Organisation, Language, Needs) = (View.Booking.Name, View.Booking.Organisation, View.Booking.Language, View.Booking.Needs);
        return Page();
    }

    private async Task<IActionResult> Act(Func<Task> action, string doneKey, bool validate, CancellationToken ct)
    {
        if (!validate) ModelState.Clear();
        if (await TryAsync(action))
        {
            StatusMessage = T[doneKey];
            return Redirect(DiscoveryLinks.ManagePath(Token));
        }
        await LoadAsync(ct);
        if (!validate) (Name, Organisation, Language, Needs) = (View.Booking.Name, View.Booking.Organisation, View.Booking.Language, View.Booking.Needs);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        View = await bookings.ManageAsync(Token, ct);
        OtherDays = await bookings.OtherDaysAsync(Token, ct);
        Now = clock.GetUtcNow();
    }
}
