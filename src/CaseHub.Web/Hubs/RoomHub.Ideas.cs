using CaseHub.Core.Rooms;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Hubs;

/// <summary>
/// Idea cards on the room hub (a network meeting's brainstorm): write, group, dot-vote, reveal, carry into decisions.
/// Core checks membership and role on every call and tells the room's group (<see cref="IRoomClient.Ideas"/>: no author
/// in an anonymous meeting, no dot before the reveal); the caller's own cards and dots come back only in the reply.
/// </summary>
public sealed partial class RoomHub
{
    public Task<IdeaMyView> IdeasState([FromServices] IdeaBoards ideas, Guid roomId) => ideas.ViewAsync(roomId, Me);

    /// <summary>The organiser or chair: named or anonymous cards, and the dots each person places.</summary>
    public Task<IdeaMyView> IdeasConfigure([FromServices] IdeaBoards ideas, Guid roomId, bool anonymous, int dotsPerPerson)
        => ideas.ConfigureAsync(roomId, Me, anonymous, dotsPerPerson);

    public Task<IdeaMyView> IdeasWriteCard([FromServices] IdeaBoards ideas, Guid roomId, Guid cardId, string text) => ideas.WriteAsync(roomId, Me, cardId, text);

    public Task<IdeaMyView> IdeasDeleteCard([FromServices] IdeaBoards ideas, Guid roomId, Guid cardId) => ideas.DeleteAsync(roomId, Me, cardId);

    public Task<IdeaMyView> IdeasSaveGroup([FromServices] IdeaBoards ideas, Guid roomId, Guid groupId, string label) => ideas.SaveGroupAsync(roomId, Me, groupId, label);

    public Task<IdeaMyView> IdeasMoveCard([FromServices] IdeaBoards ideas, Guid roomId, Guid cardId, Guid? groupId, int position)
        => ideas.MoveAsync(roomId, Me, cardId, groupId, position);

    /// <summary>One dot; <paramref name="dotId"/> chosen by the client, so a dot re-sent after a reconnect counts once.</summary>
    public Task<IdeaMyView> IdeasCastDot([FromServices] IdeaBoards ideas, Guid roomId, Guid cardId, Guid dotId) => ideas.CastDotAsync(roomId, Me, cardId, dotId);

    public Task<IdeaMyView> IdeasRemoveDot([FromServices] IdeaBoards ideas, Guid roomId, Guid cardId) => ideas.RemoveDotAsync(roomId, Me, cardId);

    public Task<IdeaMyView> IdeasReveal([FromServices] IdeaBoards ideas, Guid roomId) => ideas.RevealAsync(roomId, Me);

    /// <summary>The facilitator carries the picked ideas into decisions; returns how many were added.</summary>
    public Task<int> IdeasCarry([FromServices] IdeaBoards ideas, Guid roomId, Guid[] cardIds) => ideas.CarryAsync(roomId, Me, cardIds, null);

    /// <summary>The facilitator carries the <paramref name="count"/> ideas with most dots (after the reveal) into decisions.</summary>
    public Task<int> IdeasCarryTop([FromServices] IdeaBoards ideas, Guid roomId, int count) => ideas.CarryAsync(roomId, Me, null, count);
}
