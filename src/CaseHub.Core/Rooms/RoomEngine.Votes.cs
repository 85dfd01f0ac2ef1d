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
        c.RequireChair();
        c.RequireLive();
        if (!(await c.CurrentPolicyAsync()).VotingAllowed) throw new DomainException("Rooms.Error.NoVotingInPhase");
        var question = Validation.RequireText(request.Question, Vote.QuestionMaxLength, "question");
        var options = (request.Options ?? []).Select(o => o?.Trim() ?? "").Where(o => o.Length > 0).ToList();
        if (options.Count is < 2 or > Vote.MaxOptions) throw new DomainException("Rooms.Error.VoteOptionCount", 2, Vote.MaxOptions) { Field = "options" };
        if (options.Any(o => o.Length > Vote.OptionMaxLength || o.Contains('\n'))) throw new DomainException("Error.TooLong", Vote.OptionMaxLength) { Field = "options" };
        if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count) throw new DomainException("Rooms.Error.VoteOptionsDuplicate") { Field = "options" };
        if (request.Id == Guid.Empty) throw new DomainException("Rooms.Error.MissingCommandId");
        if (await c.Db.Votes.AnyAsync(v => v.Id == request.Id, ct)) return RoomSlices.None;
        if (await c.Db.Votes.AnyAsync(v => v.RoomId == roomId && v.Status == VoteStatus.Open, ct)) throw new DomainException("Rooms.Error.VoteAlreadyOpen");
        c.Db.Votes.Add(new Vote
        {
            Id = request.Id, RoomId = roomId, Question = question, Options = string.Join('\n', options), AllowReason = request.AllowReason,
            Anonymous = request.Anonymous, OpenedAt = c.Now, PhaseOrder = c.State.PhaseIndex, ContextType = request.ContextType, ContextId = request.ContextId,
        });
        return RoomSlices.Votes;
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
            c.RequireContributor();
            c.RequireLive();
            var vote = await c.Db.Votes.Include(v => v.Ballots).FirstOrDefaultAsync(v => v.Id == voteId && v.RoomId == roomId, ct)
                       ?? throw DomainException.NotFound();
            if (vote.Status != VoteStatus.Open) throw new DomainException("Rooms.Error.VoteClosed");
            if (option is null || !vote.OptionList.Contains(option)) throw new DomainException("Rooms.Error.VoteUnknownOption") { Field = "option" };
            var why = Validation.RequireText(reason, Ballot.ReasonMaxLength, "reason", required: false);
            if (why.Length > 0 && !vote.AllowReason) why = "";
            string? payload = null;
            // A vote owned by a feature: the feature checks (and normalises) the ballot's reason and its own fields.
            if (vote.ContextType is { } context && ballotValidators.FirstOrDefault(v => v.ContextType == context) is { } validator)
            {
                var checkedBallot = await validator.ValidateAsync(vote, userId, new BallotRequest(option, why.Length == 0 ? null : why, details), ct);
                why = Validation.RequireText(checkedBallot.Reason, Ballot.ReasonMaxLength, "reason", required: false);
                payload = checkedBallot.Data;
                if (payload is { Length: > 4000 }) throw new DomainException("Error.TooLong", 4000);
            }
            else if (details is not null) throw new DomainException("Error.InvalidValue"); // fields no feature reads are not stored

            var ballot = vote.Ballots.FirstOrDefault(b => b.UserId == userId);
            var slices = RoomSlices.None;
            if (ballot is null)
            {
                ballot = new Ballot { VoteId = vote.Id, UserId = userId, CastAt = c.Now };
                c.Db.Ballots.Add(ballot); // explicitly: a new child with its id already set would be taken for an existing row
                vote.Ballots.Add(ballot);
                slices = RoomSlices.Votes; // the room sees one more "has voted"
            }
            ballot.Option = option;
            ballot.Reason = why.Length == 0 ? null : why;
            ballot.Data = payload;
            ballot.UpdatedAt = c.Now;
            mine = new BallotView(userId, ballot.Option, ballot.Reason, ballot.Data);
            audit.Record(c.Db, userId, "Rooms.BallotCast", "Vote", vote.Id); // who voted, never what

            var eligible = await EligibleVotersAsync(roomId, ct);
            if (eligible.Count > 0 && eligible.All(u => vote.Ballots.Any(b => b.UserId == u)))
            {
                vote.Status = VoteStatus.Revealed;
                vote.RevealedAt = c.Now;
                slices = RoomSlices.Votes;
            }
            return slices;
        }, ct);
        return mine!;
    }

    public Task<bool> RevealVoteAsync(Guid roomId, Guid userId, Guid voteId, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireChair();
        var vote = await c.Db.Votes.FirstOrDefaultAsync(v => v.Id == voteId && v.RoomId == roomId, ct) ?? throw DomainException.NotFound();
        if (vote.Status != VoteStatus.Open) return RoomSlices.None;
        vote.Status = VoteStatus.Revealed;
        vote.RevealedAt = c.Now;
        return RoomSlices.Votes;
    }, ct);

    public Task<bool> CancelVoteAsync(Guid roomId, Guid userId, Guid voteId, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireChair();
        var vote = await c.Db.Votes.FirstOrDefaultAsync(v => v.Id == voteId && v.RoomId == roomId, ct) ?? throw DomainException.NotFound();
        if (vote.Status != VoteStatus.Open) return RoomSlices.None;
        vote.Status = VoteStatus.Cancelled;
        return RoomSlices.Votes;
    }, ct);
}
