using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Rooms;

/// <summary>
/// The server-side authority for live rooms. Every change goes through <see cref="ExecuteAsync"/>: load the room's state,
/// check the caller, apply one command, save with an optimistic-concurrency check (retrying when another node or
/// connection changed the room meanwhile), then broadcast only the slices that changed. Presence is kept in the
/// database so that every node sees who is connected.
/// </summary>
public sealed partial class RoomEngine(
    CaseHubDbContext db,
    ProtocolCatalog protocols,
    IRoomBroadcaster broadcaster,
    TimeProvider clock,
    IOptions<RoomOptions> options,
    NodeIdentity node,
    ILogger<RoomEngine> log,
    IEnumerable<IBallotValidator> ballotValidators,
    Audit.AuditLog audit,
    IEnumerable<IRoomAccessGuard> accessGuards)
{
    private const int MaxAttempts = 8;

    private CaseHubDbContext Db => db;
    private ProtocolCatalog Protocols => protocols;

    /// <summary>
    /// Everything a command needs: the room, its live state, the caller and the time (<see cref="LiveRoom"/>, what the
    /// pure <see cref="RoomCommands"/> rules decide on), plus this unit of work for loading and storing records.
    /// </summary>
    public sealed class CommandContext(RoomEngine engine, Room room, RoomLiveState state, RoomParticipant caller, DateTimeOffset now)
        : LiveRoom(room, state, caller, engine.Protocols.TryGet(room.ProtocolKey, out var protocol) ? protocol : null, now)
    {
        private List<RoomPhase>? _phases;

        public CaseHubDbContext Db => engine.Db;

        /// <summary>The room's phases in order, tracked (a rule may record their actual times).</summary>
        public async Task<List<RoomPhase>> PhasesAsync()
            => _phases ??= await engine.Db.RoomPhases.Where(p => p.RoomId == Room.Id).OrderBy(p => p.Order).ToListAsync();

        public async Task<PhasePolicy> CurrentPolicyAsync() => State.PhaseIndex < 0 ? PhasePolicy.Open : PolicyIn(await PhasesAsync());

        /// <summary>The participant <paramref name="userId"/> names in this room (tracked), or null (also for a null id).</summary>
        public async Task<RoomParticipant?> ParticipantAsync(Guid? userId, CancellationToken ct)
            => userId is { } id ? await engine.Db.RoomParticipants.FirstOrDefaultAsync(p => p.RoomId == Room.Id && p.UserId == id, ct) : null;

        /// <summary>Stores what a rule inserted or deleted; returns its slices.</summary>
        public RoomSlices Store(RoomOutcome outcome)
        {
            if (outcome.Insert is { } inserted) engine.Db.Add(inserted);
            if (outcome.Delete is { } deleted) engine.Db.Remove(deleted);
            return outcome.Slices;
        }
    }

    /// <summary>The caller's participation in a room, or a 404-style error (non-members are not told the room exists).
    /// A feature's <see cref="IRoomAccessGuard"/> can withdraw access at read time (e.g. someone taken off a case).</summary>
    public async Task<RoomParticipant> RequireMemberAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        var member = await db.RoomParticipants.AsNoTracking().FirstOrDefaultAsync(p => p.RoomId == roomId && p.UserId == userId, ct)
                     ?? throw DomainException.NotFound();
        if (!accessGuards.Any()) return member;
        var context = await db.Rooms.AsNoTracking().Where(r => r.Id == roomId).Select(r => new { r.ContextType, r.ContextId }).FirstAsync(ct);
        return await accessGuards.AllowAsync(context.ContextType, context.ContextId, userId, ct) ? member : throw DomainException.NotFound();
    }

    /// <summary>
    /// The room (tracked) and the caller's participation in one database round-trip, with the same rules as
    /// <see cref="RequireMemberAsync"/> (the access guards get the room's context from the row just read). This is the
    /// hot path of every live command: it used to take three queries (membership, room context, room) before the save.
    /// </summary>
    private async Task<(Room Room, RoomParticipant Caller)> LoadForCommandAsync(Guid roomId, Guid userId, CancellationToken ct)
    {
        var row = await db.Rooms.AsNoTracking().Where(r => r.Id == roomId)
            .Select(r => new { Room = r, Caller = db.RoomParticipants.FirstOrDefault(p => p.RoomId == r.Id && p.UserId == userId) })
            .FirstOrDefaultAsync(ct);
        if (row?.Caller is not { } caller) throw DomainException.NotFound();
        if (!await accessGuards.AllowAsync(row.Room.ContextType, row.Room.ContextId, userId, ct)) throw DomainException.NotFound();
        // The room is tracked from here (its StateVersion as read is the concurrency check of the save); the caller's
        // row stays untracked, as RequireMemberAsync returns it: a command that changes a participant loads it itself.
        row.Room.Participants = [];
        db.Rooms.Attach(row.Room);
        return (row.Room, caller);
    }

    /// <summary>
    /// Applies one command. Returns false when nothing changed (a repeated command, or a condition no longer true).
    /// Throws <see cref="DomainException"/> for refused input; the stored state is then untouched.
    /// </summary>
    public async Task<bool> ExecuteAsync(Guid roomId, Guid userId, Func<CommandContext, Task<RoomSlices>> apply, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var (room, caller) = await LoadForCommandAsync(roomId, userId, ct);
            var state = RoomLiveState.Deserialize(room.StateJson);
            var context = new CommandContext(this, room, state, caller, clock.GetUtcNow());
            var slices = await apply(context);
            if (slices == RoomSlices.None && !db.ChangeTracker.HasChanges()) return false;

            state.Version++;
            room.StateJson = state.Serialize();
            room.StateVersion++;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Another writer changed the room between our read and write: re-read and re-apply.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
                continue;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && IsUniqueViolation(ex))
            {
                // A concurrent insert of the same thing (same client id): the retry sees it and becomes a no-op.
                continue;
            }
            await BroadcastAsync(room, state, slices, ct);
            return true;
        }
    }

    /// <summary>Applies a change made by the system (chair watch, calendar replies) with the same concurrency rules.</summary>
    public async Task<bool> ExecuteAsSystemAsync(Guid roomId, Func<Room, RoomLiveState, DateTimeOffset, Task<RoomSlices>> apply, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var room = await db.Rooms.FirstOrDefaultAsync(r => r.Id == roomId, ct);
            if (room is null) return false;
            var state = RoomLiveState.Deserialize(room.StateJson);
            var slices = await apply(room, state, clock.GetUtcNow());
            if (slices == RoomSlices.None && !db.ChangeTracker.HasChanges()) return false;
            state.Version++;
            room.StateJson = state.Serialize();
            room.StateVersion++;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
                continue;
            }
            await BroadcastAsync(room, state, slices, ct);
            return true;
        }
    }

    private async Task BroadcastAsync(Room room, RoomLiveState state, RoomSlices slices, CancellationToken ct)
    {
        try
        {
            await broadcaster.PatchAsync(room.Id, await BuildPatchAsync(room, state, slices, ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is saved; clients that miss this patch notice the version gap and fetch the full state.
            LogBroadcastFailed(log, room.Id, ex.GetType().Name);
        }
    }

    internal static bool IsUniqueViolation(DbUpdateException ex)
    {
        var message = ex.InnerException?.Message ?? "";
        return message.Contains("UNIQUE constraint failed", StringComparison.OrdinalIgnoreCase)
               || message.Contains("duplicate key value", StringComparison.OrdinalIgnoreCase);
    }

    // ---- presence ----------------------------------------------------------------------------------------

    /// <summary>
    /// A connection enters a room: recorded for presence, marked present the first time, and the designated chair
    /// takes the chair back if someone had been holding it for them. Returns the full state for this caller.
    /// </summary>
    public async Task<RoomSnapshot> JoinAsync(Guid roomId, Guid userId, string connectionId, CancellationToken ct = default)
    {
        var member = await RequireMemberAsync(roomId, userId, ct);
        var room = await db.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, ct) ?? throw DomainException.NotFound();
        if (room.Status == RoomStatus.Cancelled) throw new DomainException("Rooms.Error.Cancelled");
        var now = clock.GetUtcNow();

        if (room.Status != RoomStatus.Closed)
        {
            var existing = await db.RoomConnections.FirstOrDefaultAsync(c => c.ConnectionId == connectionId && c.RoomId == roomId, ct);
            if (existing is null)
            {
                db.RoomConnections.Add(new RoomConnection { ConnectionId = connectionId, RoomId = roomId, UserId = userId, Node = node.Name, ConnectedAt = now, LastSeenAt = now });
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateException ex) when (IsUniqueViolation(ex)) { db.ChangeTracker.Clear(); }
            }

            await ExecuteAsSystemAsync(roomId, async (r, state, at) =>
                RoomCommands.Arrive(r, state, await db.RoomParticipants.FirstAsync(x => x.RoomId == roomId && x.UserId == userId, ct)), ct);
            await BroadcastPresenceAsync(roomId, userId, ct);
        }
        return await SnapshotAsync(roomId, userId, ct);
    }

    /// <summary>A connection ended: forget it, and start the chair's absence clock if the chair has no connection left.</summary>
    public async Task DisconnectAsync(string connectionId, CancellationToken ct = default)
    {
        var rows = await db.RoomConnections.Where(c => c.ConnectionId == connectionId).ToListAsync(ct);
        if (rows.Count == 0) return;
        db.RoomConnections.RemoveRange(rows);
        await db.SaveChangesAsync(ct);
        foreach (var row in rows)
        {
            await MarkChairAbsenceAsync(row.RoomId, ct);
            await BroadcastPresenceAsync(row.RoomId, row.UserId, ct);
        }
    }

    /// <summary>Leaves one room (the page navigated away) without closing the connection.</summary>
    public async Task LeaveAsync(Guid roomId, string connectionId, CancellationToken ct = default)
    {
        var userId = await db.RoomConnections.Where(c => c.ConnectionId == connectionId && c.RoomId == roomId).Select(c => (Guid?)c.UserId).FirstOrDefaultAsync(ct);
        var removed = await db.RoomConnections.Where(c => c.ConnectionId == connectionId && c.RoomId == roomId).ExecuteDeleteAsync(ct);
        if (removed == 0) return;
        await MarkChairAbsenceAsync(roomId, ct);
        await BroadcastPresenceAsync(roomId, userId, ct);
    }

    internal async Task MarkChairAbsenceAsync(Guid roomId, CancellationToken ct)
    {
        var staleBefore = clock.GetUtcNow().AddSeconds(-options.Value.StaleConnectionSeconds);
        await ExecuteAsSystemAsync(roomId, async (room, state, now) =>
        {
            if (room.Status != RoomStatus.Live || state.ChairAbsentSince is not null) return RoomSlices.None; // no need to ask
            var chairOnline = await db.RoomConnections.AnyAsync(c => c.RoomId == roomId && c.UserId == state.ActingChairId && c.LastSeenAt > staleBefore, ct);
            return RoomCommands.MarkChairAbsence(room, state, chairOnline, now);
        }, ct);
    }

    /// <summary>
    /// Tells the room who is online. With <paramref name="onlyUser"/> (one person joined or left) only that person's
    /// entry goes out, and clients merge it into their list: a room of N people filling up then costs N messages of one
    /// entry each instead of N messages of N entries to N people.
    /// </summary>
    public async Task BroadcastPresenceAsync(Guid roomId, Guid? onlyUser = null, CancellationToken ct = default)
    {
        try
        {
            await broadcaster.PresenceAsync(roomId, await ParticipantsAsync(roomId, onlyUser, ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBroadcastFailed(log, roomId, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId}: broadcast failed ({Error}); clients will resynchronise")]
    private static partial void LogBroadcastFailed(ILogger logger, Guid roomId, string error);
}
