using System.Globalization;
using System.Text;
using CaseHub.Core.Calendar;
using CaseHub.Core.Localization;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>
/// The registrants as a CSV file Excel opens correctly: UTF-8 with a byte-order mark (accents), the list separator
/// of the reader's language (";" in fr-BE and nl-BE, "," in en-GB), column names in that language, and every cell
/// that a spreadsheet would read as a formula (= + - @, tab, carriage return) prefixed with an apostrophe.
/// </summary>
public static class DiscoveryCsv
{
    public static byte[] Build(IEnumerable<DiscoveryBooking> bookings, IReadOnlyDictionary<Guid, int> positions, string language, TextCatalog texts)
    {
        var l = Languages.Normalize(language);
        var sep = Languages.Culture(l).TextInfo.ListSeparator;
        if (sep.Length != 1 || sep == "." ) sep = ";";
        var sb = new StringBuilder();
        string[] headers = ["Status", "Position", "Name", "Organisation", "Email", "Language", "Needs", "BookedAt", "CheckedIn", "StillComing"];
        Line(sb, sep, headers.Select(h => texts.Get("Discovery.Csv." + h, l)));
        foreach (var b in bookings)
        {
            Line(sb, sep,
            [
                texts.Get("Discovery.Status." + b.Status, l),
                positions.TryGetValue(b.Id, out var p) ? p.ToString(CultureInfo.InvariantCulture) : "",
                b.Name,
                b.Organisation,
                b.Email,
                b.Language,
                b.Needs ?? "",
                Local(b.CreatedAt),
                b.CheckedInAt is { } c ? Local(c) : "",
                b.StillComing switch { true => texts.Get("Discovery.Csv.Yes", l), false => texts.Get("Discovery.Csv.No", l), _ => "" },
            ]);
        }
        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(sb.ToString());
        return [.. preamble, .. body];
    }

    private static string Local(DateTimeOffset t) => CalendarTime.ToLocal(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string sep, IEnumerable<string> cells)
    {
        sb.Append(string.Join(sep, cells.Select(c => Cell(c, sep))));
        sb.Append("\r\n");
    }

    /// <summary>One cell: neutralised if a spreadsheet would run it as a formula, quoted when needed.</summary>
    public static string Cell(string value, string sep = ";")
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        var quote = value.Contains(sep) || value.Contains('"') || value.Contains('\n') || value.Contains('\r');
        return quote ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
