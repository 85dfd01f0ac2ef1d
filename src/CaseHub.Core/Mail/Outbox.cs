using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Mail;

/// <summary>
/// Queues mail in the caller's unit of work: the mail exists if and only if the change that causes it is saved.
/// Sending happens later, in <see cref="OutboxDispatcher"/>.
/// </summary>
public sealed class Outbox(MailComposer composer, TimeProvider clock)
{
    /// <summary>Adds the mail to <paramref name="db"/>; the caller's SaveChanges commits it with the rest.</summary>
    /// <returns>false when a mail with the same <see cref="MailRequest.DedupKey"/> is already queued or sent.</returns>
    public async Task<bool> EnqueueAsync(CaseHubDbContext db, MailRequest request, CancellationToken ct = default)
    {
        if (request.DedupKey is { } key &&
            (db.OutboxMessages.Local.Any(m => m.DedupKey == key) ||
             await db.OutboxMessages.AnyAsync(m => m.DedupKey == key, ct)))
            return false;

        var now = clock.GetUtcNow();
        var message = new OutboxMessage
        {
            CreatedAt = now,
            ToAddress = request.ToAddress,
            Kind = request.Kind,
            DedupKey = request.DedupKey,
            NextAttemptAt = now,
        };
        using var buffer = new MemoryStream();
        await composer.Compose(request, message.Id, now).WriteToAsync(buffer, ct);
        message.Mime = buffer.ToArray();
        db.OutboxMessages.Add(message);
        return true;
    }
}
