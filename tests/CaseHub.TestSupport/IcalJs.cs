using System.Globalization;
using System.Text.Json;

namespace CaseHub.TestSupport;

/// <summary>
/// Reads iCalendar files with ical.js (tests/tools/ical-check.mjs): an independent parser, not the library that wrote
/// them, so a test sees what a calendar client would understand. Batch many files per call: one node start each call.
/// </summary>
public static class IcalJs
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static async Task<IReadOnlyList<IcsInfo>> ParseAsync(IEnumerable<string> files, int occurrences = 20)
    {
        var list = files.ToList();
        if (list.Count == 0) return [];
        var output = await NodeProcess.RunAsync("ical-check.mjs", ["--occurrences", occurrences.ToString(CultureInfo.InvariantCulture)], JsonSerializer.Serialize(list));
        var result = JsonSerializer.Deserialize<List<IcsInfo>>(output, Json) ?? throw new InvalidOperationException("ical-check printed nothing");
        for (var i = 0; i < result.Count; i++)
            if (result[i].Error is { } error) throw new InvalidOperationException($"ical.js could not read ICS #{i}: {error}\n{list[i]}");
        return result;
    }

    public static async Task<IcsInfo> ParseAsync(string ics, int occurrences = 20) => (await ParseAsync([ics], occurrences))[0];
}

public sealed record IcsInfo(string? Method, string? Prodid, string? Version, string? Calname, List<IcsTimeZone> Timezones, List<IcsEvent> Events, string? Error)
{
    /// <summary>The VEVENT without RECURRENCE-ID (the single event, or the master of a series).</summary>
    public IcsEvent Master => Events.Single(e => e.RecurrenceId is null);
}

public sealed record IcsTimeZone(string Tzid, List<IcsObservance> Standard, List<IcsObservance> Daylight);

public sealed record IcsObservance(string? Dtstart, string? Rrule, string? OffsetFrom, string? OffsetTo);

public sealed record IcsEvent(
    string? Uid, int? Sequence, string? Status, string? Summary, string? Description, string? Location, string? Url, DateTimeOffset? Dtstamp,
    IcsTime? Dtstart, IcsTime? Dtend, IcsTime? RecurrenceId, string? Rrule, List<DateTimeOffset> Exdates,
    IcsPerson? Organizer, List<IcsPerson> Attendees, List<IcsOccurrence>? Occurrences);

/// <summary>A date-time as an instant (<see cref="Utc"/>), its wall-clock text and its TZID; <see cref="ZoneResolved"/> is false when the TZID had no VTIMEZONE.</summary>
public sealed record IcsTime(DateTimeOffset Utc, string Local, string? Tzid, bool IsUtc, bool ZoneResolved);

public sealed record IcsPerson(string Value, string? Cn, string? SentBy, string? Role, string? Partstat, string? Rsvp)
{
    public string Email => Value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? Value[7..] : Value;
}

public sealed record IcsOccurrence(DateTimeOffset RecurrenceId, DateTimeOffset Start, DateTimeOffset End, bool Moved);
