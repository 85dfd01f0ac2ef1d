using CaseHub.Core.Accounts;

namespace CaseHub.Core.Conferences;

/// <summary>
/// A pseudonymised case (dossier) followed by a facilitator: a code, never a name or a national number.
/// </summary>
public class ConferenceCase
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public const int CodeMaxLength = 40;
    /// <summary>Pseudonymous case code, e.g. "CC-2026-014".</summary>
    public string Code { get; set; } = "";
    /// <summary>The CPAS service (team) following the case, chosen from the organisation's services.</summary>
    public Guid? ServiceId { get; set; }
    public const int ServiceMaxLength = 150;
    /// <summary>The service as free text, from before services were chosen from a list: shown only while no
    /// <see cref="ServiceId"/> is set (the upgrade sets it when the text names a CPAS service); cleared on the next edit.</summary>
    public string? LegacyService { get; set; }
    public const int SummaryMaxLength = 4000;
    /// <summary>Short pseudonymised situation (checked by the PII guard).</summary>
    public string? Summary { get; set; }
    public const int OrientationMaxLength = 40;
    /// <summary>Current orientation key (see <see cref="Orientations"/>), null while none is agreed.</summary>
    public string? CurrentOrientation { get; set; }
    public Guid FacilitatorId { get; set; }
    /// <summary>True while the last conference ended without agreement (escalated) or none has decided yet after a disagreement.</summary>
    public bool OpenDisagreement { get; set; }
    public DateOnly? ReviewDate { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the facilitator closed the case (follow-up over); the case is deleted Retention:ClosedCasesDays later.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    // ---- collaboration model and its follow-up ---------------------------------------------------------------
    /// <summary>How the first-line social service and the ISP service work on this case.</summary>
    public CollaborationModel Model { get; set; }
    /// <summary>Co-management: weeks between two consultations of the AS and AI referents.</summary>
    public int? ConsultationWeeks { get; set; }
    /// <summary>When the model's next follow-up is due (the yearly joint report, or the next consultation).</summary>
    public DateOnly? NextFollowUp { get; set; }
    /// <summary>The due date whose reminder went out (one reminder per due date, whichever node sends it).</summary>
    public DateOnly? FollowUpRemindedFor { get; set; }

    public List<CaseMember> Members { get; set; } = [];
}

/// <summary>The side a worker speaks for on a case.</summary>
public enum CaseParty
{
    Facilitator = 0,
    /// <summary>Assistant·e social·e référent·e (AS).</summary>
    SocialWorker = 1,
    /// <summary>Agent d'insertion (AI).</summary>
    InsertionAgent = 2,
    /// <summary>Worker of a partner organisation: never sees CPAS-only items.</summary>
    Partner = 3,
    TeamLead = 4,
}

/// <summary>A worker involved in a case. Only members see the case at all.</summary>
public class CaseMember
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid UserId { get; set; }
    public AppUser? User { get; set; }
    public CaseParty Party { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    /// <summary>CPAS staff (secret professionnel shared within the CPAS); partners are not.</summary>
    public bool IsCpas => Party != CaseParty.Partner;
}

/// <summary>Who may read a position, note or document (secret professionnel).</summary>
public enum Visibility
{
    /// <summary>Every participant of the conference, partners included.</summary>
    AllParticipants = 0,
    /// <summary>CPAS staff only: partners never see it.</summary>
    CpasOnly = 1,
    /// <summary>Only its author and the facilitator.</summary>
    AuthorAndFacilitator = 2,
}

public enum ConferenceStatus
{
    Preparing = 0,
    Live = 1,
    Closed = 2,
    Cancelled = 3,
}

/// <summary>One case conference: its room (the live meeting), the positions written before, and its outcome.</summary>
public class Conference
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid RoomId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the facilitator showed the positions to the room; before that each party sees only their own.</summary>
    public DateTimeOffset? PositionsOpenedAt { get; set; }
    /// <summary>The second part held with the person present (seed 003: first without, then with the person).</summary>
    public bool WithPersonPart { get; set; }

    // ---- outcome -------------------------------------------------------------------------------------------
    public string? OrientationKey { get; set; }
    public const int TextMaxLength = 2000;
    /// <summary>Free text for the "other" orientation or details.</summary>
    public string? OrientationDetail { get; set; }
    public bool NoAgreement { get; set; }
    public const int EscalationMaxLength = 200;
    public string? EscalationTarget { get; set; }
    public string? Reasons { get; set; }
    /// <summary>How the agreed orientation answers what the person wants.</summary>
    public string? AnswerToPerson { get; set; }
    public DateOnly? ReviewDate { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? DecidedBy { get; set; }
}

/// <summary>What one party writes before the meeting. The person's own voice is a position too.</summary>
public class Position
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ConferenceId { get; set; }
    public Guid AuthorId { get; set; }
    public CaseParty Party { get; set; }
    /// <summary>What the person wants, recorded (by the facilitator or their worker) as its own position.</summary>
    public bool IsPersonVoice { get; set; }
    public const int TextMaxLength = 4000;
    public string Situation { get; set; } = "";
    public string? ProposedOrientation { get; set; }
    public string? NeedsFromOthers { get; set; }
    public string? Concerns { get; set; }
    public Visibility Visibility { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum PointKind
{
    Agreement = 0,
    Disagreement = 1,
    /// <summary>An option on the table.</summary>
    Option = 2,
    /// <summary>A clarification question and its answer.</summary>
    Question = 3,
}

/// <summary>An entry of the disagreement map: what is agreed or disputed, and who holds which view.</summary>
public class ConferencePoint
{
    public Guid Id { get; set; }
    public Guid ConferenceId { get; set; }
    public PointKind Kind { get; set; }
    public const int TextMaxLength = 1000;
    public string Text { get; set; } = "";
    /// <summary>"Who holds which view", e.g. "AS: not yet — health first; AI: ready for a training".</summary>
    public string? Views { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A handover note from one worker to another on a case, which the receiver can question.</summary>
public class Handover
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid FromUserId { get; set; }
    public Guid ToUserId { get; set; }
    public const int TextMaxLength = 4000;
    public string Note { get; set; } = "";
    public Visibility Visibility { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<HandoverMessage> Messages { get; set; } = [];
}

/// <summary>A question from the receiver or an answer from the sender.</summary>
public class HandoverMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid HandoverId { get; set; }
    public Guid AuthorId { get; set; }
    public bool IsQuestion { get; set; }
    public string Text { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
