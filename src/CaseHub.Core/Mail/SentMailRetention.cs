using CaseHub.Core.Data;
using CaseHub.Core.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Mail;

/// <summary>Copies of sent mails hold names, addresses and links: they go Retention:SentMailDays after sending (pending ones stay).</summary>
internal sealed class SentMailRule(IOptions<RetentionOptions> options) : IRetentionRule
{
    public string Key => "Retention.Rule.SentMail";
    public int Days => options.Value.SentMailDays;

    public Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => Forecast.OfAsync(db.OutboxMessages.Where(m => m.SentAt != null).Select(m => m.SentAt!.Value), Days, now, ct);

    public Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromDays(Days);
        return db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
