using CaseHub.Core.Calendar;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Localization;

namespace CaseHub.Web.Pages.Public.DiscoveryDays;

/// <summary>Where a day stands for someone who wants to book, as every discovery page shows it (list, day, form, manage).</summary>
public enum SeatState
{
    Available,
    /// <summary>No seat left: a booking goes on the waiting list.</summary>
    Full,
    Closed,
    DeadlinePassed,
    Started,
    Cancelled,
}

public static class DiscoveryView
{
    public static readonly DiscoveryAudience[] AudienceFlags = [DiscoveryAudience.Partners, DiscoveryAudience.Students, DiscoveryAudience.NewWorkers];

    public static IEnumerable<DiscoveryAudience> Audiences(DiscoveryAudience a) => AudienceFlags.Where(x => a.HasFlag(x));

    public static SeatState State(DiscoveryDay d, DateTimeOffset now) => d switch
    {
        { IsCancelled: true } => SeatState.Cancelled,
        _ when d.HasStarted(now) => SeatState.Started,
        { Status: DiscoveryDayStatus.Closed } => SeatState.Closed,
        _ when now >= d.RegistrationDeadline => SeatState.DeadlinePassed,
        _ when d.SeatsLeft == 0 => SeatState.Full,
        _ => SeatState.Available,
    };

    public static bool AcceptsBookings(SeatState s) => s is SeatState.Available or SeatState.Full;

    /// <summary>CSS modifier of the seat line.</summary>
    public static string Css(SeatState s) => s switch { SeatState.Available => "ok", SeatState.Full => "full", _ => "closed" };

    public static string Languages(DiscoveryDay d, TextCatalog t, string lang)
        => string.Join(", ", d.LanguageList.Select(code => t.Get("Discovery.Language." + code, lang)));

    public static string Day(DateTimeOffset t) => CalendarTime.ToLocal(t).Day.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string MonthShort(DateTimeOffset t, string lang) => CalendarTime.ToLocal(t).ToString("MMM", Core.Localization.Languages.Culture(lang)).TrimEnd('.');

    public static string Time(DateTimeOffset t) => CalendarTime.ToLocal(t).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Model of the _SeatLine partial.</summary>
public sealed record SeatLine(DiscoveryDay Day, SeatState State, int Waiting)
{
    /// <summary>What the line says (seats left, full with the waiting list, closed…), in the reader's language.</summary>
    public string Text(TextCatalog t) => State switch
    {
        SeatState.Available => Day.SeatsLeft == 1 ? t["Discovery.Public.OneSeatLeft"] : t.F("Discovery.Public.SeatsLeft", Day.SeatsLeft, Day.Capacity),
        SeatState.Full => Waiting == 0 ? t["Discovery.Public.FullJoinList"] : t.F("Discovery.Public.FullWaiting", Waiting),
        SeatState.Closed => t["Discovery.Public.StateClosed"],
        SeatState.DeadlinePassed => t["Discovery.Public.StateDeadline"],
        SeatState.Started => t["Discovery.Public.StateStarted"],
        _ => t["Discovery.Public.StateCancelled"],
    };
}
