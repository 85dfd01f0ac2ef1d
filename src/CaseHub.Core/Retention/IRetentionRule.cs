using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Retention;

/// <summary>What is due now for one kind of data, and when the next item falls due.</summary>
public sealed record RetentionForecast(int DueNow, DateTimeOffset? NextDueAt);

/// <summary>
/// One kind of personal data with its retention period. Each feature contributes the rules for its own data from its
/// folder (registered by its module); Retention runs whatever is registered, in registration order, and knows no
/// feature. Purging must be idempotent and safe on several nodes.
/// </summary>
public interface IRetentionRule
{
    /// <summary>Text key of the data type's name (fr/nl/en), e.g. "Retention.Rule.SentMail".</summary>
    string Key { get; }
    int Days { get; }
    Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct);
    Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct);
}

/// <summary>The usual forecast of a rule whose items fall due a number of days after a moment.</summary>
internal static class Forecast
{
    /// <summary>Counts items older than the cut-off and finds the oldest younger one (its own due date).</summary>
    public static async Task<RetentionForecast> OfAsync(IQueryable<DateTimeOffset> moments, int days, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromDays(days);
        var due = await moments.CountAsync(m => m < cutoff, ct);
        var next = await moments.Where(m => m >= cutoff).OrderBy(m => m).Select(m => (DateTimeOffset?)m).FirstOrDefaultAsync(ct);
        return new RetentionForecast(due, next?.AddDays(days));
    }
}
