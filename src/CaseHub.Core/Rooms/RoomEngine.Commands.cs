using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

/// <summary>
/// The room commands: each loads the records its rule needs, lets the pure rule in <see cref="RoomCommands"/> decide
/// and change them, and stores the outcome through <see cref="ExecuteAsync"/> (concurrency check, broadcast). Each is
/// idempotent (see <see cref="RoomCommands"/>): a command re-sent after a reconnect never applies twice.
/// </summary>
public sealed partial class RoomEngine
{
    public const int MaxAddSeconds = RoomCommands.MaxAddSeconds;

    // ---- meeting lifecycle -------------------------------------------------------------------------------

    public Task<bool> StartAsync(Guid roomId, Guid userId, CancellationToken ct = default) => ExecuteAsync(roomId, userId, async c =>
    {
        // Everyone already connected is present.
        var connected = await c.Db.RoomParticipants
            .Where(p => p.RoomId == roomId && c.Db.RoomConnections.Any(x => x.RoomId == roomId && x.UserId == p.UserId)).ToListAsync(ct);
        return RoomCommands.Start(c, await c.PhasesAsync(), connected);
    }, ct);

    /// <summary>Moves from phase <paramref name="fromIndex"/> to <paramref name="toIndex"/> (next, previous or any), recording actual times.</summary>
    public Task<bool> GoToPhaseAsync(Guid roomId, Guid userId, int fromIndex, int toIndex, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c => RoomCommands.GoToPhase(c, await c.PhasesAsync(), fromIndex, toIndex), ct);

    public Task<bool> AddTimeAsync(Guid roomId, Guid userId, int seconds, Guid commandId, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, c => Task.FromResult(RoomCommands.AddTime(c, seconds, commandId)), ct);

    public Task<bool> SetTimerRunningAsync(Guid roomId, Guid userId, bool running, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, c => Task.FromResult(RoomCommands.SetTimerRunning(c, running)), ct);

    // ---- speaking queue ----------------------------------------------------------------------------------

    public Task<bool> RaiseHandAsync(Guid roomId, Guid userId, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c => RoomCommands.RaiseHand(c, c.State.PhaseIndex < 0 ? [] : await c.PhasesAsync()), ct);

    /// <summary>Lowers one's own hand, or (chair) anyone's.</summary>
    public Task<bool> LowerHandAsync(Guid roomId, Guid userId, Guid whose, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, c => Task.FromResult(RoomCommands.LowerHand(c, whose)), ct);

    /// <summary>Gives the floor to someone (or the first in the queue), with the room's speaking-time limit.</summary>
    public Task<bool> GiveFloorAsync(Guid roomId, Guid userId, Guid? to, Guid commandId, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c => RoomCommands.GiveFloor(c, to, await c.ParticipantAsync(to, ct), commandId), ct);

    /// <summary>Ends the current turn: the chair, or the speaker themself.</summary>
    public Task<bool> EndSpeakerAsync(Guid roomId, Guid userId, Guid speakerId, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, c => Task.FromResult(RoomCommands.EndSpeaker(c, speakerId)), ct);

    // ---- rounds ------------------------------------------------------------------------------------------

