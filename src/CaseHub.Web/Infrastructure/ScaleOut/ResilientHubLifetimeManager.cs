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
public sealed partial class ResilientHubLifetimeManager<THub> : HubLifetimeManager<THub> where THub : Hub
{
    private readonly RedisHubLifetimeManager<THub> _redis;
    private readonly DefaultHubLifetimeManager<THub> _local;
    private readonly RedisConnection _connection;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, HubConnectionContext> _unregisteredConnections = new();
    private readonly ConcurrentDictionary<(string ConnectionId, string Group), bool> _unregisteredGroups = new();

    public ResilientHubLifetimeManager(RedisHubLifetimeManager<THub> redis, DefaultHubLifetimeManager<THub> local,
        RedisConnection connection, ILogger<ResilientHubLifetimeManager<THub>> log)
    {
        _redis = redis;
        _local = local;
        _connection = connection;
        _log = log;
        connection.Restored += () => _ = ReplayRegistrationsAsync();
    }

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await _local.OnConnectedAsync(connection);
        if (!await TryRedisAsync(() => _redis.OnConnectedAsync(connection)))
            _unregisteredConnections[connection.ConnectionId] = connection;
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _unregisteredConnections.TryRemove(connection.ConnectionId, out _);
        foreach (var key in _unregisteredGroups.Keys.Where(k => k.ConnectionId == connection.ConnectionId))
            _unregisteredGroups.TryRemove(key, out _);
        await _local.OnDisconnectedAsync(connection);
        await TryRedisAsync(() => _redis.OnDisconnectedAsync(connection));
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await _local.AddToGroupAsync(connectionId, groupName, cancellationToken);
        if (!await TryRedisAsync(() => _redis.AddToGroupAsync(connectionId, groupName, cancellationToken)))
            _unregisteredGroups[(connectionId, groupName)] = true;
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        _unregisteredGroups.TryRemove((connectionId, groupName), out _);
        await _local.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
        await TryRedisAsync(() => _redis.RemoveFromGroupAsync(connectionId, groupName, cancellationToken));
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
        _redis.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        _redis.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        _redis.TryGetReturnType(invocationId, out type);

    private async Task SendAsync(Func<HubLifetimeManager<THub>, Task> send)
    {
        if (_connection.IsConnected && await TryRedisAsync(() => send(_redis))) return;
        await send(_local);
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
            LogRedisUnavailable(_log, ex.GetType().Name);
            return false;
        }
    }

    private async Task ReplayRegistrationsAsync()
    {
        foreach (var (id, connection) in _unregisteredConnections)
        {
            if (connection.ConnectionAborted.IsCancellationRequested || await TryRedisAsync(() => _redis.OnConnectedAsync(connection)))
                _unregisteredConnections.TryRemove(id, out _);
        }
        foreach (var key in _unregisteredGroups.Keys)
        {
            if (await TryRedisAsync(() => _redis.AddToGroupAsync(key.ConnectionId, key.Group)))
                _unregisteredGroups.TryRemove(key, out _);
        }
        LogReplayed(_log);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis backplane unavailable ({Error}); serving this node's clients only")]
    private static partial void LogRedisUnavailable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis backplane registrations replayed after recovery")]
    private static partial void LogReplayed(ILogger logger);
}
