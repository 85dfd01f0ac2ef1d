namespace CaseHub.Core.Rooms;

/// <summary>
/// The fields a feature adds to a ballot beyond the option and the reason (a comité à blanc's amount, duration and
/// conditions), as the participant sent them: the feature defines a sealed record deriving from this one and its
/// <see cref="IBallotValidator"/> turns it into the ballot's stored data. A plain room vote has none.
/// </summary>
public abstract record BallotDetails;

/// <summary>What a participant sends: the option, an optional reason, and the feature's typed fields (if any).</summary>
public sealed record BallotRequest(string Option, string? Reason, BallotDetails? Details);

/// <summary>What is stored in a ballot: the option, the reason, and the feature's data (its own JSON, read back by the feature).</summary>
public sealed record BallotContent(string Option, string? Reason, string? Data);

/// <summary>
/// A feature that owns votes of one <see cref="Vote.ContextType"/> (a comité à blanc case…) checks their ballots here
/// before the engine stores them: it may refuse them (throw a <c>DomainException</c>) or return them normalised
/// (e.g. an amount written "650,5" stored as 650.50). Runs inside the engine's unit of work, before anything is saved.
/// </summary>
public interface IBallotValidator
{
    string ContextType { get; }

    Task<BallotContent> ValidateAsync(Vote vote, Guid userId, BallotRequest ballot, CancellationToken ct);
}