    /// <summary>
    /// Starts a round with the participants present in the room, in invitation order: not those excused, absent or who
    /// never came (attendance not recorded), not observers, and not the protocol's roles that sit rounds out.
    /// </summary>
    public Task<bool> StartRoundAsync(Guid roomId, Guid userId, int? turnSeconds, Guid commandId, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c =>
        {
            var participants = await c.Db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == roomId).ToListAsync(ct);
            return RoomCommands.StartRound(c, participants, turnSeconds, commandId);
        }, ct);

    /// <summary>Next person in the round: the chair, or the person whose turn it is.</summary>
    public Task<bool> AdvanceRoundAsync(Guid roomId, Guid userId, int fromIndex, bool skip, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, c => Task.FromResult(RoomCommands.AdvanceRound(c, fromIndex, skip)), ct);

    public Task<bool> EndRoundAsync(Guid roomId, Guid userId, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, c => Task.FromResult(RoomCommands.EndRound(c)), ct);

    // ---- attendance --------------------------------------------------------------------------------------

    public Task<bool> SetAttendanceAsync(Guid roomId, Guid userId, Guid participantId, Attendance attendance, string? note, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c => RoomCommands.SetAttendance(c, await c.ParticipantAsync(participantId, ct), attendance, note), ct);

    // ---- decisions and action items ----------------------------------------------------------------------

    /// <summary>Records a decision (chair, co-chair or the protocol's rapporteur). <paramref name="id"/> is chosen by the client.</summary>
    public Task<bool> AddDecisionAsync(Guid roomId, Guid userId, Guid id, string? text, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c => c.Store(RoomCommands.AddDecision(c, id, text, await c.Db.Decisions.FirstOrDefaultAsync(d => d.Id == id, ct))), ct);

    public Task<bool> RemoveDecisionAsync(Guid roomId, Guid userId, Guid id, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c =>
            c.Store(RoomCommands.RemoveDecision(c, await c.Db.Decisions.FirstOrDefaultAsync(x => x.Id == id && x.RoomId == roomId, ct))), ct);

    /// <summary>Adds an action item (any participant but observers, e.g. from their phone). The owner must be a participant.</summary>
    public Task<bool> AddActionAsync(Guid roomId, Guid userId, Guid id, string? text, Guid? ownerId, DateOnly? due, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c =>
        {
            var owner = await c.ParticipantAsync(ownerId, ct);
            var existing = await c.Db.ActionItems.FirstOrDefaultAsync(a => a.Id == id, ct);
            return c.Store(RoomCommands.AddAction(c, id, text, ownerId, owner, due, existing));
        }, ct);

    /// <summary>Changes an action item: its creator, its owner or the chair.</summary>
    public Task<bool> UpdateActionAsync(Guid roomId, Guid userId, Guid id, string? text, Guid? ownerId, DateOnly? due, ActionStatus status, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c =>
        {
            var action = await c.Db.ActionItems.FirstOrDefaultAsync(x => x.Id == id && x.RoomId == roomId, ct);
            return RoomCommands.UpdateAction(c, action, text, ownerId, await c.ParticipantAsync(ownerId, ct), due, status);
        }, ct);

    public Task<bool> RemoveActionAsync(Guid roomId, Guid userId, Guid id, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c =>
            c.Store(RoomCommands.RemoveAction(c, await c.Db.ActionItems.FirstOrDefaultAsync(x => x.Id == id && x.RoomId == roomId, ct))), ct);

    // ---- chair hand-over ---------------------------------------------------------------------------------

    /// <summary>The chair hands the chair to another participant for good.</summary>
    public Task<bool> HandOverAsync(Guid roomId, Guid userId, Guid to, CancellationToken ct = default)
        => ExecuteAsync(roomId, userId, async c => RoomCommands.HandOver(c, to, await c.ParticipantAsync(to, ct)), ct);
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
            var openVotes = await c.Db.Votes.Where(v => v.RoomId == roomId && v.Status == VoteStatus.Open).ToListAsync(ct);
            return RoomCommands.Close(c, await c.PhasesAsync(), openVotes, text);
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
        var action = await db.ActionItems.AsNoTracking().FirstOrDefaultAsync(a => a.Id == actionId, ct) ?? throw Common.DomainException.NotFound();
        if (action.OwnerId != userId && action.CreatedBy != userId)
            throw await db.RoomParticipants.AnyAsync(p => p.RoomId == action.RoomId && p.UserId == userId, ct) ? Common.DomainException.Forbidden() : Common.DomainException.NotFound();
        await ExecuteAsSystemAsync(action.RoomId, async (room, state, now) =>
            RoomCommands.SetActionDone(await db.ActionItems.FirstAsync(x => x.Id == actionId, ct), done, now), ct);
    }
}
