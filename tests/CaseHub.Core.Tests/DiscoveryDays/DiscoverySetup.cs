using CaseHub.Core.Calendar;
using CaseHub.Core.DiscoveryDays;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.DiscoveryDays;

/// <summary>Discovery-day tests: the host (on 2026-03-02) with days, bookings and the seat invariants.</summary>
internal static class DiscoverySetup
{
    public const string BaseUrl = CoreTestHost.BaseUrl;

    public static Task<CoreTestHost> CreateAsync(IDictionary<string, string?>? settings = null) => CoreTestHost.CreateAsync("discovery", settings: settings);

    public static DiscoveryDayInput Input(DateOnly date, int capacity = 2, WaitlistMode mode = WaitlistMode.Immediate, int offerHours = 24, string title = "Journée découverte du CPAS") => new()
    {
        Title = title,
        Description = "Découvrir les services.",
        ServicesVisited = "Accueil, service social général, ISP",
        Place = "CPAS, salle du conseil",
        Date = date,
        StartTime = new TimeOnly(9, 0),
        EndTime = new TimeOnly(16, 0),
        DeadlineDate = date.AddDays(-1),
        DeadlineTime = new TimeOnly(12, 0),
        Capacity = capacity,
        Audience = DiscoveryAudience.Partners,
        Languages = ["fr", "nl"],
        WaitlistMode = mode,
        OfferHours = offerHours,
        Programme = "09:00 Accueil\n10:00 Visite du service social\n14h30 – Échanges",
        ContactName = "Camille Coordination",
        ContactEmail = "coordination@cpas-demo.test",
    };

    /// <summary>A day <paramref name="daysAhead"/> days after the fake "today" (local date), 09:00–16:00.</summary>
    public static Task<DiscoveryDay> CreateDayAsync(this CoreTestHost bed, int capacity = 2, WaitlistMode mode = WaitlistMode.Immediate, int offerHours = 24, int daysAhead = 20, string title = "Journée découverte du CPAS")
        => bed.InScopeAsync<DiscoveryDayService, DiscoveryDay>(s => s.CreateAsync(Input(bed.Today().AddDays(daysAhead), capacity, mode, offerHours, title), null));

    /// <summary>The fake clock's local date.</summary>
    public static DateOnly Today(this CoreTestHost bed) => CalendarTime.LocalDate(bed.Clock.GetUtcNow());

    public static BookingRequest Request(string email, string name = "Pat Partenaire", string language = "fr") => new()
    {
        Name = name,
        Organisation = "Maison de quartier (test)",
        Email = email,
        Language = language,
        Consent = true,
        SubmissionKey = Guid.NewGuid().ToString("N"),
    };

    /// <summary>Books as a new person; the clock moves one second first, so bookings keep their order in <see cref="BookingsAsync"/>.</summary>
    public static Task<BookingOutcome> BookAsync(this CoreTestHost bed, Guid dayId, string email, string language = "fr")
    {
        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        return bed.InScopeAsync<DiscoveryBookingService, BookingOutcome>(s => s.BookAsync(dayId, Request(email, "Person " + email.Split('@')[0], language)));
    }

    public static Task<List<DiscoveryBooking>> BookingsAsync(this CoreTestHost bed, Guid dayId)
        => bed.DbAsync(db => db.DiscoveryBookings.AsNoTracking().Where(b => b.DayId == dayId).OrderBy(b => b.CreatedAt).ThenBy(b => b.WaitlistNumber).ToListAsync());

    public static Task<DiscoveryDay> DayAsync(this CoreTestHost bed, Guid dayId) => bed.DbAsync(db => db.DiscoveryDays.AsNoTracking().SingleAsync(d => d.Id == dayId));

    public static Task<List<CalendarInvitee>> CurrentInviteesAsync(this CoreTestHost bed, Guid entryId)
        => bed.DbAsync(db => db.CalendarInvitees.AsNoTracking().Where(i => i.EntryId == entryId && i.RemovedAt == null).ToListAsync());

    /// <summary>The token of the newest manage link mailed to <paramref name="address"/>.</summary>
    public static async Task<string> ManageTokenAsync(this CoreTestHost bed, string address)
        => (await bed.MailsToAsync(address)).Select(m => m.Token("/discovery-days/manage/")).Last(t => t is not null)!;

    /// <summary>Checks the seat invariants of a day against its rows.</summary>
    public static async Task AssertInvariantsAsync(this CoreTestHost bed, Guid dayId)
    {
        var day = await bed.DayAsync(dayId);
        var bookings = await bed.BookingsAsync(dayId);
        var holding = bookings.Count(b => b.HoldsSeat);
        Assert.Equal(holding, day.SeatsTaken);
        Assert.True(day.SeatsTaken <= day.Capacity, $"{day.SeatsTaken} seats taken for {day.Capacity}");
        if (bookings.Any(b => b.Status == BookingStatus.Waitlisted) && !day.IsCancelled)
            Assert.Equal(day.Capacity, day.SeatsTaken); // nobody waits while a seat is free
        var invitees = (await bed.CurrentInviteesAsync(day.CalendarEntryId)).Select(i => i.Email).Order().ToList();
        Assert.Equal(bookings.Where(b => b.Status == BookingStatus.Confirmed).Select(b => b.Email).Order().ToList(), invitees);
        var numbers = bookings.Where(b => b.WaitlistNumber is not null).Select(b => b.WaitlistNumber!.Value).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }
}
