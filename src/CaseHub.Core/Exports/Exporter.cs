using CaseHub.Core.Localization;

namespace CaseHub.Core.Exports;

/// <summary>
/// Writes an <see cref="ExportTable"/> as CSV or Excel with headers, sheet name and yes/no in the reader's language.
/// Features build the table (respecting their own access rules); the web layer checks role and membership, audits
/// personal data, and sends the file.
/// </summary>
public sealed class Exporter(TextCatalog texts)
{
    /// <param name="baseName">File name without extension (ASCII, no path), e.g. "discovery-day-2026-03-12".</param>
    public ExportFile Write(ExportTable table, ExportFormat format, string language, string baseName)
    {
        var l = Languages.Normalize(language);
        var headers = table.Columns.Select(c => texts.Get(c.HeaderKey, l)).ToList();
        var name = SafeName(baseName);
        return format switch
        {
            ExportFormat.Xlsx => new ExportFile(name + ".xlsx", XlsxWriter.ContentType, XlsxWriter.Write(table, headers, texts.Get(table.SheetNameKey, l))),
            _ => new ExportFile(name + ".csv", CsvWriter.ContentType, CsvWriter.Write(table, headers, texts.Get("Exports.Yes", l), texts.Get("Exports.No", l))),
        };
    }

    /// <summary>"csv" or "xlsx" (case-insensitive) from a URL; anything else is null.</summary>
    public static ExportFormat? ParseFormat(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "xlsx" or "excel" => ExportFormat.Xlsx,
        _ => null,
    };

    private static string SafeName(string s)
    {
        var clean = new string(s.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '-').ToArray()).Trim('-');
        return clean.Length == 0 ? "export" : clean[..Math.Min(clean.Length, 80)];
    }
}
