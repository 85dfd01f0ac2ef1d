using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Rooms;

/// <summary>
/// Keeps presence honest and rooms chaired, on every node: refreshes this node's connections (so a crashed node's
/// connections go stale), and when a live room's chair has been gone longer than the hand-over delay, gives the chair
/// to a present co-chair, else to the first present participant; the designated chair gets it back on return.
/// All decisions use the database and the injected clock, so several nodes can run it at once.
/// </summary>
public sealed partial class ChairWatch(IServiceScopeFactory scopes, IOptions<RoomOptions> options, TimeProvider clock, NodeIdentity node,
    WorkerClock pacing, ILogger<ChairWatch> log) : PeriodicWorker(pacing, log)
{
    private DateTimeOffset _lastHeartbeat = DateTimeOffset.MinValue;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.WatchIntervalSeconds);

    protected override async Task<bool> RoundAsync(CancellationToken ct)
    {
        var o = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var engine = scope.ServiceProvider.GetRequiredService<RoomEngine>();
        var now = clock.GetUtcNow();

        if (now - _lastHeartbeat >= TimeSpan.FromSeconds(o.HeartbeatSeconds))
        {
            await db.RoomConnections.Where(c => c.Node == node.Name).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSeenAt, now), ct);
            _lastHeartbeat = now;
            // Connections of nodes that died long ago are removed; their users' presence is re-broadcast.
            var dead = now.AddSeconds(-o.StaleConnectionSeconds * 3);
            var deadRooms = await db.RoomConnections.Where(c => c.LastSeenAt < dead).Select(c => c.RoomId).Distinct().ToListAsync(ct);
            if (deadRooms.Count > 0)
            {
                await db.RoomConnections.Where(c => c.LastSeenAt < dead).ExecuteDeleteAsync(ct);
                foreach (var roomId in deadRooms) await engine.BroadcastPresenceAsync(roomId, ct: ct);
            }
        }

        // Closed rooms whose minutes were not queued (the process stopped right after closing).
        var minutes = scope.ServiceProvider.GetRequiredService<MinutesService>();
        foreach (var roomId in await db.Rooms.AsNoTracking().Where(r => r.Status == RoomStatus.Closed && r.MinutesQueuedAt == null)
                     .OrderBy(r => r.Id).Select(r => r.Id).Take(20).ToListAsync(ct)) // v7 ids: oldest first
            await engine.QueueMinutesAsync(roomId, minutes, ct);

        var staleBefore = now.AddSeconds(-o.StaleConnectionSeconds);
        var liveRooms = await db.Rooms.AsNoTracking().Where(r => r.Status == RoomStatus.Live).Select(r => r.Id).ToListAsync(ct);
        foreach (var roomId in liveRooms)
        {
            var online = (await db.RoomConnections.AsNoTracking().Where(c => c.RoomId == roomId && c.LastSeenAt > staleBefore)
                .Select(c => c.UserId).Distinct().ToListAsync(ct)).ToHashSet();
            await engine.ExecuteAsSystemAsync(roomId, async (room, state, at) =>
            {
                if (room.Status != RoomStatus.Live) return RoomSlices.None;
                // The designated chair is back: they take the chair again.
                if (state.ActingChairId != state.ChairId && online.Contains(state.ChairId))
                {
                    state.HandOver(state.ChairId, permanent: false);
                    return RoomSlices.Chair;
                }
                if (online.Contains(state.ActingChairId))
                {
                    if (state.ChairAbsentSince is null) return RoomSlices.None;
                    state.ChairAbsentSince = null;
                    return RoomSlices.Chair;
                }
                if (state.ChairAbsentSince is null)
                {
                    state.ChairAbsentSince = at;
                    return RoomSlices.Chair;
                }
                if (at - state.ChairAbsentSince < TimeSpan.FromSeconds(o.ChairHandoverSeconds)) return RoomSlices.None;

                var candidates = await db.RoomParticipants.AsNoTracking()
                    .Where(p => p.RoomId == roomId && p.Role != RoomRole.Observer)
                    .OrderBy(p => p.Role == RoomRole.CoChair ? 0 : 1).ThenBy(p => p.JoinOrder)
                    .Select(p => p.UserId).ToListAsync(ct);
                var next = candidates.FirstOrDefault(online.Contains);
                if (next == Guid.Empty) return RoomSlices.None; // nobody to hand to: keep waiting
                state.HandOver(next, permanent: false);
                LogHandOver(log, roomId);
                return RoomSlices.Chair;
            }, ct);
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {RoomId}: chair handed over after the chair's connection was lost")]
    private static partial void LogHandOver(ILogger logger, Guid roomId);
}
