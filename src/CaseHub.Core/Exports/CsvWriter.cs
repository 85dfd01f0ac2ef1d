using System.Globalization;
using System.Text;

namespace CaseHub.Core.Exports;

/// <summary>
/// CSV for Excel as Belgian offices open it (double-click, no import wizard):
/// <list type="bullet">
/// <item>UTF-8 with a byte-order mark — without it Excel reads the file as Windows-1252 and breaks every accent.</item>
/// <item>Semicolon separator, whatever the user's language: Excel splits a double-clicked CSV with the list separator
/// of Windows' regional settings, and in Belgium (fr-BE, nl-BE, and en-BE too) that is ";" because the decimal
/// separator is ",". A comma-separated file would open as one column. For the same reason decimals are written with a
/// comma. (A "sep=;" first line would force it, but then Excel ignores the byte-order mark.)</item>
/// <item>RFC 4180 quoting: a cell with the separator, a quote or a line break is quoted, quotes doubled; CRLF between rows.</item>
/// <item>Formula-injection guard: a text cell starting with = + - @ tab or CR gets a leading apostrophe, so a
/// spreadsheet shows it as text instead of running it (OWASP "CSV injection").</item>
/// <item>Dates as ISO yyyy-MM-dd and times as yyyy-MM-dd HH:mm in Europe/Brussels: Excel recognises them in every locale.</item>
/// </list>
/// </summary>
public static class CsvWriter
{
    public const char Separator = ';';
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly CultureInfo Decimals = CultureInfo.GetCultureInfo("fr-BE");

    /// <param name="headers">The column headers, already in the reader's language.</param>
    /// <param name="yes">The reader's word for true.</param>
    /// <param name="no">The reader's word for false.</param>
    public static byte[] Write(ExportTable table, IReadOnlyList<string> headers, string yes, string no)
    {
        var sb = new StringBuilder();
        Line(sb, headers.Select(h => Cell(h)));
        foreach (var row in table.Rows) Line(sb, row.Select(c => Cell(Text(c, yes, no), guard: c is string)));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    /// <summary>One value as CSV text, before quoting.</summary>
    public static string Text(object? value, string yes, string no) => value switch
    {
        null => "",
        string s => s,
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.##########", Decimals),
        double d => d.ToString("0.##########", Decimals),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => ExportTable.Local(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? yes : no,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>One cell: neutralised if a spreadsheet would run it as a formula (text only: a negative number stays a
    /// number), then quoted when needed (RFC 4180).</summary>
    public static string Cell(string value, bool guard = true)
    {
        if (guard && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        var quote = value.IndexOfAny([Separator, '"', '\n', '\r']) >= 0;
        return quote ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static void Line(StringBuilder sb, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var c in cells)
        {
            if (!first) sb.Append(Separator);
            sb.Append(c);
            first = false;
        }
        sb.Append("\r\n");
    }
}
