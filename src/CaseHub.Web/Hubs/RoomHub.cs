using CaseHub.Core.Common;
using CaseHub.Core.Notes;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Hubs;

/// <summary>
/// The live room over SignalR (/hubs/room). Thin: the hub filter authenticates, rate-limits and turns refusals into a
/// localized HubException; the engine checks membership and roles on every call, applies, saves and broadcasts.
/// What clients receive is <see cref="IRoomClient"/>; room and feature changes go out through Core's
/// <see cref="IRoomBroadcaster"/> (never from a hub method), except the notes relay below.
/// </summary>
[Authorize]
public sealed partial class RoomHub(RoomEngine engine, MinutesService minutes, IRoomNotes roomNotes, NotesService notes, NotesAuthorizer notesAccess, TimeProvider clock) : Hub<IRoomClient>
{
    public static string Group(Guid roomId) => $"room:{roomId}";
    public static string NotesGroup(string docKey) => $"notes:{docKey}";

    /// <summary>Largest base64 notes update accepted before decoding (the service then checks the decoded size).</summary>
    private const int MaxUpdateBase64 = 360 * 1024;
    private const int MaxAwarenessBase64 = 16 * 1024;

    private Guid Me => Context.User!.UserId();

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await engine.DisconnectAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Server time, so clients can correct their countdown for clock offset and latency.</summary>
    public DateTimeOffset Ping() => clock.GetUtcNow();

