using CaseHub.Core.Committees;
using CaseHub.Core.Conferences;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Rooms that belong to a feature (conference, comité à blanc, intervision) are run from that feature's own pages,
/// which add its rules (sealed positions, secret decisions, the confidentiality commitment). The generic meeting
/// pages send people there instead of offering a way around those rules.
/// </summary>
public static class FeatureRoomPages
{
    /// <summary>The feature's live page of the room (what /meetings/{id}/room leads to).</summary>
    public static string? For(Room room) => (room.ContextType, room.ContextId) switch
    {
        (ConferenceService.ContextType, { } id) => $"/conferences/{id}/live",
        (CommitteeService.RoomContext, { } id) => $"/committees/{id}",
        (IntervisionSessions.ContextType, { } id) => $"/intervision/sessions/{id}/live",
        _ => null,
    };

    /// <summary>The feature's own page of the meeting, where it is prepared and organised (what /meetings/{id} leads to).</summary>
    public static string? PageFor(Room room) => (room.ContextType, room.ContextId) switch
    {
        (ConferenceService.ContextType, { } id) => $"/conferences/{id}",
        (CommitteeService.RoomContext, { } id) => $"/committees/{id}",
        (IntervisionSessions.ContextType, { } id) => $"/intervision/sessions/{id}",
        _ => null,
    };
}
