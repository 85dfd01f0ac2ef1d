namespace CaseHub.Core.Rooms;

/// <summary>What a participant puts in a ballot: the option, an optional reason, and protocol-specific data (JSON).</summary>
public sealed record BallotContent(string Option, string? Reason, string? Data);

/// <summary>
/// A feature that owns votes of one <see cref="Vote.ContextType"/> (a comité à blanc case…) checks their ballots here
/// before the engine stores them: it may refuse them (throw a <c>DomainException</c>) or return them normalised
/// (e.g. an amount written "650,5" stored as 650.50). Runs inside the engine's unit of work, before anything is saved.
/// </summary>
public interface IBallotValidator
{
    string ContextType { get; }

    Task<BallotContent> ValidateAsync(Vote vote, Guid userId, BallotContent ballot, CancellationToken ct);
}