    /// <summary>Enters a room: joins its broadcast group first (so no change is missed), then returns the full state.
    /// A feature's gate (e.g. intervision's confidentiality rule) may keep a participant out.</summary>
    public async Task<RoomSnapshot> Join(Guid roomId, [FromServices] RoomGates gates, [FromServices] MeetingScheduler meetings)
    {
        await engine.RequireMemberAsync(roomId, Me);
        await gates.RequireAsync(roomId, Me);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(roomId));
        return await WithPreparationAsync(await engine.JoinAsync(roomId, Me, Context.ConnectionId), meetings);
    }

    public async Task<RoomSnapshot> GetState(Guid roomId, [FromServices] MeetingScheduler meetings)
        => await WithPreparationAsync(await engine.SnapshotAsync(roomId, Me), meetings);

    /// <summary>Who prepared (a mark in the participant list) while the meeting is to come or live.</summary>
    private static async Task<RoomSnapshot> WithPreparationAsync(RoomSnapshot snapshot, MeetingScheduler meetings)
        => snapshot.Room.Status is nameof(RoomStatus.Scheduled) or nameof(RoomStatus.Live)
            ? snapshot with { Prepared = (await meetings.PreparedAsync(snapshot.Room.Id)).Where(p => p.Value).Select(p => p.Key).ToList() }
            : snapshot;

    // ---- running the meeting (chair) ---------------------------------------------------------------------
    public Task<bool> Start(Guid roomId) => engine.StartAsync(roomId, Me);
    public Task<bool> GoToPhase(Guid roomId, int fromIndex, int toIndex) => engine.GoToPhaseAsync(roomId, Me, fromIndex, toIndex);
    public Task<bool> AddTime(Guid roomId, int seconds, Guid commandId) => engine.AddTimeAsync(roomId, Me, seconds, commandId);
    public Task<bool> SetTimerRunning(Guid roomId, bool running) => engine.SetTimerRunningAsync(roomId, Me, running);
    public Task<bool> HandOver(Guid roomId, Guid to) => engine.HandOverAsync(roomId, Me, to);
    public Task<bool> Close(Guid roomId) => engine.CloseAsync(roomId, Me, roomNotes, minutes);

    // ---- speaking ----------------------------------------------------------------------------------------
    public Task<bool> RaiseHand(Guid roomId) => engine.RaiseHandAsync(roomId, Me);
    public Task<bool> LowerHand(Guid roomId, Guid? whose) => engine.LowerHandAsync(roomId, Me, whose ?? Me);
    public Task<bool> GiveFloor(Guid roomId, Guid? to, Guid commandId) => engine.GiveFloorAsync(roomId, Me, to, commandId);
    public Task<bool> EndSpeaker(Guid roomId, Guid speakerId) => engine.EndSpeakerAsync(roomId, Me, speakerId);
    public Task<bool> StartRound(Guid roomId, int? turnSeconds, Guid commandId) => engine.StartRoundAsync(roomId, Me, turnSeconds, commandId);
    public Task<bool> AdvanceRound(Guid roomId, int fromIndex, bool skip) => engine.AdvanceRoundAsync(roomId, Me, fromIndex, skip);
    public Task<bool> EndRound(Guid roomId) => engine.EndRoundAsync(roomId, Me);

    // ---- attendance, decisions, actions ------------------------------------------------------------------
    public Task<bool> SetAttendance(Guid roomId, Guid userId, string attendance, string? note)
        => engine.SetAttendanceAsync(roomId, Me, userId, ParseEnum<Attendance>(attendance), note);

    public Task<bool> AddDecision(Guid roomId, Guid id, string text) => engine.AddDecisionAsync(roomId, Me, id, text);
    public Task<bool> RemoveDecision(Guid roomId, Guid id) => engine.RemoveDecisionAsync(roomId, Me, id);

    public Task<bool> AddAction(Guid roomId, Guid id, string text, Guid? ownerId, string? due)
        => engine.AddActionAsync(roomId, Me, id, text, ownerId, ParseDate(due));

    public Task<bool> UpdateAction(Guid roomId, Guid id, string text, Guid? ownerId, string? due, string status)
        => engine.UpdateActionAsync(roomId, Me, id, text, ownerId, ParseDate(due), ParseEnum<ActionStatus>(status));

    public Task<bool> RemoveAction(Guid roomId, Guid id) => engine.RemoveActionAsync(roomId, Me, id);

    // ---- votes -------------------------------------------------------------------------------------------
    public Task<bool> OpenVote(Guid roomId, Guid id, string question, string[] options, bool allowReason, bool anonymous)
        => engine.OpenVoteAsync(roomId, Me, new RoomEngine.OpenVoteRequest(id, question, options, allowReason, anonymous));

    /// <summary>Returns the caller's own ballot; the room only learns that they voted. A feature's vote (a comité à blanc case)
    /// is cast through its own page, which sends the feature's ballot fields as a typed record.</summary>
    public Task<BallotView> CastBallot(Guid roomId, Guid voteId, string option, string? reason)
        => engine.CastBallotAsync(roomId, Me, voteId, option, reason);

    public Task<bool> RevealVote(Guid roomId, Guid voteId) => engine.RevealVoteAsync(roomId, Me, voteId);
    public Task<bool> CancelVote(Guid roomId, Guid voteId) => engine.CancelVoteAsync(roomId, Me, voteId);

    // ---- shared notes (Yjs updates relayed and stored; see src/CaseHub.Core/Notes/README.md) ---------------

    /// <summary>What the client lacks (by its state vector) and what the server has. Joins the document's group first,
    /// so an update stored between the read and the join still reaches this client.</summary>
    public async Task<NotesOpenReply> NotesOpen(string docKey, string? stateVectorBase64)
    {
        await notesAccess.RequireReadAsync(docKey, Me);
        await Groups.AddToGroupAsync(Context.ConnectionId, NotesGroup(docKey));
        var result = await notes.OpenAsync(docKey, Decode(stateVectorBase64, MaxUpdateBase64));
        return new NotesOpenReply(Convert.ToBase64String(result.Update), Convert.ToBase64String(result.StateVector));
    }

    /// <summary>Stores an edit, then relays it to the others (a re-sent update is stored once and relayed once).</summary>
    public async Task NotesPush(string docKey, string updateBase64, Guid clientUpdateId)
    {
        await notesAccess.RequireWriteAsync(docKey, Me);
        var update = Decode(updateBase64, MaxUpdateBase64) ?? throw new DomainException("Notes.Error.Invalid");
        if (await notes.AppendAsync(docKey, update, clientUpdateId, Me))
            await Clients.OthersInGroup(NotesGroup(docKey)).NotesUpdate(docKey, updateBase64);
    }

    /// <summary>Cursors and names: relayed, never stored; oversized ones are dropped.</summary>
    public async Task NotesAwareness(string docKey, string updateBase64)
    {
        if (updateBase64 is null || updateBase64.Length > MaxAwarenessBase64) return;
        await notesAccess.RequireReadAsync(docKey, Me);
        await Clients.OthersInGroup(NotesGroup(docKey)).NotesAwareness(docKey, updateBase64);
    }

    private static byte[]? Decode(string? base64, int maxLength)
    {
        if (string.IsNullOrEmpty(base64)) return null;
        if (base64.Length > maxLength) throw new DomainException("Notes.Error.TooLarge", 256);
        try { return Convert.FromBase64String(base64); }
        catch (FormatException) { throw new DomainException("Notes.Error.Invalid"); }
    }

    private static T ParseEnum<T>(string? value) where T : struct, Enum
        => Enum.TryParse<T>(value, ignoreCase: true, out var v) && Enum.IsDefined(v) && !int.TryParse(value, out _)
            ? v : throw new DomainException("Error.InvalidValue");

    private static DateOnly? ParseDate(string? value)
        => string.IsNullOrWhiteSpace(value) ? null
            : DateOnly.TryParseExact(value, "yyyy-MM-dd", out var d) ? d : throw new DomainException("Error.InvalidValue") { Field = "due" };
}

public sealed record NotesOpenReply(string Update, string StateVector);
