using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Common;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Localization;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Pages.Public.DiscoveryDays;

/// <summary>
/// The booking form, without an account. The seat situation is shown above the form ("full: you will join the
/// waiting list" before anyone types), and the answer says what really happened, even if the last seat went while
/// the person was typing. A hidden key makes a double submit one booking; a honeypot field catches bots.
/// </summary>
[EnableRateLimiting(RateLimitOptions.Public)]
public class BookModel(DiscoveryBookingService bookings, IOptions<DiscoveryDayOptions> options, TimeProvider clock) : CaseHubPageModel
{
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(DiscoveryBooking.NameMaxLength, ErrorMessage = V.Length)] public string Name { get; set; } = "";
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(DiscoveryBooking.OrganisationMaxLength, ErrorMessage = V.Length)] public string Organisation { get; set; } = "";
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(254, ErrorMessage = V.Length)] public string Email { get; set; } = "";
    [BindProperty] public string Language { get; set; } = Languages.Default;
    [BindProperty, StringLength(DiscoveryBooking.NeedsMaxLength, ErrorMessage = V.Length)] public string? Needs { get; set; }
    [BindProperty] public bool Consent { get; set; }
    [BindProperty] public string? SubmissionKey { get; set; }
    /// <summary>Honeypot: hidden from people (CSS, aria-hidden, no tab stop); bots fill it.</summary>
    [BindProperty] public string? Website { get; set; }
    /// <summary>What the form said when it was shown: a seat (true) or the waiting list (false).</summary>
    [BindProperty] public bool ExpectedSeat { get; set; }

    public DiscoveryDay Day { get; private set; } = null!;
    public SeatState State { get; private set; }
    public int Waiting { get; private set; }
    public BookingOutcome? Outcome { get; private set; }
    public string? BookedEmail { get; private set; }
    public int RetentionMonths => Math.Max(1, (int)Math.Round(options.Value.PurgeAfterDays / 30.4));

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Language = Lang;
        SubmissionKey = Guid.NewGuid().ToString("N");
        ExpectedSeat = State == SeatState.Available;
        if (User.IsSignedIn())
        {
            Name = User.FindFirst(CaseHubClaimsFactory.DisplayName)?.Value ?? "";
            Email = User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? "";
        }
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        ModelState.Remove(nameof(Consent));
        var done = await TryAsync(async () => Outcome = await bookings.BookAsync(id, new BookingRequest
        {
            Name = Name, Organisation = Organisation, Email = Email, Language = Language, Needs = Needs,
            Consent = Consent, SubmissionKey = SubmissionKey, Website = Website,
        }, ct));
        await LoadAsync(id, ct);
        if (done) BookedEmail = Email.Trim();
        // The form showed a free seat, a concurrent booking took it first (the page says so too): a booking conflict.
        if (ExpectedSeat && Outcome is { Kind: BookingOutcomeKind.Booked, Status: BookingStatus.Waitlisted })
            CaseHub.Core.Common.CaseHubTelemetry.BookingConflicts.Add(1);
        return Page();
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        Day = await bookings.GetDayAsync(id, ct);
        State = DiscoveryView.State(Day, clock.GetUtcNow());
        Waiting = await bookings.WaitingCountAsync(id, ct);
    }
}
