using System.Globalization;

namespace CaseHub.Core.Common;

/// <summary>
/// CaseHub stores instants in UTC and shows and schedules them in Europe/Brussels (CET/CEST), whatever the server's
/// own time zone.
/// </summary>
public static class BrusselsTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    public static DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    /// <summary>The UTC instant of a Brussels wall-clock time. In the autumn overlap the first (summer-time) instant is
    /// used; a time skipped in spring is moved forward by the gap.</summary>
    public static DateTimeOffset ToUtc(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local)) local = local.AddHours(1);
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateOnly Date(DateTimeOffset utc) => DateOnly.FromDateTime(ToLocal(utc).DateTime);

    public static TimeOnly Time(DateTimeOffset utc) => TimeOnly.FromDateTime(ToLocal(utc).DateTime);

    /// <summary>"mardi 14 avril 2026, 09:30–12:00" in the reader's language.</summary>
    public static string Range(DateTimeOffset start, DateTimeOffset end, CultureInfo culture)
    {
        var s = ToLocal(start);
        var e = ToLocal(end);
        var day = s.ToString("dddd d MMMM yyyy", culture);
        return s.Date == e.Date
            ? $"{day}, {s.ToString("HH:mm", culture)}–{e.ToString("HH:mm", culture)}"
            : $"{day}, {s.ToString("HH:mm", culture)} – {e.ToString("dddd d MMMM yyyy, HH:mm", culture)}";
    }
}
