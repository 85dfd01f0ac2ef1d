using System.Net;
using System.Text;
using CaseHub.TestSupport;
using ClosedXML.Excel;

namespace CaseHub.Web.Tests.Exports;

/// <summary>Downloads an export and opens it as a spreadsheet would: CSV parsed (RFC 4180, ";"), XLSX opened with ClosedXML.</summary>
public static class ExportFiles
{
    /// <summary>Switches the client's language the way the language picker does (culture cookie).</summary>
    public static void UseLanguage(FormClient client, Uri baseAddress, string language)
    {
        var culture = CaseHub.Core.Localization.Languages.Culture(language).Name;
        client.Cookies.Add(baseAddress, new Cookie(".AspNetCore.Culture", $"c={culture}|uic={culture}"));
    }

    public static async Task<List<string[]>> CsvAsync(FormClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Parse(Encoding.UTF8.GetString(bytes[3..]));
    }

    public static async Task<XLWorkbook> XlsxAsync(FormClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CaseHub.Core.Exports.XlsxWriter.ContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        return new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
    }

    /// <summary>The sheet's rows as text (header first), up to the last used row and column.</summary>
    public static List<string[]> Rows(IXLWorksheet sheet)
    {
        var last = sheet.LastRowUsed()!.RowNumber();
        var cols = sheet.LastColumnUsed()!.ColumnNumber();
        return Enumerable.Range(1, last).Select(r => Enumerable.Range(1, cols).Select(c => sheet.Cell(r, c).GetString()).ToArray()).ToList();
    }

    /// <summary>RFC 4180 with ";" as separator: quoted cells may hold separators, doubled quotes and line breaks.</summary>
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ';') { row.Add(cell.ToString()); cell.Clear(); }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString()); cell.Clear();
                rows.Add([.. row]); row.Clear();
                i++;
            }
            else cell.Append(ch);
        }
        Assert.False(quoted, "unterminated quote");
        Assert.True(row.Count == 0 && cell.Length == 0, "the last row must end with CRLF");
        return rows;
    }

    public static int Column(string[] header, string name)
    {
        var i = Array.IndexOf(header, name);
        Assert.True(i >= 0, $"column '{name}' not in [{string.Join(" | ", header)}]");
        return i;
    }
}
