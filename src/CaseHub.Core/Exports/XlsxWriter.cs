using ClosedXML.Excel;

namespace CaseHub.Core.Exports;

/// <summary>
/// An Excel workbook of one sheet: header row bold, frozen and with an autofilter; real number, date and boolean cells
/// (sortable and summable); dates in Europe/Brussels with an ISO format; every text cell stored as text — never as a
/// formula, and "0470…" or "2024-01-01" typed by a user stays exactly what it was.
/// Column widths are computed from the content: ClosedXML's AdjustToContents measures fonts with GDI+, absent on Linux.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string DateFormat = "yyyy-mm-dd";
    public const string DateTimeFormat = "yyyy-mm-dd hh:mm";
    private const int MinWidth = 8, MaxWidth = 60;

    public static byte[] Write(ExportTable table, IReadOnlyList<string> headers, string sheetName)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(SheetName(sheetName));
        var widths = new int[table.Columns.Count];
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var cell = sheet.Cell(1, c + 1);
            SetText(cell, headers[c]);
            widths[c] = headers[c].Length + 3; // room for the filter button
        }
        var header = sheet.Range(1, 1, 1, table.Columns.Count);
        header.Style.Font.Bold = true;
        header.Style.Fill.BackgroundColor = XLColor.FromHtml("#E8EEF4");

        var r = 2;
        foreach (var row in table.Rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                var width = Set(cell, row[c], table.Columns[c].Kind);
                widths[c] = Math.Max(widths[c], width);
            }
            r++;
        }
        for (var c = 0; c < widths.Length; c++) sheet.Column(c + 1).Width = Math.Clamp(widths[c] + 1, MinWidth, MaxWidth);
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, Math.Max(1, r - 1), table.Columns.Count).SetAutoFilter();

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>Writes one cell; returns the width (in characters) it needs.</summary>
    private static int Set(IXLCell cell, object? value, ExportKind kind)
    {
        switch (value)
        {
            case null:
                return 0;
            case string s:
                SetText(cell, s);
                return s.Split('\n').Max(l => l.Length);
            case int or long or decimal or double:
                cell.SetValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                cell.DataType = XLDataType.Number;
                if (kind == ExportKind.WholeNumber) cell.Style.NumberFormat.Format = "0";
                return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!.Length + 2;
            case DateOnly d:
                cell.SetValue(d.ToDateTime(TimeOnly.MinValue));
                cell.Style.NumberFormat.Format = DateFormat;
                return DateFormat.Length + 2;
            case DateTimeOffset t:
                cell.SetValue(ExportTable.Local(t));
                cell.Style.NumberFormat.Format = DateTimeFormat;
                return DateTimeFormat.Length + 2;
            case bool b:
                cell.SetValue(b);
                cell.DataType = XLDataType.Boolean;
                return 6;
            default:
                throw new ArgumentException("Unsupported cell type " + value.GetType().Name);
        }
    }

    /// <summary>Text stays text: the data type is set first so ClosedXML does not guess a number, a date or a formula.</summary>
    private static void SetText(IXLCell cell, string s)
    {
        cell.DataType = XLDataType.Text;
        cell.SetValue(s);
        cell.DataType = XLDataType.Text;
        if (s.Contains('\n')) cell.Style.Alignment.WrapText = true;
    }

    /// <summary>Excel's rules: at most 31 characters, none of : \ / ? * [ ], not empty.</summary>
    public static string SheetName(string name)
    {
        var clean = new string(name.Where(ch => ch is not (':' or '\\' or '/' or '?' or '*' or '[' or ']') && !char.IsControl(ch)).ToArray()).Trim().Trim('\'');
        if (clean.Length > 31) clean = clean[..31].TrimEnd();
        return clean.Length == 0 ? "Export" : clean;
    }
}
