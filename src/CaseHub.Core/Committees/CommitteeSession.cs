namespace CaseHub.Core.Committees;

/// <summary>
/// A comité à blanc (mock committee session): a chair puts the same anonymised cases in front of Conseillers, managers
/// and social workers. Each decides alone, the ballots are revealed together, the group discusses and fixes a
/// reference decision per case. The live part runs in a room of the <see cref="BlankCommitteeProtocol"/>.
/// </summary>
public class CommitteeSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RoomId { get; set; }
    /// <summary>After the reveal, ballots are shown with their authors' names (otherwise anonymously).</summary>
    public bool ShowNames { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<CommitteeSessionCase> Cases { get; set; } = [];
}

/// <summary>
/// One case of a session: its vote in the room and, once fixed, the reference decision (jurisprudence interne).
/// The vote spread is copied here when the reference is recorded so the case-law library and the convergence
/// chart do not depend on room data.
/// </summary>
public class CommitteeSessionCase
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public Guid CaseId { get; set; }
    public ExerciseCase? Case { get; set; }
    /// <summary>0-based position in the session; the room's phases 4×Order … 4×Order+3 belong to it.</summary>
    public int Order { get; set; }
    public Guid? VoteId { get; set; }

    public CommitteeDecision? Reference { get; set; }
    public long? ReferenceAmountCents { get; set; }
    public int? ReferenceMonths { get; set; }
    public const int ConditionsMaxLength = 500;
    public string? ReferenceConditions { get; set; }
    public const int RationaleMaxLength = 4000;
    public string? Rationale { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? DecidedBy { get; set; }

    public int GrantCount { get; set; }
    public int RefuseCount { get; set; }
    public int DeferCount { get; set; }
    public int BallotCount => GrantCount + RefuseCount + DeferCount;
    public long? MinAmountCents { get; set; }
    public long? MaxAmountCents { get; set; }
}
