namespace CaseHub.Core.Mail;

/// <summary>
/// A mail waiting to be sent, written in the same transaction as the change that causes it.
/// The full MIME message is stored so a retry sends exactly the same bytes (same Message-Id).
/// </summary>
public class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTimeOffset CreatedAt { get; set; }
    public string ToAddress { get; set; } = "";
    /// <summary>Short, non-personal label for operators ("Invitation", "MagicLink", "Minutes").</summary>
    public string Kind { get; set; } = "";
    /// <summary>Business-level idempotency key: a second mail with the same key is not queued.</summary>
    public string? DedupKey { get; set; }
    public byte[] Mime { get; set; } = [];
    /// <summary>
    /// The <see cref="MailRequest"/> as JSON while the MIME is not composed yet (<see cref="Outbox.EnqueueDraftAsync"/>):
    /// a short locked transaction writes this light row, the MIME is composed right after the commit, or by the
    /// dispatcher if the process stopped in between. Null once <see cref="Mime"/> holds the message.
    /// </summary>
    public string? Draft { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>Node that claimed the message, and until when: several nodes may run the dispatcher.</summary>
    public string? LockedBy { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    /// <summary>Gave up after the maximum number of attempts; visible to administrators.</summary>
    Failed = 2,
}
