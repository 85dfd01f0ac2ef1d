using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Mail;

/// <summary>
/// Sends queued mail. Safe with several nodes: a message is claimed by an atomic conditional UPDATE before sending,
/// and marked sent right after the transport accepts it. A crash between the two can resend one message at most;
/// it keeps its Message-Id so mail systems drop the duplicate.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    OutboxSignal signal,
    IOptions<MailOptions> options,
    TimeProvider clock,
    NodeIdentity node,
    WorkerClock pacing,
    ILogger<OutboxDispatcher> log) : PeriodicWorker(pacing, log)
{
    /// <summary>The safety net: new mail wakes the dispatcher at once through <see cref="OutboxSignal"/>.</summary>
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.PollIntervalSeconds);

    // A full batch probably means more is waiting: go again at once.
    protected override async Task<bool> RoundAsync(CancellationToken ct) => await DispatchOnceAsync(ct) >= options.Value.BatchSize;

    protected override Task WaitAsync(TimeSpan delay, CancellationToken ct) => signal.WaitAsync(delay, ct);

    /// <summary>Claims due messages and sends them. Returns the number claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var now = clock.GetUtcNow();

        var freshDraft = now - Outbox.DraftGrace;
        var candidates = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .Where(m => m.Draft == null || m.CreatedAt < freshDraft)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(o.BatchSize)
            .ToListAsync(ct);
        if (candidates.Count == 0) return 0;

        var until = now.AddSeconds(o.ClaimSeconds);
        var claimed = new List<Guid>();
        var done = new HashSet<Guid>();
        using var activity = Common.CaseHubTelemetry.Source.StartActivity("casehub.outbox.send");
        try
        {
            foreach (var id in candidates)
            {
                // The WHERE repeats the availability test: only one node's UPDATE can match.
                var rows = await db.OutboxMessages
                    .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && (m.LockedUntil == null || m.LockedUntil < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, node.Name).SetProperty(m => m.LockedUntil, until), ct);
                if (rows == 1) claimed.Add(id);
            }
            if (claimed.Count == 0) return 0;

            // A draft whose request stopped between its commit and its composition (older than Outbox.DraftGrace):
            // compose it now, never send it empty.
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            await outbox.ComposeDraftsAsync(db, claimed, ct);

            var batch = await db.OutboxMessages.AsNoTracking()
                .Where(m => claimed.Contains(m.Id))
                .OrderBy(m => m.NextAttemptAt)
                .Where(m => m.Draft == null)
                .Select(m => new { m.Id, m.ToAddress, m.Mime })
                .ToListAsync(ct);

            await transport.SendAsync(batch.Select(m => (m.Id, m.ToAddress, m.Mime)).ToList(), async id =>
            {
                // Renew the claim right before sending: a slow batch may outlive its claim, and another node may have
                // taken this message meanwhile; then it is theirs, and sending it here would send it twice.
                var renewedUntil = clock.GetUtcNow().AddSeconds(o.ClaimSeconds);
                return await db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Pending && m.LockedBy == node.Name)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, renewedUntil), CancellationToken.None) == 1;
            }, async id =>
            {
                done.Add(id);
                await db.OutboxMessages.Where(m => m.Id == id && m.LockedBy == node.Name)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Status, OutboxStatus.Sent)
                        .SetProperty(m => m.SentAt, clock.GetUtcNow())
                        .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                        .SetProperty(m => m.LockedBy, (string?)null)
                        .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                        .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
            }, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down (possibly in the middle of claiming): give every unsent claim back at once, so the next
            // start — of this node or another — does not wait for the claims to expire.
            await db.OutboxMessages.Where(m => claimed.Contains(m.Id) && m.Status == OutboxStatus.Pending && m.LockedBy == node.Name)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, (string?)null).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            LogSendFailed(log, claimed.Count - done.Count, ex.GetType().Name);
            await ReleaseForRetryAsync(db, claimed.Where(id => !done.Contains(id)).ToList(), Truncate(ex.Message), CancellationToken.None);
        }
        if (done.Count > 0) LogSent(log, done.Count);
        if (done.Count > 0) Common.CaseHubTelemetry.MailsSent.Add(done.Count);
        activity?.SetTag("casehub.outbox.claimed", claimed.Count);
        activity?.SetTag("casehub.outbox.sent", done.Count);
        return claimed.Count;
    }

    private async Task ReleaseForRetryAsync(CaseHubDbContext db, List<Guid> ids, string error, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        foreach (var m in await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LockedBy == node.Name).ToListAsync(ct))
        {
            m.Attempts++;
            m.LastError = error;
            m.LockedBy = null;
            m.LockedUntil = null;
            if (m.Attempts >= o.MaxAttempts)
            {
                m.Status = OutboxStatus.Failed;
                Common.CaseHubTelemetry.MailsFailed.Add(1, new KeyValuePair<string, object?>("outcome", "given_up"));
            }
            else
            {
                Common.CaseHubTelemetry.MailsFailed.Add(1, new KeyValuePair<string, object?>("outcome", "retry"));
                var delay = Math.Min(o.RetryBaseSeconds * Math.Pow(2, m.Attempts - 1), 3600);
                m.NextAttemptAt = now.AddSeconds(delay);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: {Count} message(s) not sent ({ErrorType}); will retry with backoff")]
    private static partial void LogSendFailed(ILogger logger, int count, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: {Count} message(s) sent")]
    private static partial void LogSent(ILogger logger, int count);
}
