using CaseHub.Core.Audit;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Retention;

/// <summary>Runs every retention rule and says what will be purged when (the administrator's retention page).</summary>
public sealed partial class RetentionService(CaseHubDbContext db, IEnumerable<IRetentionRule> rules, AuditLog audit, TimeProvider clock, ILogger<RetentionService> log)
{
    public sealed record RuleStatus(string Key, int Days, RetentionForecast Forecast);

    public async Task<IReadOnlyList<RuleStatus>> ForecastAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var list = new List<RuleStatus>();
        foreach (var rule in rules) list.Add(new RuleStatus(rule.Key, rule.Days, await rule.ForecastAsync(db, now, ct)));
        return list;
    }

    /// <summary>Purges everything due; returns the count per rule. Running it twice purges nothing more.</summary>
    public async Task<IReadOnlyDictionary<string, int>> PurgeAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var counts = new Dictionary<string, int>();
        foreach (var rule in rules)
        {
            db.ChangeTracker.Clear();
            var purged = await rule.PurgeAsync(db, now, ct);
            counts[rule.Key] = purged;
            if (purged == 0) continue;
            LogPurged(log, rule.Key, purged);
            db.ChangeTracker.Clear();
            audit.Record(db, null, "Retention.Purged", "RetentionRule", rule.Key, $"count={purged};days={rule.Days}");
            await db.SaveChangesAsync(ct);
        }
        return counts;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Rule} purged {Count} item(s)")]
    private static partial void LogPurged(ILogger logger, string rule, int count);
}

/// <summary>Runs the purge a minute after start, then every Retention:IntervalHours, on every node.</summary>
public sealed class RetentionWorker(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, WorkerClock pacing, ILogger<RetentionWorker> log)
    : PeriodicWorker(pacing, log)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(options.Value.IntervalHours);
    protected override TimeSpan FirstDelay => TimeSpan.FromMinutes(1);

    protected override async Task<bool> RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RetentionService>().PurgeAsync(ct);
        return false;
    }
}
