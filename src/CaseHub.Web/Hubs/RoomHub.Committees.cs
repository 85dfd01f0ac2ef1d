namespace CaseHub.Web.Hubs;

/// <summary>
/// Comités à blanc over the room hub: a member's secret decision with its amount, duration and conditions. The
/// engine checks membership and the vote's state; the committee's ballot validator checks the content. The
/// caller gets their own ballot back; the room only learns that they voted.
/// </summary>
public sealed partial class RoomHub
{
    /// <param name="data">JSON: <c>{"amount":"650,50","months":"3","conditions":"PIIS"}</c> (all optional; amount required to grant).</param>
    public Task<Core.Rooms.BallotView> CastCommitteeBallot(Guid roomId, Guid voteId, string option, string? motivation, string? data)
        => engine.CastBallotAsync(roomId, Me, voteId, option, motivation, data);
}
