using CaseHub.Core.Conferences;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Hubs;

/// <summary>
/// Case-conference commands on the room connection. Conference content is never broadcast: the room group only hears
/// "conference" (that something changed) and each client fetches <see cref="ConferenceState"/>, which the server filters
/// for that viewer (sealed positions, CPAS-only items). Core checks case AND room membership and the chair on each call.
/// </summary>
public sealed partial class RoomHub
{
    public Task<ConferenceView> ConferenceState(Guid roomId, [FromServices] ConferenceService conferences)
        => conferences.ViewByRoomAsync(roomId, Me);

    public async Task<bool> OpenPositions(Guid roomId, [FromServices] ConferenceService conferences)
        => await SignalAsync(roomId, await conferences.OpenPositionsAsync(roomId, Me));

    public async Task<bool> AddPoint(Guid roomId, Guid id, string kind, string text, string? views, [FromServices] ConferenceService conferences)
        => await SignalAsync(roomId, await conferences.AddPointAsync(roomId, Me, id, ParseEnum<PointKind>(kind), text, views));

    public async Task<bool> RemovePoint(Guid roomId, Guid id, [FromServices] ConferenceService conferences)
        => await SignalAsync(roomId, await conferences.RemovePointAsync(roomId, Me, id));

    public async Task<bool> RecordOutcome(Guid roomId, OutcomeRequest outcome, [FromServices] ConferenceService conferences)
    {
        await conferences.RecordOutcomeAsync(roomId, Me, new OutcomeInput(outcome.OrientationKey, outcome.OrientationDetail, outcome.NoAgreement,
            outcome.EscalationTarget, outcome.Reasons, outcome.AnswerToPerson, ParseDate(outcome.ReviewDate)));
        return await SignalAsync(roomId, true);
    }

    /// <summary>Puts a hard external deadline on an action item (reminder to its owner, alert when passed).</summary>
    public async Task<bool> SetActionDeadline(Guid roomId, Guid actionId, string kind, string deadline, [FromServices] DeadlineService deadlines)
    {
        await deadlines.SetAsync(roomId, Me, actionId, ParseEnum<DeadlineKind>(kind), ParseDate(deadline) ?? throw new Core.Common.DomainException("Validation.Required"));
        return true;
    }

    public sealed record OutcomeRequest(string? OrientationKey, string? OrientationDetail, bool NoAgreement, string? EscalationTarget,
        string? Reasons, string? AnswerToPerson, string? ReviewDate);

    private async Task<bool> SignalAsync(Guid roomId, bool changed)
    {
        if (changed) await Clients.Group(Group(roomId)).SendAsync("conference", roomId);
        return changed;
    }
}
