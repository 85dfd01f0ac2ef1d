using CaseHub.TestSupport;

namespace CaseHub.Web.Tests.Security;

/// <summary>One row of authorization-matrix.md: the endpoint key, its route values and the expected outcome per column.</summary>
public sealed record MatrixRow(string Key, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Flags, IReadOnlyDictionary<string, string> Expected);

/// <summary>Reads and writes the table in tests/CaseHub.Web.Tests/Security/authorization-matrix.md.</summary>
public static class AuthorizationMatrix
{
    public static string FilePath => Path.Combine(RepoPaths.Root, "tests", "CaseHub.Web.Tests", "Security", "authorization-matrix.md");

    private const string TableStart = "<!-- matrix -->";

    public static IReadOnlyDictionary<string, MatrixRow> Read()
    {
        var rows = new Dictionary<string, MatrixRow>(StringComparer.Ordinal);
        string[]? header = null;
        foreach (var line in File.ReadLines(FilePath).SkipWhile(l => l.Trim() != TableStart).Skip(1))
        {
            if (!line.StartsWith('|')) continue;
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray();
            if (header is null) { header = cells; continue; }
            if (cells[0].StartsWith("---", StringComparison.Ordinal)) continue;
            var (values, flags) = ParseValues(cells[1]);
            var expected = new Dictionary<string, string>();
            for (var i = 2; i < header.Length && i < cells.Length; i++) expected[header[i]] = cells[i];
            if (!rows.TryAdd(cells[0], new MatrixRow(cells[0], values, flags, expected)))
                throw new InvalidOperationException($"authorization-matrix.md: row '{cells[0]}' appears twice");
        }
        return rows;
    }

    /// <summary>"id=meeting, fresh-session": route values by name, and flags.</summary>
    public static (IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Flags) ParseValues(string cell)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var flags = new List<string>();
        foreach (var part in cell.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "-") continue;
            var eq = part.IndexOf('=');
            if (eq < 0) flags.Add(part);
            else values[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }
        return (values, flags);
    }

    public static string FormatRow(string key, string values, IEnumerable<string> cells)
        => $"| `{key}` | {(string.IsNullOrEmpty(values) ? "-" : values)} | {string.Join(" | ", cells)} |";

    public static string Header(IEnumerable<string> columns)
        => $"| Endpoint | Route values | {string.Join(" | ", columns)} |\n|---|---|{string.Concat(columns.Select(_ => "---|"))}";

    /// <summary>Rewrites the table part of the file (keeps the text above the marker).</summary>
    public static void Write(IEnumerable<string> columns, IEnumerable<string> rows)
    {
        var text = File.ReadAllText(FilePath);
        var at = text.IndexOf(TableStart, StringComparison.Ordinal);
        var intro = at < 0 ? text : text[..at];
        File.WriteAllText(FilePath, intro + TableStart + "\n\n" + Header(columns) + "\n" + string.Join("\n", rows) + "\n");
    }
}
