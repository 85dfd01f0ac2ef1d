using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace CaseHub.Web.Infrastructure.ScaleOut;

/// <summary>
/// The Redis backplane, with a local fallback. SignalR's Redis manager delivers even local messages through Redis, so
/// without Redis a node would go silent. This manager keeps a local copy of connections and groups: while Redis is
/// away, messages reach this node's clients (the others catch up from their versioned room state when Redis returns:
/// a patch gap makes the browser refetch). Registrations that failed during the outage are replayed on recovery.
/// </summary>
public sealed class ResilientHubLifetimeManager<THub> : HubLifetimeManager<THub> where THub : Hub
{
    private readonly RedisHubLifetimeManager<THub> redis;
    private readonly DefaultHubLifetimeManager<THub> local;
    private readonly RedisConnection connection;
    private readonly ILogger log;
    private readonly ConcurrentDictionary<string, HubConnectionContext> unregisteredConnections = new();
    private readonly ConcurrentDictionary<(string ConnectionId, string Group), bool> unregisteredGroups = new();

    public ResilientHubLifetimeManager(RedisHubLifetimeManager<THub> redis, DefaultHubLifetimeManager<THub> local,
        RedisConnection connection, ILogger<ResilientHubLifetimeManager<THub>> log)
    {
        this.redis = redis;
        this.local = local;
        this.connection = connection;
        this.log = log;
        connection.Restored += () => _ = ReplayRegistrationsAsync();
    }

    public override async Task OnConnectedAsync(HubConnectionContext hubConnection)
    {
        await local.OnConnectedAsync(hubConnection);
        if (!await TryRedisAsync(() => redis.OnConnectedAsync(hubConnection)))
            unregisteredConnections[hubConnection.ConnectionId] = hubConnection;
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext hubConnection)
    {
        unregisteredConnections.TryRemove(hubConnection.ConnectionId, out _);
        foreach (var key in unregisteredGroups.Keys.Where(k => k.ConnectionId == hubConnection.ConnectionId))
            unregisteredGroups.TryRemove(key, out _);
        await local.OnDisconnectedAsync(hubConnection);
        await TryRedisAsync(() => redis.OnDisconnectedAsync(hubConnection));
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await local.AddToGroupAsync(connectionId, groupName, cancellationToken);
        if (!await TryRedisAsync(() => redis.AddToGroupAsync(connectionId, groupName, cancellationToken)))
            unregisteredGroups[(connectionId, groupName)] = true;
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        unregisteredGroups.TryRemove((connectionId, groupName), out _);
        await local.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
        await TryRedisAsync(() => redis.RemoveFromGroupAsync(connectionId, groupName, cancellationToken));
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllAsync(methodName, args, cancellationToken));

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendConnectionAsync(connectionId, methodName, args, cancellationToken));

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken));

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupAsync(groupName, methodName, args, cancellationToken));

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupsAsync(groupNames, methodName, args, cancellationToken));

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUserAsync(userId, methodName, args, cancellationToken));

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUsersAsync(userIds, methodName, args, cancellationToken));

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        redis.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        redis.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        redis.TryGetReturnType(invocationId, out type);

    private async Task SendAsync(Func<HubLifetimeManager<THub>, Task> send)
    {
        if (connection.IsConnected && await TryRedisAsync(() => send(redis))) return;
        await send(local);
    }

    private async Task<bool> TryRedisAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            log.LogWarning("Redis backplane unavailable ({Error}); serving this node's clients only", ex.GetType().Name);
            return false;
        }
    }

    private async Task ReplayRegistrationsAsync()
    {
        foreach (var (id, hubConnection) in unregisteredConnections)
        {
            if (hubConnection.ConnectionAborted.IsCancellationRequested || await TryRedisAsync(() => redis.OnConnectedAsync(hubConnection)))
                unregisteredConnections.TryRemove(id, out _);
        }
        foreach (var key in unregisteredGroups.Keys)
        {
            if (await TryRedisAsync(() => redis.AddToGroupAsync(key.ConnectionId, key.Group)))
                unregisteredGroups.TryRemove(key, out _);
        }
        log.LogInformation("Redis backplane registrations replayed after recovery");
    }
}
