using CaseHub.Core.Conferences;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Hubs;

/// <summary>
/// Case-conference commands on the room connection. Conference content is never broadcast: <see cref="ConferenceService"/>
/// tells the room group only that something changed (<see cref="IRoomClient.Conference"/>) and each client fetches
/// <see cref="ConferenceState"/>, which the server filters for that viewer (sealed positions, CPAS-only items). Core
/// checks case AND room membership and the chair on each call.
/// </summary>
public sealed partial class RoomHub
{
    public Task<ConferenceView> ConferenceState(Guid roomId, [FromServices] ConferenceService conferences)
        => conferences.ViewByRoomAsync(roomId, Me);

    public Task<bool> OpenPositions(Guid roomId, [FromServices] ConferenceService conferences) => conferences.OpenPositionsAsync(roomId, Me);

    public Task<bool> AddPoint(Guid roomId, Guid id, string kind, string text, string? views, [FromServices] ConferenceService conferences)
        => conferences.AddPointAsync(roomId, Me, id, ParseEnum<PointKind>(kind), text, views);

    public Task<bool> RemovePoint(Guid roomId, Guid id, [FromServices] ConferenceService conferences) => conferences.RemovePointAsync(roomId, Me, id);

    public async Task<bool> RecordOutcome(Guid roomId, OutcomeRequest outcome, [FromServices] ConferenceService conferences)
    {
        await conferences.RecordOutcomeAsync(roomId, Me, new OutcomeInput(outcome.OrientationKey, outcome.OrientationDetail, outcome.NoAgreement,
            outcome.EscalationTarget, outcome.Reasons, outcome.AnswerToPerson, ParseDate(outcome.ReviewDate)));
        return true;
    }

    /// <summary>Puts a hard external deadline on an action item (reminder to its owner, alert when passed).</summary>
    public async Task<bool> SetActionDeadline(Guid roomId, Guid actionId, string kind, string deadline, [FromServices] DeadlineService deadlines)
    {
        await deadlines.SetAsync(roomId, Me, actionId, ParseEnum<DeadlineKind>(kind), ParseDate(deadline) ?? throw new Core.Common.DomainException("Validation.Required"));
        return true;
    }

    public sealed record OutcomeRequest(string? OrientationKey, string? OrientationDetail, bool NoAgreement, string? EscalationTarget,
        string? Reasons, string? AnswerToPerson, string? ReviewDate);
}
