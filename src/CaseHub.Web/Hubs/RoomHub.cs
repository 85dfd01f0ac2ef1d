using CaseHub.Core.Common;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Hubs;

/// <summary>
/// The live room over SignalR (/hubs/room). Thin: the hub filter authenticates, rate-limits and turns refusals into a
/// localized HubException; the engine checks membership and roles on every call, applies, saves and broadcasts.
/// </summary>
[Authorize]
public sealed class RoomHub(RoomEngine engine, MinutesService minutes, IRoomNotes notes, TimeProvider clock) : Hub
{
    public static string Group(Guid roomId) => $"room:{roomId}";

    private Guid Me => Context.User!.UserId();

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await engine.DisconnectAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Server time, so clients can correct their countdown for clock offset and latency.</summary>
    public DateTimeOffset Ping() => clock.GetUtcNow();

    /// <summary>Enters a room: joins its broadcast group first (so no change is missed), then returns the full state.</summary>
    public async Task<RoomSnapshot> Join(Guid roomId)
    {
        await engine.RequireMemberAsync(roomId, Me);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(roomId));
        return await engine.JoinAsync(roomId, Me, Context.ConnectionId);
    }

    public async Task Leave(Guid roomId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(roomId));
        await engine.LeaveAsync(roomId, Context.ConnectionId);
    }

    public Task<RoomSnapshot> GetState(Guid roomId) => engine.SnapshotAsync(roomId, Me);

    // ---- running the meeting (chair) ---------------------------------------------------------------------
    public Task<bool> Start(Guid roomId) => engine.StartAsync(roomId, Me);
    public Task<bool> GoToPhase(Guid roomId, int fromIndex, int toIndex) => engine.GoToPhaseAsync(roomId, Me, fromIndex, toIndex);
    public Task<bool> AddTime(Guid roomId, int seconds, Guid commandId) => engine.AddTimeAsync(roomId, Me, seconds, commandId);
    public Task<bool> SetTimerRunning(Guid roomId, bool running) => engine.SetTimerRunningAsync(roomId, Me, running);
    public Task<bool> HandOver(Guid roomId, Guid to) => engine.HandOverAsync(roomId, Me, to);
    public Task<bool> Close(Guid roomId) => engine.CloseAsync(roomId, Me, notes, minutes);

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

    /// <summary>Returns the caller's own ballot; the room only learns that they voted.</summary>
    public Task<BallotView> CastBallot(Guid roomId, Guid voteId, string option, string? reason)
        => engine.CastBallotAsync(roomId, Me, voteId, option, reason);

    public Task<bool> RevealVote(Guid roomId, Guid voteId) => engine.RevealVoteAsync(roomId, Me, voteId);
    public Task<bool> CancelVote(Guid roomId, Guid voteId) => engine.CancelVoteAsync(roomId, Me, voteId);

    private static T ParseEnum<T>(string? value) where T : struct, Enum
        => Enum.TryParse<T>(value, ignoreCase: true, out var v) && Enum.IsDefined(v) && !int.TryParse(value, out _)
            ? v : throw new DomainException("Error.InvalidValue");

    private static DateOnly? ParseDate(string? value)
        => string.IsNullOrWhiteSpace(value) ? null
            : DateOnly.TryParseExact(value, "yyyy-MM-dd", out var d) ? d : throw new DomainException("Error.InvalidValue") { Field = "due" };
}
