using System.Globalization;
using CaseHub.Core.Common;

namespace CaseHub.Core.Calendar;

public enum RecurrenceFrequency
{
    Weekly = 0,
    Monthly = 1,
}

/// <summary>A weekday in a rule: <c>TU</c>, or with an ordinal in a monthly rule: <c>1TU</c> (first Tuesday), <c>-1FR</c> (last Friday).</summary>
public readonly record struct RecurrenceDay(DayOfWeek Day, int Ordinal = 0)
{
    internal string ToRule() => (Ordinal == 0 ? "" : Ordinal.ToString(CultureInfo.InvariantCulture)) + Recurrence.DayCode(Day);
}

/// <summary>
/// The repetition of a series (intervision every first Tuesday, a weekly preparation session…): the subset of an
/// iCalendar RRULE that CaseHub uses. It is evaluated in Europe/Brussels wall-clock time, so 10:00 stays 10:00
/// across daylight-saving changes. A series must end (COUNT or UNTIL): an endless one cannot be listed or checked.
/// </summary>
public sealed record Recurrence
{
    public const int MaxOccurrences = 500;

    public RecurrenceFrequency Frequency { get; init; }
    /// <summary>Every n weeks / months (1 = every).</summary>
    public int Interval { get; init; } = 1;
    /// <summary>Number of occurrences (the first included). Exactly one of <see cref="Count"/> and <see cref="Until"/> is set.</summary>
    public int? Count { get; init; }
    /// <summary>Last possible start (UTC, inclusive).</summary>
    public DateTimeOffset? Until { get; init; }
    public IReadOnlyList<RecurrenceDay> ByDay { get; init; } = [];
    /// <summary>Days of the month (1..31, or -1 for the last day).</summary>
    public IReadOnlyList<int> ByMonthDay { get; init; } = [];
    /// <summary>Picks the n-th of the days chosen in a month (BYSETPOS), e.g. -1 with MO..FR = last working day.</summary>
    public IReadOnlyList<int> BySetPosition { get; init; } = [];

    /// <summary>Every week (or every <paramref name="interval"/> weeks) on the given days, <paramref name="count"/> times.</summary>
    public static Recurrence Weekly(int count, int interval = 1, params DayOfWeek[] days)
        => new() { Frequency = RecurrenceFrequency.Weekly, Interval = interval, Count = count, ByDay = days.Select(d => new RecurrenceDay(d)).ToList() };

    /// <summary>Every month on the n-th weekday (1 = first, -1 = last), <paramref name="count"/> times.</summary>
    public static Recurrence MonthlyOnWeekday(int ordinal, DayOfWeek day, int count, int interval = 1)
        => new() { Frequency = RecurrenceFrequency.Monthly, Interval = interval, Count = count, ByDay = [new RecurrenceDay(day, ordinal)] };

