using CaseHub.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

/// <summary>
/// Votes as a room feature. A vote is secret until revealed: ballots are stored, but no broadcast and no snapshot
/// contains anyone's choice until the chair reveals it or every present participant has voted.
/// </summary>
public sealed partial class RoomEngine
{
    public sealed record OpenVoteRequest(Guid Id, string? Question, IReadOnlyList<string>? Options, bool AllowReason, bool Anonymous)
    {
        public string? ContextType { get; init; }
        public Guid? ContextId { get; init; }
    }

    public Task<bool> OpenVoteAsync(Guid roomId, Guid userId, OpenVoteRequest request, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        var phases = c.State.PhaseIndex < 0 ? [] : await c.PhasesAsync();
        var idTaken = await c.Db.Votes.AnyAsync(v => v.Id == request.Id, ct);
        var anotherOpen = await c.Db.Votes.AnyAsync(v => v.RoomId == roomId && v.Status == VoteStatus.Open, ct);
        return c.Store(RoomCommands.OpenVote(c, phases, request, idTaken, anotherOpen));
    }, ct);

    /// <summary>
    /// Casts or changes the caller's ballot (one per participant). The result goes back to the caller only; the room
    /// learns that they voted, not how. When every present participant has voted, the vote is revealed.
    /// </summary>
    public async Task<BallotView> CastBallotAsync(Guid roomId, Guid userId, Guid voteId, string? option, string? reason, BallotDetails? details = null, CancellationToken ct = default)
    {
        BallotView? mine = null;
        await ExecuteAsync(roomId, userId, async c =>
        {
            var vote = await c.Db.Votes.Include(v => v.Ballots).FirstOrDefaultAsync(v => v.Id == voteId && v.RoomId == roomId, ct);
            var why = RoomCommands.CheckBallot(c, vote, option, reason);
            string? payload = null;
            // A vote owned by a feature: the feature checks (and normalises) the ballot's reason and its own fields.
            if (vote.ContextType is { } context && ballotValidators.FirstOrDefault(v => v.ContextType == context) is { } validator)
            {
                var checkedBallot = await validator.ValidateAsync(vote, userId, new BallotRequest(option, why.Length == 0 ? null : why, details), ct);
                why = Validation.RequireText(checkedBallot.Reason, Ballot.ReasonMaxLength, "reason", required: false);
                payload = checkedBallot.Data;
            }
            else if (details is not null) throw new DomainException("Error.InvalidValue"); // fields no feature reads are not stored

            var cast = RoomCommands.CastBallot(c, vote, option, why, payload, await EligibleVotersAsync(roomId, ct));
            mine = cast.Mine;
            var slices = c.Store(cast.Outcome);
            audit.Record(c.Db, userId, "Rooms.BallotCast", "Vote", vote.Id); // who voted, never what
            return slices;
        }, ct);
        return mine!;
    }

    public Task<bool> RevealVoteAsync(Guid roomId, Guid userId, Guid voteId, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c => RoomCommands.RevealVote(c, await c.Db.Votes.FirstOrDefaultAsync(v => v.Id == voteId && v.RoomId == roomId, ct)), ct);

    public Task<bool> CancelVoteAsync(Guid roomId, Guid userId, Guid voteId, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c => RoomCommands.CancelVote(c, await c.Db.Votes.FirstOrDefaultAsync(v => v.Id == voteId && v.RoomId == roomId, ct)), ct);
}
