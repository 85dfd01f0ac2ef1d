using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;

namespace CaseHub.Web.Hubs;

/// <summary>
/// Every event the room hub sends to a client (/hubs/room): one method per event, so the server can only send what is
/// declared here. The JS side listens through wwwroot/js/room-client.js (<c>RoomConnection.on</c>); the .NET test
/// client (tests/CaseHub.TestSupport/RoomClient.cs) by the same names. A feature's change reaches clients through
/// <see cref="IRoomBroadcaster.FeatureAsync"/>, which <see cref="SignalRRoomBroadcaster"/> maps to one method below.
/// </summary>
public interface IRoomClient
{
    /// <summary>A versioned change of the room's state (only the slices that changed; never a secret ballot before the reveal).</summary>
    Task Patch(RoomPatch patch);

    /// <summary>Who came or went (merged by user id; does not bump the state version).</summary>
    Task Presence(IReadOnlyList<ParticipantView> participants);

    /// <summary>This connection lost access to the room.</summary>
    Task Removed(Guid roomId);

    /// <summary>A Yjs update of a notes document, relayed to the document's other readers.</summary>
    Task NotesUpdate(string docKey, string updateBase64);

    /// <summary>Cursors and names in a notes document (relayed, never stored).</summary>
    Task NotesAwareness(string docKey, string updateBase64);

    /// <summary>The room's case conference changed: each client asks for its own filtered view (<c>ConferenceState</c>).</summary>
    Task Conference(Guid roomId);

    /// <summary>The case's social assessment grid changed (a cell, or who edits which): each client asks for its own
    /// filtered view (<c>CaseGridState</c>).</summary>
    Task CaseGrid(Guid roomId);

    /// <summary>The intervision session's shared view changed (cards, groups, summary, shared reaction; never an author).</summary>
    Task Intervision(IntervisionLiveView view);

    /// <summary>The room's idea board changed (cards, groups, dot count; each card's dots only once revealed; no author when anonymous).</summary>
    Task Ideas(IdeaBoardView view);
}
