using CaseHub.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

/// <summary>
/// The room commands. Each is idempotent: either it carries a command id (recorded in the live state), or it states
/// the situation it expects ("from phase 2", "from turn 3") and does nothing when that is no longer the case, or it
/// creates a thing whose id the client chose. So a command re-sent after a reconnect never applies twice.
/// </summary>
public sealed partial class RoomEngine
{
    public const int MaxAddSeconds = 3600;

    // ---- meeting lifecycle -------------------------------------------------------------------------------

    public Task<bool> StartAsync(Guid roomId, Guid userId, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireChair();
        if (c.Room.Status == RoomStatus.Live) return RoomSlices.None;
        c.RequireOpen();
        var phases = await c.PhasesAsync();
        if (phases.Count == 0) throw new DomainException("Rooms.Error.NoPhases");
        c.Room.Status = RoomStatus.Live;
        c.Room.StartedAt = c.Now;
        phases[0].StartedAt = c.Now;
        c.State.GoToPhase(0, phases.Select(p => p.PlannedMinutes).ToList(), c.Now);
        // Everyone already connected is present.
        var online = await c.Db.RoomConnections.Where(x => x.RoomId == roomId).Select(x => x.UserId).Distinct().ToListAsync(ct);
        foreach (var p in await c.Db.RoomParticipants.Where(p => p.RoomId == roomId && online.Contains(p.UserId)
                     && p.Attendance == Attendance.Unknown && p.Role != RoomRole.Observer).ToListAsync(ct))
            p.Attendance = Attendance.Present;
        return RoomSlices.Room | RoomSlices.Phases | RoomSlices.Timer | RoomSlices.Round | RoomSlices.Participants;
    }, ct);

    /// <summary>Moves from phase <paramref name="fromIndex"/> to <paramref name="toIndex"/> (next, previous or any), recording actual times.</summary>
    public Task<bool> GoToPhaseAsync(Guid roomId, Guid userId, int fromIndex, int toIndex, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireChair();
        c.RequireLive();
        if (c.State.PhaseIndex != fromIndex || fromIndex == toIndex) return RoomSlices.None;
        var phases = await c.PhasesAsync();
        if (toIndex < 0 || toIndex >= phases.Count) throw new DomainException("Rooms.Error.NoSuchPhase");
        phases[fromIndex].EndedAt = c.Now;
        phases[toIndex].StartedAt ??= c.Now;
        phases[toIndex].EndedAt = null;
        c.State.GoToPhase(toIndex, phases.Select(p => p.PlannedMinutes).ToList(), c.Now);
        return RoomSlices.Phases | RoomSlices.Timer | RoomSlices.Round;
    }, ct);

    public Task<bool> AddTimeAsync(Guid roomId, Guid userId, int seconds, Guid commandId, CancellationToken ct = default) => ExecuteAsync(roomId, userId, c =>
    {
        c.RequireChair();
        c.RequireLive();
        if (seconds is 0 or < -MaxAddSeconds or > MaxAddSeconds) throw new DomainException("Error.OutOfRange", -MaxAddSeconds / 60, MaxAddSeconds / 60);
        if (!c.State.TryRecord(commandId)) return Task.FromResult(RoomSlices.None);
        c.State.AddTime(seconds, c.Now);
        return Task.FromResult(RoomSlices.Timer);
    }, ct);

    public Task<bool> SetTimerRunningAsync(Guid roomId, Guid userId, bool running, CancellationToken ct = default) => ExecuteAsync(roomId, userId, c =>
    {
        c.RequireChair();
        c.RequireLive();
        if (c.State.IsRunning == running) return Task.FromResult(RoomSlices.None);
        if (running) c.State.Resume(c.Now); else c.State.Pause(c.Now);
        return Task.FromResult(RoomSlices.Timer);
    }, ct);

    // ---- speaking queue ----------------------------------------------------------------------------------

    public Task<bool> RaiseHandAsync(Guid roomId, Guid userId, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireContributor();
        c.RequireLive();
        if (!(await c.CurrentPolicyAsync()).QueueOpen) throw new DomainException("Rooms.Error.QueueClosed");
        return c.State.RaiseHand(userId, c.Now) ? RoomSlices.Queue : RoomSlices.None;
    }, ct);

    /// <summary>Lowers one's own hand, or (chair) anyone's.</summary>
    public Task<bool> LowerHandAsync(Guid roomId, Guid userId, Guid whose, CancellationToken ct = default) => ExecuteAsync(roomId, userId, c =>
    {
        if (whose != userId) c.RequireChair();
        return Task.FromResult(c.State.LowerHand(whose) ? RoomSlices.Queue : RoomSlices.None);
    }, ct);

    /// <summary>Gives the floor to someone (or the first in the queue), with the room's speaking-time limit.</summary>
    public Task<bool> GiveFloorAsync(Guid roomId, Guid userId, Guid? to, Guid commandId, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireChair();
        c.RequireLive();
        if (to is { } target && !await c.Db.RoomParticipants.AnyAsync(p => p.RoomId == roomId && p.UserId == target, ct))
            throw new DomainException("Rooms.Error.NotAParticipant");
        if (!c.State.TryRecord(commandId)) return RoomSlices.None;
        c.State.GiveFloor(to, c.Now, c.Room.SpeakingLimitSeconds);
        return RoomSlices.Queue;
    }, ct);

    /// <summary>Ends the current turn: the chair, or the speaker themself.</summary>
    public Task<bool> EndSpeakerAsync(Guid roomId, Guid userId, Guid speakerId, CancellationToken ct = default) => ExecuteAsync(roomId, userId, c =>
    {
        if (c.State.Speaker?.UserId != speakerId) return Task.FromResult(RoomSlices.None);
        if (speakerId != userId) c.RequireChair();
        c.State.EndSpeaker();
        return Task.FromResult(RoomSlices.Queue);
    }, ct);

    // ---- rounds ------------------------------------------------------------------------------------------

    /// <summary>
    /// Starts a round with the participants present in the room, in invitation order: not those excused, absent or who
    /// never came (attendance not recorded), not observers, and not the protocol's roles that sit rounds out.
    /// </summary>
    public Task<bool> StartRoundAsync(Guid roomId, Guid userId, int? turnSeconds, Guid commandId, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireChair();
        c.RequireLive();
        if (turnSeconds is < 10 or > 3600) throw new DomainException("Error.OutOfRange", 10, 3600);
        if (!c.State.TryRecord(commandId)) return RoomSlices.None;
        var present = await c.Db.RoomParticipants.Where(p => p.RoomId == roomId && p.Role != RoomRole.Observer && p.Attendance == Attendance.Present)
            .OrderBy(p => p.JoinOrder).Select(p => new { p.UserId, p.ProtocolRole }).ToListAsync(ct);
        var sitOut = c.Protocol.RoundSitOutRoles;
        var order = present.Where(p => p.ProtocolRole is null || !sitOut.Contains(p.ProtocolRole, StringComparer.Ordinal)).Select(p => p.UserId).ToList();
        c.State.StartRound(order, c.Now, turnSeconds);
        return RoomSlices.Round;
    }, ct);

    /// <summary>Next person in the round: the chair, or the person whose turn it is.</summary>
    public Task<bool> AdvanceRoundAsync(Guid roomId, Guid userId, int fromIndex, bool skip, CancellationToken ct = default) => ExecuteAsync(roomId, userId, c =>
    {
        if (c.State.Round is not { } round || round.Index != fromIndex || round.Done) return Task.FromResult(RoomSlices.None);
        if (skip || round.Current != userId) c.RequireChair();
        c.State.AdvanceRound(fromIndex, skip, c.Now);
        return Task.FromResult(RoomSlices.Round);
    }, ct);

    public Task<bool> EndRoundAsync(Guid roomId, Guid userId, CancellationToken ct = default) => ExecuteAsync(roomId, userId, c =>
    {
        c.RequireChair();
        if (c.State.Round is not { Done: false }) return Task.FromResult(RoomSlices.None);
        c.State.EndRound();
        return Task.FromResult(RoomSlices.Round);
    }, ct);

    // ---- attendance --------------------------------------------------------------------------------------

    public Task<bool> SetAttendanceAsync(Guid roomId, Guid userId, Guid participantId, Attendance attendance, string? note, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireChair();
        c.RequireOpen();
        if (!Enum.IsDefined(attendance)) throw new DomainException("Error.InvalidValue");
        var text = Validation.RequireText(note, RoomParticipant.AttendanceNoteMaxLength, "note", required: false);
        var p = await c.Db.RoomParticipants.FirstOrDefaultAsync(x => x.RoomId == roomId && x.UserId == participantId, ct)
                ?? throw new DomainException("Rooms.Error.NotAParticipant");
        if (p.Attendance == attendance && (p.AttendanceNote ?? "") == text) return RoomSlices.None;
        p.Attendance = attendance;
        p.AttendanceNote = text.Length == 0 ? null : text;
        return RoomSlices.Participants;
    }, ct);

    // ---- decisions and action items ----------------------------------------------------------------------

    /// <summary>Records a decision (chair, co-chair or the protocol's rapporteur). <paramref name="id"/> is chosen by the client.</summary>
    public Task<bool> AddDecisionAsync(Guid roomId, Guid userId, Guid id, string? text, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        if (!c.IsChair && c.Caller.Role != RoomRole.CoChair && c.Caller.ProtocolRole != "rapporteur")
            throw new DomainException("Rooms.Error.DecisionRole") { IsForbidden = true };
        c.RequireLive();
        var value = Validation.RequireText(text, Decision.TextMaxLength, "text");
        if (id == Guid.Empty) throw new DomainException("Rooms.Error.MissingCommandId");
        var existing = await c.Db.Decisions.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (existing is not null)
        {
            if (existing.RoomId != roomId) throw new DomainException("Error.InvalidValue");
            return RoomSlices.None; // already recorded (a re-sent command)
        }
        c.Db.Decisions.Add(new Decision { Id = id, RoomId = roomId, Text = value, RecordedBy = userId, RecordedAt = c.Now, PhaseOrder = c.State.PhaseIndex >= 0 ? c.State.PhaseIndex : null });
        return RoomSlices.Decisions;
    }, ct);

    public Task<bool> RemoveDecisionAsync(Guid roomId, Guid userId, Guid id, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireChair();
        c.RequireLive();
        var d = await c.Db.Decisions.FirstOrDefaultAsync(x => x.Id == id && x.RoomId == roomId, ct);
        if (d is null) return RoomSlices.None;
        c.Db.Decisions.Remove(d);
        return RoomSlices.Decisions;
    }, ct);

    /// <summary>Adds an action item (any participant but observers, e.g. from their phone). The owner must be a participant.</summary>
    public Task<bool> AddActionAsync(Guid roomId, Guid userId, Guid id, string? text, Guid? ownerId, DateOnly? due, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireContributor();
        c.RequireLive();
        var value = Validation.RequireText(text, ActionItem.TextMaxLength, "text");
        if (id == Guid.Empty) throw new DomainException("Rooms.Error.MissingCommandId");
        await ValidateOwnerAndDueAsync(c, ownerId, due, ct);
        var existing = await c.Db.ActionItems.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (existing is not null)
        {
            if (existing.RoomId != roomId) throw new DomainException("Error.InvalidValue");
            return RoomSlices.None;
        }
        c.Db.ActionItems.Add(new ActionItem { Id = id, RoomId = roomId, Text = value, OwnerId = ownerId, DueDate = due, CreatedBy = userId, CreatedAt = c.Now });
        return RoomSlices.Actions;
    }, ct);

    /// <summary>Changes an action item: its creator, its owner or the chair.</summary>
    public Task<bool> UpdateActionAsync(Guid roomId, Guid userId, Guid id, string? text, Guid? ownerId, DateOnly? due, ActionStatus status, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireContributor();
        c.RequireOpen();
        var a = await c.Db.ActionItems.FirstOrDefaultAsync(x => x.Id == id && x.RoomId == roomId, ct) ?? throw DomainException.NotFound();
        if (!c.IsChair && a.CreatedBy != userId && a.OwnerId != userId) throw DomainException.Forbidden();
        if (!Enum.IsDefined(status)) throw new DomainException("Error.InvalidValue");
        var value = Validation.RequireText(text, ActionItem.TextMaxLength, "text");
        await ValidateOwnerAndDueAsync(c, ownerId, due, ct);
        if (a.Text == value && a.OwnerId == ownerId && a.DueDate == due && a.Status == status) return RoomSlices.None;
        a.Text = value;
        a.OwnerId = ownerId;
        a.DueDate = due;
        if (a.Status != status) a.CompletedAt = status == ActionStatus.Done ? c.Now : null;
        a.Status = status;
        return RoomSlices.Actions;
    }, ct);

    public Task<bool> RemoveActionAsync(Guid roomId, Guid userId, Guid id, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireLive();
        var a = await c.Db.ActionItems.FirstOrDefaultAsync(x => x.Id == id && x.RoomId == roomId, ct);
        if (a is null) return RoomSlices.None;
        if (!c.IsChair && a.CreatedBy != userId) throw DomainException.Forbidden();
        c.Db.ActionItems.Remove(a);
        return RoomSlices.Actions;
    }, ct);

    private static async Task ValidateOwnerAndDueAsync(CommandContext c, Guid? ownerId, DateOnly? due, CancellationToken ct)
    {
        if (ownerId is { } owner && !await c.Db.RoomParticipants.AnyAsync(p => p.RoomId == c.Room.Id && p.UserId == owner, ct))
            throw new DomainException("Rooms.Error.OwnerNotParticipant") { Field = "owner" };
        var today = DateOnly.FromDateTime(c.Now.UtcDateTime);
        if (due is { } d && (d < today.AddDays(-1) || d > today.AddYears(3)))
            throw new DomainException("Rooms.Error.DueDateRange") { Field = "due" };
    }

    // ---- chair hand-over ---------------------------------------------------------------------------------

    /// <summary>The chair hands the chair to another participant for good.</summary>
    public Task<bool> HandOverAsync(Guid roomId, Guid userId, Guid to, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        c.RequireChair();
        c.RequireOpen();
        if (to == userId) return RoomSlices.None;
        var target = await c.Db.RoomParticipants.FirstOrDefaultAsync(p => p.RoomId == roomId && p.UserId == to, ct)
                     ?? throw new DomainException("Rooms.Error.NotAParticipant");
        if (target.Role == RoomRole.Observer) throw new DomainException("Rooms.Error.ObserverCannotChair");
        c.State.HandOver(to, permanent: true);
        return RoomSlices.Chair;
    }, ct);
}

