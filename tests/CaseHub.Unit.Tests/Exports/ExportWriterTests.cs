using System.Text;
using CaseHub.Core.Calendar;
using CaseHub.Core.Committees;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Exports;
using CaseHub.Core.Immersion;
using CaseHub.Core.Localization;
using ClosedXML.Excel;

namespace CaseHub.Unit.Tests.Exports;

public class ExportWriterTests
{
    private static readonly TextCatalog Texts = TextCatalog.LoadFrom(typeof(TextCatalog).Assembly, typeof(Program).Assembly);
    private static readonly Exporter Exporter = new(Texts);

    // Summer (UTC+2) and winter (UTC+1) instants: the files show Brussels wall-clock time.
    private static readonly DateTimeOffset Summer = new(2026, 7, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Winter = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    private static ExportTable Sample() => new ExportTable("Immersion.Export.MatchingSheet",
            new("Immersion.Export.Worker"), new("Immersion.Export.Rank", ExportKind.WholeNumber), new("Committees.Ballot.Amount", ExportKind.Number),
            new("Immersion.Export.Date", ExportKind.Date), new("Immersion.Export.UpdatedAt", ExportKind.DateTime), new("Immersion.Export.Invited", ExportKind.Bool))
        .Add("Zoé Exemple", 1, 1234.5m, new DateOnly(2026, 3, 12), Summer, true)
        .Add("=HYPERLINK(\"http://evil.test\";\"clic\")", -3, -0.25m, null, Winter, false)
        .Add("Ligne 1\nLigne 2; suite", null, null, null, null, null);

    private static string[] CsvLines(byte[] bytes)
    {
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
    }

    [Fact]
    public void Csv_has_a_bom_semicolons_localized_headers_brussels_times_and_decimal_commas()
    {
        var file = Exporter.Write(Sample(), ExportFormat.Csv, "fr", "sample");
        Assert.Equal(("sample.csv", "text/csv; charset=utf-8"), (file.FileName, file.ContentType));
        var lines = CsvLines(file.Content);
        Assert.Equal("Travailleur;Rang du choix;" + Texts.Get("Committees.Ballot.Amount", "fr") + ";Date;Mis à jour le;Invitation envoyée", lines[0]);
        Assert.Equal("Zoé Exemple;1;1234,5;2026-03-12;2026-07-01 12:00;oui", lines[1]);
        // A formula becomes text; a negative number stays a number (no apostrophe).
        Assert.Equal("\"'=HYPERLINK(\"\"http://evil.test\"\";\"\"clic\"\")\";-3;-0,25;;2026-01-15 11:30;non", lines[2]);
        // RFC 4180: a line break or a separator inside a cell is quoted; the row still ends with CRLF.
        Assert.Equal("\"Ligne 1\nLigne 2; suite\";;;;;", lines[3]);
        Assert.Equal("", lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Theory]
    [InlineData("nl", "Medewerker;Rang van de keuze", "ja")]
    [InlineData("en", "Worker;Choice rank", "yes")]
    [InlineData("fr", "Travailleur;Rang du choix", "oui")]
    public void Csv_headers_and_booleans_follow_the_readers_language(string language, string headers, string yes)
    {
        var lines = CsvLines(Exporter.Write(Sample(), ExportFormat.Csv, language, "x").Content);
        Assert.StartsWith(headers + ";", lines[0]);
        Assert.EndsWith(";" + yes, lines[1]);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+32 2 000 00 00", "'+32 2 000 00 00")]
    [InlineData("-", "'-")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("Zoé", "Zoé")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("a,b", "a,b")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=\"x\";1", "\"'=\"\"x\"\";1\"")]
    public void Csv_cells_are_neutralised_then_quoted(string value, string expected)
        => Assert.Equal(expected, CsvWriter.Cell(value));

    [Fact]
    public void A_cell_that_does_not_fit_its_column_is_refused()
    {
        var table = new ExportTable("Exports.Yes", new ExportColumn("Exports.Yes", ExportKind.Date), new ExportColumn("Exports.No", ExportKind.WholeNumber));
        Assert.Throws<ArgumentException>(() => table.Add(DateTime.UtcNow, 1));          // a DateTime has no time zone: refused
        Assert.Throws<ArgumentException>(() => table.Add(new DateOnly(2026, 1, 1), 1.5)); // not a whole number
        Assert.Throws<ArgumentException>(() => table.Add(new DateOnly(2026, 1, 1)));      // missing a cell
        table.Add(new DateOnly(2026, 1, 1), 2L);
        Assert.Single(table.Rows);
    }

    [Fact]
    public void Xlsx_has_a_bold_frozen_filtered_header_real_numbers_dates_and_booleans_and_text_that_stays_text()
    {
        var table = Sample().Add("0470 12 34 56", 2, 0m, null, null, null).Add("00123", null, null, null, null, null).Add("2024-01-01", null, null, null, null, null);
        var file = Exporter.Write(table, ExportFormat.Xlsx, "nl", "sample");
        Assert.Equal(("sample.xlsx", XlsxWriter.ContentType), (file.FileName, file.ContentType));
        using var workbook = new XLWorkbook(new MemoryStream(file.Content));
        var sheet = Assert.Single(workbook.Worksheets);
        Assert.Equal("Toewijzingen", sheet.Name);
        Assert.Equal("Medewerker", sheet.Cell(1, 1).GetString());
        Assert.Equal("Uitnodiging verstuurd", sheet.Cell(1, 6).GetString());
        Assert.True(sheet.Cell(1, 1).Style.Font.Bold);
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.True(sheet.AutoFilter.IsEnabled);
        Assert.Equal("A1:F7", sheet.AutoFilter.Range.RangeAddress.ToString());

        Assert.Equal(XLDataType.Text, sheet.Cell(2, 1).DataType);
        Assert.Equal("Zoé Exemple", sheet.Cell(2, 1).GetString());
        Assert.Equal(XLDataType.Number, sheet.Cell(2, 2).DataType);
        Assert.Equal(1.0, sheet.Cell(2, 2).GetDouble());
        Assert.Equal(1234.5, sheet.Cell(2, 3).GetDouble());
        Assert.Equal(XLDataType.DateTime, sheet.Cell(2, 4).DataType);
        Assert.Equal(new DateTime(2026, 3, 12), sheet.Cell(2, 4).GetDateTime());
        Assert.Equal(new DateTime(2026, 7, 1, 12, 0, 0), sheet.Cell(2, 5).GetDateTime());
        Assert.Equal(new DateTime(2026, 1, 15, 11, 30, 0), sheet.Cell(3, 5).GetDateTime());
        Assert.Equal(XLDataType.Boolean, sheet.Cell(2, 6).DataType);
        Assert.True(sheet.Cell(2, 6).GetBoolean());
        Assert.False(sheet.Cell(3, 6).GetBoolean());
        Assert.Equal(-3.0, sheet.Cell(3, 2).GetDouble());

        // A formula typed by someone is stored as text, never run; numbers and dates typed as text stay exactly as typed.
        Assert.False(sheet.Cell(3, 1).HasFormula);
        Assert.Equal(XLDataType.Text, sheet.Cell(3, 1).DataType);
        Assert.Equal("=HYPERLINK(\"http://evil.test\";\"clic\")", sheet.Cell(3, 1).GetString());
        Assert.Equal("Ligne 1\nLigne 2; suite", sheet.Cell(4, 1).GetString());
        foreach (var (row, text) in new[] { (5, "0470 12 34 56"), (6, "00123"), (7, "2024-01-01") })
        {
            Assert.Equal(XLDataType.Text, sheet.Cell(row, 1).DataType);
            Assert.Equal(text, sheet.Cell(row, 1).GetString());
        }
        Assert.True(sheet.Cell(4, 2).IsEmpty());
        // Columns are wide enough for their content (computed, not measured with fonts).
        Assert.True(sheet.Column(1).Width >= "=HYPERLINK(\"http://evil.test\";\"clic\")".Length);
    }

    [Theory]
    [InlineData("Jurisprudence interne", "Jurisprudence interne")]
    [InlineData("Inscrits: mars / avril*", "Inscrits mars avril")]
    [InlineData("Une liste dont le nom est bien trop long pour Excel", "Une liste dont le nom est bien")]
    [InlineData("[]", "Export")]
    public void Sheet_names_follow_excel_rules(string name, string expected)
        => Assert.Equal(expected, XlsxWriter.SheetName(name).Replace("  ", " "));

    [Fact]
    public void Every_header_and_sheet_name_of_the_feature_exports_exists_in_french_dutch_and_english()
    {
        var day = new DiscoveryDay { Title = "Journée test", Start = Summer, End = Summer.AddHours(6) };
        var detail = new DiscoveryDayDetail(day, []);
        ExportTable[] tables =
        [
            DiscoveryExports.Registrants(detail, Texts, "fr"), DiscoveryExports.CheckInList(detail), ImmersionExports.Directory([]),
            new CaseLawQueries(null!, Texts).ToTable([], "fr"), ImmersionExports.MatchingTable(), CaseHub.Core.Conferences.ConferenceExports.NewTable(),
            DiscoveryExports.Days([], Texts, "fr"),
        ];
        var keys = tables.SelectMany(t => t.Columns.Select(c => c.HeaderKey).Append(t.SheetNameKey))
            .Concat(["Exports.Yes", "Exports.No", "Immersion.Export.Placement.Matched", "Immersion.Export.Placement.Manual", "Immersion.Export.Placement.Unplaced"])
            .Concat(Enum.GetValues<DiscoveryDayStatus>().Select(x => "Discovery.Export.State." + x))
            ;
        foreach (var key in keys)
        {
            Assert.True(Texts.Contains(key), key);
            foreach (var l in Languages.All) Assert.False(string.IsNullOrWhiteSpace(Texts.Get(key, l)) || Texts.Get(key, l) == key, $"{key} ({l})");
        }
        Assert.Equal("discovery-day-2026-07-01", DiscoveryExports.FileBase(detail, checkIn: false));
    }
}
