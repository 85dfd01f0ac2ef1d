using CaseHub.Core.Calendar;

namespace CaseHub.Core.Exports;

/// <summary>What a column holds; decides how a cell is written (CSV text, real Excel number/date/boolean).</summary>
public enum ExportKind
{
    Text = 0,
    /// <summary>A whole number (counts, ranks, positions).</summary>
    WholeNumber = 1,
    /// <summary>A decimal number (amounts, ratios).</summary>
    Number = 2,
    /// <summary>A calendar day (no time zone).</summary>
    Date = 3,
    /// <summary>An instant, written as Europe/Brussels wall-clock time.</summary>
    DateTime = 4,
    Bool = 5,
}

/// <summary>One column: the text key of its header (localized when written) and the kind of its cells.</summary>
public sealed record ExportColumn(string HeaderKey, ExportKind Kind = ExportKind.Text);

/// <summary>
/// A list to take to a spreadsheet, independent of the file format: columns with localized headers and typed rows.
/// Cells are added in column order; a cell whose type does not fit its column is refused at once (a programming error,
/// not user input). Instants are kept as <see cref="DateTimeOffset"/> and converted to Brussels time by the writers.
/// </summary>
public sealed class ExportTable
{
    public const int MaxRows = 100_000;

    private readonly List<object?[]> _rows = [];

    /// <param name="sheetNameKey">Text key of the sheet name (Excel) — also the base of nothing else; the file name is the caller's.</param>
    public ExportTable(string sheetNameKey, params ExportColumn[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("An export needs at least one column.", nameof(columns));
        SheetNameKey = sheetNameKey;
        Columns = columns;
    }

    public string SheetNameKey { get; }
    public IReadOnlyList<ExportColumn> Columns { get; }
    public IReadOnlyList<object?[]> Rows => _rows;

    /// <summary>Adds a row: string for Text; int/long for WholeNumber; int/long/decimal/double for Number; DateOnly for Date;
    /// DateTimeOffset for DateTime; bool for Bool; null for an empty cell anywhere.</summary>
    public ExportTable Add(params object?[] cells)
    {
        if (cells.Length != Columns.Count) throw new ArgumentException($"Expected {Columns.Count} cells, got {cells.Length}.", nameof(cells));
        if (_rows.Count >= MaxRows) throw new InvalidOperationException("Too many rows for one export.");
        for (var i = 0; i < cells.Length; i++)
        {
            var ok = cells[i] switch
            {
                null => true,
                string => Columns[i].Kind == ExportKind.Text,
                int or long => Columns[i].Kind is ExportKind.WholeNumber or ExportKind.Number,
                decimal or double => Columns[i].Kind == ExportKind.Number,
                DateOnly => Columns[i].Kind == ExportKind.Date,
                DateTimeOffset => Columns[i].Kind == ExportKind.DateTime,
                bool => Columns[i].Kind == ExportKind.Bool,
                _ => false,
            };
            if (!ok) throw new ArgumentException($"Cell {i} ({cells[i]?.GetType().Name}) does not fit column '{Columns[i].HeaderKey}' ({Columns[i].Kind}).", nameof(cells));
        }
        _rows.Add(cells);
        return this;
    }

    /// <summary>Brussels wall-clock time of an instant, as both writers show it.</summary>
    internal static System.DateTime Local(DateTimeOffset instant) => CalendarTime.ToLocal(instant);
}

public enum ExportFormat
{
    Csv = 0,
    Xlsx = 1,
}

/// <summary>A written export, ready to be sent as a download.</summary>
public sealed record ExportFile(string FileName, string ContentType, byte[] Content);
