using CaseHub.Core.Localization;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>
/// A discovery day (journée découverte / ontdekkingsdag): a CPAS opens its services to partners, students or new
/// workers for a day with a programme and a fixed number of seats. People book from the public page without an account.
/// <para>Seat counters (<see cref="SeatsTaken"/>, <see cref="WaitlistIssued"/>) are only ever changed by SQL updates
/// made while the day row is locked (see <see cref="DiscoverySeats"/>), never through a tracked entity.</para>
/// </summary>
public class DiscoveryDay
{
    public const string OwnerType = "discovery-day";
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int ServicesMaxLength = 500;
    public const int PlaceMaxLength = 300;
    public const int ReasonMaxLength = 500;
    public const int MaxCapacity = 1000;
    public const int MaxProgrammeItems = 30;
    public const int MaxOfferHours = 24 * 14;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Title { get; set; } = "";
    /// <summary>Free text (Markdown) shown on the public page.</summary>
    public string? Description { get; set; }
    /// <summary>Which services the visitors will see ("Accueil, service social général, ISP…").</summary>
    public string ServicesVisited { get; set; } = "";
    public string Place { get; set; } = "";
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    /// <summary>No new booking (seat or waiting list) after this instant.</summary>
    public DateTimeOffset RegistrationDeadline { get; set; }
    public DiscoveryAudience Audience { get; set; }
    /// <summary>Languages spoken during the day, comma-separated codes ("fr,nl").</summary>
    public string Languages { get; set; } = Localization.Languages.Default;

    public int Capacity { get; set; }
    /// <summary>Confirmed seats plus seats held by an open offer to someone from the waiting list. Never above <see cref="Capacity"/>.</summary>
    public int SeatsTaken { get; set; }
    /// <summary>The last waiting-list number handed out (1, 2, 3…): the order in which the list is served.</summary>
    public int WaitlistIssued { get; set; }
    /// <summary>Bumped by every change of the day or its bookings; the UPDATE that bumps it is also the per-day lock.</summary>
    public int Version { get; set; }

    public DiscoveryDayStatus Status { get; set; }
    public WaitlistMode WaitlistMode { get; set; }
    /// <summary>Time-limited offers: how long the next person has to accept (shortened as the day approaches).</summary>
    public int OfferHours { get; set; }

    public Guid CalendarEntryId { get; set; }
    /// <summary>Organiser as shown in invitations (ORGANIZER) and to whom people can write.</summary>
    public string ContactName { get; set; } = "";
    public string ContactEmail { get; set; } = "";
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public string? CancelReason { get; set; }

    /// <summary>The questionnaire sent after the day (shared Feedback feature).</summary>
    public Guid? FeedbackFormId { get; set; }
    /// <summary>Set by the job that sent the questionnaire (claimed atomically, so it is sent once across nodes).</summary>
    public DateTimeOffset? FeedbackSentAt { get; set; }
    /// <summary>Set when the bookings' personal data were deleted (retention).</summary>
    public DateTimeOffset? PurgedAt { get; set; }

    public List<DiscoveryProgrammeItem> Programme { get; set; } = [];

    public bool IsCancelled => Status == DiscoveryDayStatus.Cancelled;
    public int SeatsLeft => Math.Max(0, Capacity - SeatsTaken);
    public bool HasStarted(DateTimeOffset now) => now >= Start;

    /// <summary>When people can be checked in: around the day itself (<see cref="DiscoveryDayOptions.CheckInOpensHoursBefore"/>).</summary>
    public (DateTimeOffset Opens, DateTimeOffset Closes) CheckInWindow(DiscoveryDayOptions o)
        => (Start.AddHours(-o.CheckInOpensHoursBefore), End.AddHours(o.CheckInClosesHoursAfter));

    /// <summary>Whether a new booking (seat or waiting list) is accepted now.</summary>
    public bool AcceptsBookings(DateTimeOffset now) => Status == DiscoveryDayStatus.Open && now < RegistrationDeadline && now < Start;

