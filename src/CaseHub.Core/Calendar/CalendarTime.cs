using System.Globalization;
using CaseHub.Core.Localization;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace CaseHub.Core.Calendar;

/// <summary>One occurrence of an entry: where the rule puts it (<see cref="OriginalStart"/>) and where it really is.</summary>
public sealed record CalendarOccurrence(DateTimeOffset OriginalStart, DateTimeOffset Start, DateTimeOffset End, bool Cancelled, bool Moved);

/// <summary>Brussels wall-clock time: conversions, expansion of series, and how dates read in each language.</summary>
public static class CalendarTime
{
    public const string TimeZoneId = "Europe/Brussels";
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public static DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, Zone);

    /// <summary>
    /// Brussels wall-clock time to an instant. A time skipped by the spring change (02:30 on the last Sunday of March)
    /// moves forward by the gap; a repeated autumn time takes its first (summer-time) instance.
    /// </summary>
    public static DateTimeOffset FromLocal(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local)) local = local.AddHours(1);
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTimeOffset FromLocal(int year, int month, int day, int hour, int minute)
        => FromLocal(new DateTime(year, month, day, hour, minute, 0));

    /// <summary>A date and a time picked in a form (Brussels wall clock) to an instant.</summary>
    public static DateTimeOffset FromLocal(DateOnly date, TimeOnly time) => FromLocal(date.ToDateTime(time));

    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant));

    public static TimeOnly LocalTime(DateTimeOffset instant) => TimeOnly.FromDateTime(ToLocal(instant));

    /// <summary>The instant as an iCalendar date-time with TZID=Europe/Brussels.</summary>
    internal static CalDateTime ToCal(DateTimeOffset instant)
    {
        var l = ToLocal(instant);
        return new CalDateTime(l.Year, l.Month, l.Day, l.Hour, l.Minute, l.Second, TimeZoneId);
    }

    internal static DateTimeOffset FromCal(CalDateTime value) => new(DateTime.SpecifyKind(value.AsUtc, DateTimeKind.Utc));

    /// <summary>Whole seconds: iCalendar has no finer unit, and occurrence starts are compared exactly.</summary>
    internal static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>The occurrences the rule alone produces (no exceptions applied), at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> RuleStarts(DateTimeOffset start, DateTimeOffset end, Recurrence? recurrence, int max = Recurrence.MaxOccurrences)
    {
        if (recurrence is null) return [start];
        var ev = new CalendarEvent { DtStart = ToCal(start), DtEnd = ToCal(end), RecurrenceRule = new RecurrencePattern(recurrence.ToRule()) };
        return ev.GetOccurrences().Take(max).Select(o => FromCal(o.Period.StartTime)).ToList();
    }

    /// <summary>Every occurrence of the entry with its moved and cancelled occurrences applied, in rule order.</summary>
    public static IReadOnlyList<CalendarOccurrence> Occurrences(CalendarEntry entry, int max = Recurrence.MaxOccurrences)
    {
        var byStart = entry.Exceptions.ToDictionary(x => x.OriginalStart.UtcTicks);
        return RuleStarts(entry.Start, entry.End, entry.Recurrence, max).Select(s =>
        {
            if (!byStart.TryGetValue(s.UtcTicks, out var x)) return new CalendarOccurrence(s, s, s + entry.Duration, false, false);
            if (x.Cancelled) return new CalendarOccurrence(s, s, s + entry.Duration, true, false);
            return new CalendarOccurrence(s, x.NewStart!.Value, x.NewEnd!.Value, false, true);
        }).ToList();
    }

    /// <summary>"mardi 14 avril 2026, 09:30–12:00" (or with both dates when it spans days), in Brussels time.</summary>
    public static string FormatRange(DateTimeOffset start, DateTimeOffset end, string language)
    {
        var culture = Languages.Culture(language);
        var s = ToLocal(start);
        var e = ToLocal(end);
        return s.Date == e.Date
            ? $"{FormatDate(start, language)}, {s.ToString("HH:mm", culture)}–{e.ToString("HH:mm", culture)}"
            : $"{FormatDate(start, language)}, {s.ToString("HH:mm", culture)} – {FormatDate(end, language)}, {e.ToString("HH:mm", culture)}";
    }

    /// <summary>"mardi 14 avril 2026".</summary>
    public static string FormatDate(DateTimeOffset instant, string language)
        => ToLocal(instant).ToString("dddd d MMMM yyyy", Languages.Culture(language));

    /// <summary>"mardi 14 avril 2026, 09:30".</summary>
    public static string FormatDateTime(DateTimeOffset instant, string language)
        => FormatDate(instant, language) + ", " + ToLocal(instant).ToString("HH:mm", CultureInfo.InvariantCulture);
}
