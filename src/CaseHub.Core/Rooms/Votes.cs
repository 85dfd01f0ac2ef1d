namespace CaseHub.Core.Rooms;

/// <summary>A vote in a room. While secret, no ballot content leaves the server until it is revealed.</summary>
public class Vote
{
    public Guid Id { get; set; }
    public Guid RoomId { get; set; }
    public const int QuestionMaxLength = 300;
    public string Question { get; set; } = "";
    /// <summary>Options, one per line (max 10, each at most 100 characters).</summary>
    public string Options { get; set; } = "";
    public bool AllowReason { get; set; }
    public bool Secret { get; set; } = true;
    /// <summary>After the reveal, show ballots without names.</summary>
    public bool Anonymous { get; set; }
    public VoteStatus Status { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? RevealedAt { get; set; }
    public int? PhaseOrder { get; set; }
    /// <summary>Set when a feature owns the vote (a comité à blanc case…) and validates its ballots itself.</summary>
    public string? ContextType { get; set; }
    public Guid? ContextId { get; set; }
    public List<Ballot> Ballots { get; set; } = [];

    public const int MaxOptions = 10;
    public const int OptionMaxLength = 100;
    public IReadOnlyList<string> OptionList => Options.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

public enum VoteStatus
{
    Open = 0,
    Revealed = 1,
    Cancelled = 2,
}

/// <summary>One participant's ballot: changeable until the reveal, immutable afterwards.</summary>
public class Ballot
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid VoteId { get; set; }
    public Guid UserId { get; set; }
    public string Option { get; set; } = "";
    public const int ReasonMaxLength = 2000;
    public string? Reason { get; set; }
    /// <summary>Protocol-specific fields as JSON (amount, duration, conditions…), validated by the owning feature.</summary>
    public string? Data { get; set; }
    public DateTimeOffset CastAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
