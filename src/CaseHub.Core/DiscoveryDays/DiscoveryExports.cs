using System.Globalization;
using CaseHub.Core.Calendar;
using CaseHub.Core.Exports;
using CaseHub.Core.Localization;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>The organiser's lists of a day for a spreadsheet: every registrant, and the check-in list (confirmed people).</summary>
public static class DiscoveryExports
{
    /// <summary>Everyone who registered: confirmed, offered, waiting (with their position), then cancelled or lapsed.</summary>
    public static ExportTable Registrants(DiscoveryDayDetail detail, TextCatalog texts, string language)
    {
        var l = Languages.Normalize(language);
        var table = new ExportTable("Discovery.Export.RegistrantsSheet",
            new("Discovery.Csv.Status"), new("Discovery.Csv.Position", ExportKind.WholeNumber), new("Discovery.Csv.Name"), new("Discovery.Csv.Organisation"),
            new("Discovery.Csv.Email"), new("Discovery.Csv.Language"), new("Discovery.Csv.Needs"), new("Discovery.Csv.BookedAt", ExportKind.DateTime),
            new("Discovery.Csv.CheckedIn", ExportKind.DateTime), new("Discovery.Csv.StillComing", ExportKind.Bool));
        var positions = detail.Waitlisted.Select((b, i) => (b.Id, i + 1)).ToDictionary(x => x.Id, x => x.Item2);
        foreach (var b in detail.Confirmed.Concat(detail.Offered).Concat(detail.Waitlisted).Concat(detail.Ended))
            table.Add(texts.Get("Discovery.Status." + b.Status, l), positions.TryGetValue(b.Id, out var p) ? p : null, b.Name, b.Organisation,
                b.Email, b.Language, b.Needs, b.CreatedAt, b.CheckedInAt, b.StillComing);
        return table;
    }

    /// <summary>The confirmed people by name, with arrival time: the paper list for the door, or the day's attendance.</summary>
    public static ExportTable CheckInList(DiscoveryDayDetail detail)
    {
        var table = new ExportTable("Discovery.Export.CheckInSheet",
            new("Discovery.Csv.Name"), new("Discovery.Csv.Organisation"), new("Discovery.Csv.Language"), new("Discovery.Csv.Needs"),
            new("Discovery.Export.Arrived", ExportKind.Bool), new("Discovery.Csv.CheckedIn", ExportKind.DateTime));
        foreach (var b in detail.Confirmed)
            table.Add(b.Name, b.Organisation, b.Language, b.Needs, b.CheckedInAt is not null, b.CheckedInAt);
        return table;
    }

    /// <summary>The organiser's list of days with their counts (no personal data): for the yearly report.</summary>
    public static ExportTable Days(IEnumerable<DiscoveryDayRow> rows, TextCatalog texts, string language)
    {
        var l = Languages.Normalize(language);
        var table = new ExportTable("Discovery.Export.DaysSheet",
            new("Discovery.Export.Start", ExportKind.DateTime), new("Discovery.Export.End", ExportKind.DateTime), new("Discovery.Export.Title"),
            new("Discovery.Export.Place"), new("Discovery.Export.State"), new("Discovery.Export.Capacity", ExportKind.WholeNumber),
            new("Discovery.Export.Confirmed", ExportKind.WholeNumber), new("Discovery.Export.Offered", ExportKind.WholeNumber),
            new("Discovery.Export.Waiting", ExportKind.WholeNumber), new("Discovery.Export.CheckedIn", ExportKind.WholeNumber),
            new("Discovery.Export.Deadline", ExportKind.DateTime));
        foreach (var r in rows)
            table.Add(r.Start, r.End, r.Title, r.Place, texts.Get("Discovery.Export.State." + r.Status, l), r.Capacity, r.Confirmed, r.Offered,
                r.Waitlisted, r.CheckedIn, r.RegistrationDeadline);
        return table;
    }

    /// <summary>File name base: the list and the day's date, e.g. "discovery-day-2026-03-12" / "check-in-2026-03-12".</summary>
    public static string FileBase(DiscoveryDayDetail detail, bool checkIn)
        => (checkIn ? "check-in-" : "discovery-day-") + CalendarTime.LocalDate(detail.Day.Start).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