public sealed partial class RoomEngine
{
    /// <summary>
    /// Closes the meeting: stops the clock, keeps the notes as they are now, cancels an unfinished vote, then queues
    /// the minutes to every participant in their language. If the process stops between the two steps, the chair
    /// watch finds the closed room without queued minutes and queues them (the outbox de-duplicates).
    /// </summary>
    public async Task<bool> CloseAsync(Guid roomId, Guid userId, IRoomNotes notes, MinutesService minutes, CancellationToken ct = default)
    {
        await RequireMemberAsync(roomId, userId, ct);
        var text = await notes.GetTextAsync(Room.NotesKeyFor(roomId), ct);
        var closed = await ExecuteAsync(roomId, userId, async c =>
        {
            c.RequireChair();
            if (c.Room.Status == RoomStatus.Closed) return RoomSlices.None;
            c.RequireLive();
            c.Room.Status = RoomStatus.Closed;
            c.Room.ClosedAt = c.Now;
            c.Room.FinalNotes = text;
            var phases = await c.PhasesAsync();
            if (c.State.PhaseIndex >= 0 && c.State.PhaseIndex < phases.Count) phases[c.State.PhaseIndex].EndedAt ??= c.Now;
            c.State.Pause(c.Now);
            c.State.Speaker = null;
            c.State.Queue.Clear();
            c.State.Round = null;
            foreach (var v in await c.Db.Votes.Where(v => v.RoomId == roomId && v.Status == VoteStatus.Open).ToListAsync(ct))
                v.Status = VoteStatus.Cancelled;
            return RoomSlices.Room | RoomSlices.Phases | RoomSlices.Timer | RoomSlices.Queue | RoomSlices.Round | RoomSlices.Votes;
        }, ct);
        await QueueMinutesAsync(roomId, minutes, ct);
        return closed;
    }

