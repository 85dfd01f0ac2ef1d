namespace CaseHub.Core.Committees;

/// <summary>How much a group agrees on its decisions (convergence de la jurisprudence interne).</summary>
public static class Agreement
{
    /// <summary>Share of ballots that chose the most frequent decision (1 = unanimous). Null without ballots.</summary>
    public static double? ModalShare(IReadOnlyList<int> counts)
    {
        var n = counts.Sum();
        return n == 0 ? null : (double)counts.Max() / n;
    }

    /// <summary>
    /// Fleiss' kappa across cases (rows: cases, columns: decision counts). Cases with fewer than two ballots are left
    /// out; the number of raters may vary per case (each case's agreement uses its own count). Null when it is not
    /// defined: no usable case, or every ballot in one category (expected agreement 1).
    /// </summary>
    public static double? FleissKappa(IEnumerable<IReadOnlyList<int>> cases)
    {
        var rows = cases.Where(r => r.Sum() >= 2).ToList();
        if (rows.Count == 0) return null;
        var categories = rows.Max(r => r.Count);
        var total = rows.Sum(r => r.Sum());
        var pBar = rows.Average(r =>
        {
            double n = r.Sum();
            return (r.Sum(c => (double)c * c) - n) / (n * (n - 1));
        });
        var pe = Enumerable.Range(0, categories)
            .Select(j => rows.Sum(r => j < r.Count ? r[j] : 0) / (double)total)
            .Sum(p => p * p);
        if (pe >= 1 - 1e-12) return null;
        return (pBar - pe) / (1 - pe);
    }
}