    /// <summary>The RRULE value, e.g. <c>FREQ=MONTHLY;COUNT=6;BYDAY=1TU</c>.</summary>
    public string ToRule()
    {
        var parts = new List<string> { "FREQ=" + (Frequency == RecurrenceFrequency.Weekly ? "WEEKLY" : "MONTHLY") };
        if (Interval != 1) parts.Add("INTERVAL=" + Interval.ToString(CultureInfo.InvariantCulture));
        if (Count is { } c) parts.Add("COUNT=" + c.ToString(CultureInfo.InvariantCulture));
        // With a TZID start, UNTIL must be in UTC (RFC 5545 3.3.10).
        if (Until is { } u) parts.Add("UNTIL=" + u.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        if (ByDay.Count > 0) parts.Add("BYDAY=" + string.Join(',', ByDay.Select(d => d.ToRule())));
        if (ByMonthDay.Count > 0) parts.Add("BYMONTHDAY=" + string.Join(',', ByMonthDay.Select(i => i.ToString(CultureInfo.InvariantCulture))));
        if (BySetPosition.Count > 0) parts.Add("BYSETPOS=" + string.Join(',', BySetPosition.Select(i => i.ToString(CultureInfo.InvariantCulture))));
        return string.Join(';', parts);
    }

    public override string ToString() => ToRule();

    public bool Equals(Recurrence? other) => other is not null && ToRule() == other.ToRule();
    public override int GetHashCode() => ToRule().GetHashCode(StringComparison.Ordinal);

    /// <summary>Reads a rule written by <see cref="ToRule"/>; null for null.</summary>
    public static Recurrence? Parse(string? rule)
    {
        if (string.IsNullOrWhiteSpace(rule)) return null;
        var r = new Recurrence();
        foreach (var part in rule.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) throw new FormatException($"Bad RRULE part '{part}'");
            var v = kv[1];
            r = kv[0].ToUpperInvariant() switch
            {
                "FREQ" => r with { Frequency = v == "WEEKLY" ? RecurrenceFrequency.Weekly : v == "MONTHLY" ? RecurrenceFrequency.Monthly : throw new FormatException($"Unsupported FREQ {v}") },
                "INTERVAL" => r with { Interval = int.Parse(v, CultureInfo.InvariantCulture) },
                "COUNT" => r with { Count = int.Parse(v, CultureInfo.InvariantCulture) },
                "UNTIL" => r with { Until = new DateTimeOffset(DateTime.ParseExact(v, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero) },
                "BYDAY" => r with { ByDay = v.Split(',').Select(ParseDay).ToList() },
                "BYMONTHDAY" => r with { ByMonthDay = v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() },
                "BYSETPOS" => r with { BySetPosition = v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() },
                _ => throw new FormatException($"Unsupported RRULE part {kv[0]}"),
            };
        }
        return r;
    }

    /// <summary>Checks the rule's shape; the caller also checks that the start is its first occurrence.</summary>
    internal void Validate(DateTimeOffset start)
    {
        const string field = nameof(Recurrence);
        if (!Enum.IsDefined(Frequency)) throw new DomainException("Calendar.Error.RecurrenceInvalid") { Field = field };
        if (Interval is < 1 or > 12) throw new DomainException("Error.OutOfRange", 1, 12) { Field = field };
        if (Count is null == Until is null) throw new DomainException("Calendar.Error.RecurrenceUnbounded") { Field = field };
        if (Count is < 1 or > MaxOccurrences) throw new DomainException("Error.OutOfRange", 1, MaxOccurrences) { Field = field };
        if (Until is { } until && until < start) throw new DomainException("Calendar.Error.RecurrenceInvalid") { Field = field };
        if (ByDay.Distinct().Count() != ByDay.Count) throw new DomainException("Calendar.Error.RecurrenceInvalid") { Field = field };
        var weekly = Frequency == RecurrenceFrequency.Weekly;
        if (ByDay.Any(d => !Enum.IsDefined(d.Day) || (weekly ? d.Ordinal != 0 : d.Ordinal is < -5 or > 5)))
            throw new DomainException("Calendar.Error.RecurrenceInvalid") { Field = field };
        if (weekly && ByMonthDay.Count > 0) throw new DomainException("Calendar.Error.RecurrenceInvalid") { Field = field };
        if (ByMonthDay.Any(d => d is 0 or < -31 or > 31)) throw new DomainException("Calendar.Error.RecurrenceInvalid") { Field = field };
        if (BySetPosition.Any(p => p is 0 or < -31 or > 31) || (BySetPosition.Count > 0 && ByDay.Count + ByMonthDay.Count == 0))
            throw new DomainException("Calendar.Error.RecurrenceInvalid") { Field = field };
    }

    internal static string DayCode(DayOfWeek d) => d switch
    {
        DayOfWeek.Monday => "MO",
        DayOfWeek.Tuesday => "TU",
        DayOfWeek.Wednesday => "WE",
        DayOfWeek.Thursday => "TH",
        DayOfWeek.Friday => "FR",
        DayOfWeek.Saturday => "SA",
        _ => "SU",
    };

    private static RecurrenceDay ParseDay(string s)
    {
        var code = s[^2..];
        var day = Enum.GetValues<DayOfWeek>().First(d => DayCode(d) == code);
        return new RecurrenceDay(day, s.Length > 2 ? int.Parse(s[..^2], CultureInfo.InvariantCulture) : 0);
    }
}