    /// <summary>Queues the minutes mails of a closed room once (idempotent; safe on several nodes).</summary>
    public async Task QueueMinutesAsync(Guid roomId, MinutesService minutes, CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        var room = await db.Rooms.FirstOrDefaultAsync(r => r.Id == roomId && r.Status == RoomStatus.Closed && r.MinutesQueuedAt == null, ct);
        if (room is null) return;
        await minutes.QueueMailsAsync(roomId, ct);
        room.MinutesQueuedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is DbUpdateConcurrencyException || (ex is DbUpdateException u && IsUniqueViolation(u)))
        {
            // Another node queued them at the same moment.
            db.ChangeTracker.Clear();
        }
    }
}

public sealed partial class RoomEngine
{
    /// <summary>
    /// Marks an action item done (or open again) — by its owner or its creator, also long after the meeting closed
    /// (actions are followed up on the dashboard). Live rooms see the change.
    /// </summary>
    public async Task SetActionDoneAsync(Guid actionId, Guid userId, bool done, CancellationToken ct = default)
    {
        var action = await db.ActionItems.AsNoTracking().FirstOrDefaultAsync(a => a.Id == actionId, ct) ?? throw DomainException.NotFound();
        if (action.OwnerId != userId && action.CreatedBy != userId)
            throw await db.RoomParticipants.AnyAsync(p => p.RoomId == action.RoomId && p.UserId == userId, ct) ? DomainException.Forbidden() : DomainException.NotFound();
        var status = done ? ActionStatus.Done : ActionStatus.Open;
        await ExecuteAsSystemAsync(action.RoomId, async (room, state, now) =>
        {
            var a = await db.ActionItems.FirstAsync(x => x.Id == actionId, ct);
            if (a.Status == status) return RoomSlices.None;
            a.Status = status;
            a.CompletedAt = done ? now : null;
            return RoomSlices.Actions;
        }, ct);
    }
}
