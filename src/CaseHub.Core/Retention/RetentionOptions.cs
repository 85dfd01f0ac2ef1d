using System.ComponentModel.DataAnnotations;

namespace CaseHub.Core.Retention;

/// <summary>How long each kind of personal data is kept (section "Retention"). Discovery-day bookings use
/// DiscoveryDays:PurgeAfterDays. Values are days after the moment named in each rule.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Live notes of a meeting, after it closed (the minutes, sent to participants, stay with them).</summary>
    [Range(1, 3650)] public int RoomNotesDays { get; set; } = 365;

    /// <summary>Copies of sent mails in the outbox (they hold names, addresses and links), after sending.</summary>
    [Range(1, 3650)] public int SentMailDays { get; set; } = 30;

    /// <summary>Answers to feedback questionnaires, after submission (published aggregates stay in reports).</summary>
    [Range(1, 3650)] public int FeedbackAnswersDays { get; set; } = 730;

    /// <summary>Conference cases after the facilitator closed them: the case, its members, conferences, positions,
    /// handovers and the conferences' meetings (with notes and calendar entries) are deleted.</summary>
    [Range(1, 7300)] public int ClosedCasesDays { get; set; } = 730;

    /// <summary>Audit trail entries (the chain stays verifiable from the purge point on).</summary>
    [Range(30, 7300)] public int AuditDays { get; set; } = 1825;

    /// <summary>How often the purge runs on each node (idempotent; several nodes may run it).</summary>
    [Range(0.01, 168)] public double IntervalHours { get; set; } = 24;
}
