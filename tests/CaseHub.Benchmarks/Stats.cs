using System.Globalization;

namespace CaseHub.Benchmarks;

/// <summary>Percentiles of one run, and the median / min / max of a figure over several runs.</summary>
public static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        // Nearest-rank: the smallest value with at least p% of the values at or below it.
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);
}

/// <summary>One figure measured once per round: reported as median of rounds with min and max.</summary>
public sealed class Series(string name)
{
    public string Name { get; } = name;
    public List<double> Runs { get; } = [];
    public void Add(double value) => Runs.Add(value);
    public double Median => Runs.Count == 0 ? double.NaN : Stats.Median(Runs);
    public double Min => Runs.Count == 0 ? double.NaN : Runs.Min();
    public double Max => Runs.Count == 0 ? double.NaN : Runs.Max();
    public string Format(string unit = "", int digits = 2)
        => Runs.Count == 0 ? "n/a" : $"{Median.ToString("F" + digits, CultureInfo.InvariantCulture)}{unit} ({Min.ToString("F" + digits, CultureInfo.InvariantCulture)}–{Max.ToString("F" + digits, CultureInfo.InvariantCulture)})";
}