    /// <summary>
    /// The days people may move between from their manage link: those with the same title (case and spacing aside),
    /// which is how organisers repeat a programme at several dates.
    /// </summary>
    public static string ProgrammeKey(string title) => string.Join(' ', title.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToUpperInvariant();

    public IReadOnlyList<string> LanguageList => Languages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum DiscoveryDayStatus
{
    /// <summary>Published, registrations open (until the deadline).</summary>
    Open = 0,
    /// <summary>Registrations closed by the organiser; the waiting list is still served.</summary>
    Closed = 1,
    Cancelled = 2,
}

/// <summary>Who the day is meant for (several may apply).</summary>
[Flags]
public enum DiscoveryAudience
{
    None = 0,
    Partners = 1,
    Students = 2,
    NewWorkers = 4,
    All = Partners | Students | NewWorkers,
}

/// <summary>What happens to a freed seat.</summary>
public enum WaitlistMode
{
    /// <summary>The next person on the list gets the seat at once (mail and invitation).</summary>
    Immediate = 0,
    /// <summary>The next person gets an offer they must accept within a time limit; then it passes on.</summary>
    TimedOffer = 1,
}

/// <summary>One line of the timeboxed programme: a local (Brussels) time and what happens.</summary>
public class DiscoveryProgrammeItem
{
    public const int TextMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DayId { get; set; }
    public int Position { get; set; }
    public TimeOnly Time { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>A person's booking: a confirmed seat, a place on the waiting list, an open offer, or its end.</summary>
public class DiscoveryBooking
{
    public const int NameMaxLength = 100;
    public const int OrganisationMaxLength = 150;
    public const int NeedsMaxLength = 500;
    public const int SubmissionKeyMaxLength = 64;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DayId { get; set; }
    public DiscoveryDay? Day { get; set; }
    public BookingStatus Status { get; set; }

    public string Name { get; set; } = "";
    public string Organisation { get; set; } = "";
    /// <summary>Normalised (trimmed, lower case).</summary>
    public string Email { get; set; } = "";
    /// <summary>The e-mail while the booking holds a seat, an offer or a waiting-list place; null after. Unique per day,
    /// so one address cannot hold two places on the same day, even under concurrent submissions.</summary>
    public string? EmailKey { get; set; }
    public string Language { get; set; } = Localization.Languages.Default;
    /// <summary>Optional accessibility or dietary needs.</summary>
    public string? Needs { get; set; }
    public DateTimeOffset ConsentAt { get; set; }
    /// <summary>Random key of the form that created it: the same form posted twice gives one booking.</summary>
    public string SubmissionKey { get; set; } = "";

    /// <summary>Waiting-list number (order of arrival on the list), kept after promotion for the record.</summary>
    public int? WaitlistNumber { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? OfferedAt { get; set; }
    public DateTimeOffset? OfferExpiresAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public CancelledBy? CancelledBy { get; set; }

    /// <summary>Smallest reminder offset (minutes before the start) already sent; reset when the date changes.</summary>
    public int? LastReminderMinutes { get; set; }
    public DateTimeOffset? StillComingSentAt { get; set; }
    /// <summary>Answer to "still coming?": true kept the seat (false released it, and the booking is cancelled).</summary>
    public bool? StillComing { get; set; }
    public DateTimeOffset? StillComingAt { get; set; }
    public DateTimeOffset? CheckedInAt { get; set; }

    public List<DiscoveryBookingToken> Tokens { get; set; } = [];

    public bool IsActive => Status is BookingStatus.Confirmed or BookingStatus.Waitlisted or BookingStatus.Offered;
    public bool HoldsSeat => Status is BookingStatus.Confirmed or BookingStatus.Offered;
}

public enum BookingStatus
{
    Confirmed = 0,
    Waitlisted = 1,
    /// <summary>A seat is held for this person until <see cref="DiscoveryBooking.OfferExpiresAt"/>.</summary>
    Offered = 2,
    Cancelled = 3,
    /// <summary>An offer was not accepted in time; the seat went on.</summary>
    OfferLapsed = 4,
}

public enum CancelledBy
{
    Registrant = 0,
    Organiser = 1,
    /// <summary>"No" to the "still coming?" mail.</summary>
    StillComing = 2,
    DayCancelled = 3,
    OfferDeclined = 4,
    /// <summary>The person moved to another day of the same programme (a new booking holds their place there).</summary>
    MovedToAnotherDay = 5,
}

/// <summary>A personal manage link. Each mail carries a fresh one (only hashes are stored), and older links keep working.</summary>
public class DiscoveryBookingToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid BookingId { get; set; }
    public DiscoveryBooking? Booking { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Paths of the public discovery pages (the web layer serves them).</summary>
public static class DiscoveryLinks
{
    public static string DayPath(Guid dayId) => $"/discovery-days/{dayId}";
    public static string ManagePath(string token) => $"/discovery-days/manage/{token}";
    public static string StillComingPath(string token, bool keep) => $"/discovery-days/manage/{token}/still-coming?answer={(keep ? "yes" : "no")}";
}
