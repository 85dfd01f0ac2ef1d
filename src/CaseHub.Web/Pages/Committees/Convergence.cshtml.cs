using System.Globalization;
using CaseHub.Core.Committees;

namespace CaseHub.Web.Pages.Committees;

/// <summary>Does the group converge? Agreement per session (modal share and Fleiss' kappa), oldest first.</summary>
public class ConvergenceModel(CaseLawQueries queries) : CommitteePage
{
    public List<SessionAgreement> Sessions { get; private set; } = [];

    public async Task OnGetAsync() => Sessions = await queries.ConvergenceAsync();

    /// <summary>Chart coordinates (viewBox 100×50): x spreads the sessions over 8–92, y maps 0–1 to 45–5.</summary>
    public static string X(int i, int n) => (n <= 1 ? 50 : 8 + 84.0 * i / (n - 1)).ToString("0.#", CultureInfo.InvariantCulture);
    public static string Y(double value) => (45 - 40 * Math.Clamp(value, 0, 1)).ToString("0.#", CultureInfo.InvariantCulture);

    public string Line(Func<SessionAgreement, double?> value)
        => string.Join(' ', Sessions.Select((s, i) => (s, i)).Where(x => value(x.s) is not null).Select(x => $"{X(x.i, Sessions.Count)},{Y(value(x.s)!.Value)}"));

    public static string Kappa(double? k) => k is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";
}
