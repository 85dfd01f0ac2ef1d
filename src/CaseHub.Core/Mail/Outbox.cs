using System.Text.Json;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Mail;

/// <summary>
/// Queues mail in the caller's unit of work: the mail exists if and only if the change that causes it is saved.
/// Sending happens later, in <see cref="OutboxDispatcher"/>.
/// </summary>
public sealed partial class Outbox(MailComposer composer, TimeProvider clock, ILogger<Outbox> log, OutboxSignal? signal = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The dispatcher leaves a draft this young to the request that queued it (which composes it right after its commit
    /// and then wakes the dispatcher), so the same MIME is not composed twice at the busiest moment.
    /// </summary>
    public static readonly TimeSpan DraftGrace = TimeSpan.FromSeconds(30);

    /// <summary>A draft that still cannot be composed after this many tries is given up (status Failed, kept for the admin).</summary>
    public const int MaxComposeAttempts = 10;

    /// <summary>Adds the mail to <paramref name="db"/>; the caller's SaveChanges commits it with the rest.</summary>
    /// <returns>false when a mail with the same <see cref="MailRequest.DedupKey"/> is already queued or sent.</returns>
    public async Task<bool> EnqueueAsync(CaseHubDbContext db, MailRequest request, CancellationToken ct = default)
    {
        if (await NewMessageAsync(db, request, ct) is not { } message) return false;
        message.Mime = await ComposeAsync(request, message.Id, message.CreatedAt, ct);
        db.OutboxMessages.Add(message);
        return true;
    }

    /// <summary>
    /// Like <see cref="EnqueueAsync"/>, but stores only the request (a few hundred bytes of JSON), not the composed
    /// MIME: for sections that hold a lock (a discovery day's seats), where Markdown → HTML → MIME would stretch the
    /// lock tenfold. The row is committed with the caller's change as usual, so the mail can be neither lost nor
    /// doubled; after the commit the caller runs <see cref="ComposeDraftsAsync"/>, and the dispatcher composes any draft
    /// left by a crash in between before sending it.
    /// </summary>
    public async Task<bool> EnqueueDraftAsync(CaseHubDbContext db, MailRequest request, CancellationToken ct = default)
    {
        if (await NewMessageAsync(db, request, ct) is not { } message) return false;
        message.Draft = JsonSerializer.Serialize(request, Json);
        db.OutboxMessages.Add(message);
        return true;
    }

    /// <summary>
    /// Composes the drafts this unit of work saved (call after its commit, outside any lock). Never throws: a draft
    /// that could not be composed now is composed by the dispatcher.
    /// </summary>
    public async Task ComposeDraftsAsync(CaseHubDbContext db, CancellationToken ct = default)
    {
        var ids = db.ChangeTracker.Entries<OutboxMessage>()
            .Where(e => e.State == EntityState.Unchanged && e.Entity.Draft is not null)
            .Select(e => e.Entity.Id).ToList();
        if (ids.Count == 0) return;
        try
        {
            if (await ComposeDraftsAsync(db, ids, ct) > 0) signal?.Notify();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogComposeDeferred(log, ids.Count, ex.GetType().Name);
        }
    }

    /// <summary>
    /// Composes the drafts among <paramref name="ids"/> and stores their MIME. Idempotent and safe against a concurrent
    /// composer (the request thread and a dispatcher): the conditional UPDATE lets only the first one write, so the
    /// stored bytes, once there, never change.
    /// </summary>
    public async Task<int> ComposeDraftsAsync(CaseHubDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        var drafts = await db.OutboxMessages.AsNoTracking()
            .Where(m => ids.Contains(m.Id) && m.Draft != null)
            .Select(m => new { m.Id, m.CreatedAt, m.Draft }).ToListAsync(ct);
        var composed = 0;
        foreach (var d in drafts)
        {
            byte[] mime;
            try
            {
                var request = JsonSerializer.Deserialize<MailRequest>(d.Draft!, Json)!;
                mime = await ComposeAsync(request, d.Id, d.CreatedAt, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One draft that cannot be composed must not hold up the others (the dispatcher composes a whole
                // batch): it is tried again later, counted as an attempt, and given up like an unsendable mail.
                var retryAt = clock.GetUtcNow().AddMinutes(5);
                await db.OutboxMessages.Where(m => m.Id == d.Id && m.Draft != null).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.Status, m => m.Attempts + 1 >= MaxComposeAttempts ? OutboxStatus.Failed : m.Status)
                    .SetProperty(m => m.NextAttemptAt, retryAt)
                    .SetProperty(m => m.LastError, "compose: " + ex.GetType().Name), ct);
                LogComposeFailed(log, d.Id, ex.GetType().Name);
                continue;
            }
            composed += await db.OutboxMessages.Where(m => m.Id == d.Id && m.Draft != null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Mime, mime).SetProperty(m => m.Draft, (string?)null), ct);
        }
        foreach (var e in db.ChangeTracker.Entries<OutboxMessage>().Where(e => ids.Contains(e.Entity.Id)).ToList())
            e.State = EntityState.Detached; // the tracked copies still say "draft"
        return composed;
    }

    /// <summary>The subject of a queued mail, composed or not (for a person's data export).</summary>
    public static string? DraftSubject(string draft)
    {
        try { return JsonSerializer.Deserialize<MailRequest>(draft, Json)?.Subject; }
        catch (JsonException) { return null; }
    }

    private async Task<OutboxMessage?> NewMessageAsync(CaseHubDbContext db, MailRequest request, CancellationToken ct)
    {
        if (request.DedupKey is { } key &&
            (db.OutboxMessages.Local.Any(m => m.DedupKey == key) ||
             await db.OutboxMessages.AnyAsync(m => m.DedupKey == key, ct)))
            return null;
        var now = clock.GetUtcNow();
        return new OutboxMessage
        {
            CreatedAt = now,
            ToAddress = request.ToAddress,
            Kind = request.Kind,
            DedupKey = request.DedupKey,
            NextAttemptAt = now,
        };
    }

    private async Task<byte[]> ComposeAsync(MailRequest request, Guid id, DateTimeOffset date, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await composer.Compose(request, id, date).WriteToAsync(buffer, ct);
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: {Count} draft(s) not composed after commit ({ErrorType}); the dispatcher will compose them")]
    private static partial void LogComposeDeferred(ILogger logger, int count, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: draft {MessageId} could not be composed ({ErrorType}); retried later")]
    private static partial void LogComposeFailed(ILogger logger, Guid messageId, string errorType);
}
