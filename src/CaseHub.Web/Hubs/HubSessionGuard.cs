using System.Collections.Concurrent;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Hubs;

/// <summary>
/// Ends live connections whose sign-in is no longer valid: password changed, roles changed, account deactivated or
/// erased (all of which renew the user's security stamp). Every node checks its own connections against the database
/// every few seconds, so this also holds for someone who only listens and never calls the hub.
/// </summary>
public sealed partial class HubSessionGuard(IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, IOptions<RoomOptions> rooms,
    TimeProvider clock, ILogger<HubSessionGuard> log) : BackgroundService
{
    private sealed record Entry(HubCallerContext Context, Guid UserId, string? Stamp);

    private readonly ConcurrentDictionary<string, Entry> _connections = new();

    public void Register(HubCallerContext context)
    {
        if (!Guid.TryParse(context.UserIdentifier, out var userId)) return;
        var stamp = context.User?.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
        _connections[context.ConnectionId] = new Entry(context, userId, stamp);
    }

    public void Unregister(string connectionId) => _connections.TryRemove(connectionId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(TimeSpan.FromSeconds(rooms.Value.SessionCheckSeconds), stoppingToken); } // real time: tests may freeze the clock
            catch (OperationCanceledException) { return; }
            try
            {
                await CheckOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(log, ex);
            }
        }
    }

    /// <summary>Aborts the connections of users whose stamp changed or who may no longer sign in.</summary>
    public async Task<int> CheckOnceAsync(CancellationToken ct = default)
    {
        var snapshot = _connections.Values.ToList();
        if (snapshot.Count == 0) return 0;
        var ids = snapshot.Select(e => e.UserId).Distinct().ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var now = clock.GetUtcNow();
        var current = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.SecurityStamp, u.LockoutEnd, u.ErasedAt }).ToDictionaryAsync(u => u.Id, ct);
        var ended = 0;
        foreach (var e in snapshot)
        {
            var valid = current.TryGetValue(e.UserId, out var u) && u.ErasedAt == null && !(u.LockoutEnd > now)
                        && (e.Stamp is null || e.Stamp == u.SecurityStamp);
            if (valid) continue;
            e.Context.Abort();
            Unregister(e.Context.ConnectionId);
            ended++;
        }
        if (ended > 0) LogEnded(log, ended);
        return ended;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended {Count} live connection(s) whose sign-in was revoked")]
    private static partial void LogEnded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session check of live connections failed")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
