using CaseHub.Core.Data;
using CaseHub.Core.Retention;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Audit;

/// <summary>Audit entries go Retention:AuditDays after the action; the chain stays verifiable from the purge point on.</summary>
internal sealed class AuditRule(IOptions<RetentionOptions> options) : IRetentionRule
{
    public string Key => "Retention.Rule.Audit";
    public int Days => options.Value.AuditDays;

    public Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => Forecast.OfAsync(db.AuditEntries.Where(e => e.Seq != null).Select(e => e.At), Days, now, ct);

    public Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => AuditChain.PruneAsync(db, now - TimeSpan.FromDays(Days), ct);
}
