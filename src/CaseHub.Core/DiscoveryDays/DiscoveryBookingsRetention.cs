using CaseHub.Core.Data;
using CaseHub.Core.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>Bookings (names, addresses, needs) go DiscoveryDays:PurgeAfterDays after the day; the purge itself is <see cref="DiscoveryDayJobs.PurgeAsync"/>.</summary>
internal sealed class DiscoveryBookingsRule(IOptions<DiscoveryDayOptions> options, DiscoveryDayJobs jobs) : IRetentionRule
{
    public string Key => "Retention.Rule.DiscoveryBookings";
    public int Days => options.Value.PurgeAfterDays;

    public Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => Forecast.OfAsync(db.DiscoveryDays.Where(d => d.PurgedAt == null && db.DiscoveryBookings.Any(b => b.DayId == d.Id)).Select(d => d.End), Days, now, ct);

    public Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct) => jobs.PurgeAsync(ct);
}
