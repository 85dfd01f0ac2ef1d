using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CaseHub.Web.Infrastructure.ScaleOut;

/// <summary>Settings of the SignalR backplane (section "Redis"). Empty connection string = one node, no backplane.</summary>
public sealed class RedisBackplaneOptions
{
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis configuration string, e.g. "127.0.0.1:6379,password=…". Empty: no backplane.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Prefix of every Redis channel, so several CaseHub installations can share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "casehub";

    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);
}

/// <summary>
/// Wires the Redis backplane for several nodes. One multiplexer is shared by SignalR, the health check and the
/// start-up check. Commands fail fast while Redis is away (no backlog), so the node notices at once and keeps serving
/// its own clients through <see cref="ResilientHubLifetimeManager{THub}"/>.
/// </summary>
public static class RedisBackplane
{
    public static void AddCaseHubBackplane(this IServiceCollection services, ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        var options = configuration.GetSection(RedisBackplaneOptions.Section).Get<RedisBackplaneOptions>() ?? new();
        if (!options.Enabled) return;

        ConfigurationOptions redisConfig;
        try
        {
            redisConfig = ConfigurationOptions.Parse(options.ConnectionString);
        }
        catch (Exception ex)
        {
            throw new Core.Common.StartupException($"The setting Redis:ConnectionString is not a valid Redis configuration: {ex.Message}", ex);
        }
        redisConfig.AbortOnConnectFail = false;
        redisConfig.BacklogPolicy = BacklogPolicy.FailFast;
        redisConfig.ConnectTimeout = Math.Min(redisConfig.ConnectTimeout, 5000);
        redisConfig.ChannelPrefix = RedisChannel.Literal(options.ChannelPrefix);
        redisConfig.ClientName ??= "casehub";

        services.AddSingleton<RedisConnection>(sp => new RedisConnection(redisConfig, sp.GetRequiredService<ILogger<RedisConnection>>()));
        signalR.AddStackExchangeRedis(o => o.Configuration = redisConfig);
        services.AddSingleton<IConfigureOptions<RedisOptions>>(sp => new ConfigureOptions<RedisOptions>(o =>
        {
            var connection = sp.GetRequiredService<RedisConnection>();
            o.ConnectionFactory = _ => Task.FromResult(connection.Multiplexer);
        }));
        // Our manager wraps the Redis one (registered by AddStackExchangeRedis) and replaces it as the hub's manager.
        services.AddSingleton(typeof(RedisHubLifetimeManager<>));
        services.AddSingleton(typeof(DefaultHubLifetimeManager<>));
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(ResilientHubLifetimeManager<>));
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
    }

    /// <summary>At start-up: a configured but unreachable Redis stops the node with a message naming the setting.</summary>
    public static void EnsureBackplaneReachable(this WebApplication app)
    {
        var connection = app.Services.GetService<RedisConnection>();
        if (connection is null) return;
        if (!connection.WaitUntilConnected(TimeSpan.FromSeconds(10)))
            throw new Core.Common.StartupException(
                "CaseHub cannot reach Redis. Check the setting Redis:ConnectionString (or leave it empty to run a single node without a backplane).");
    }
}

/// <summary>The node's one Redis multiplexer; logs losing and regaining Redis (no personal data involved).</summary>
public sealed partial class RedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    public RedisConnection(ConfigurationOptions config, ILogger<RedisConnection> log)
    {
        _multiplexer = new Lazy<ConnectionMultiplexer>(() =>
        {
            var m = ConnectionMultiplexer.Connect(config);
            m.ConnectionFailed += (_, e) => LogConnectionLost(log, e.FailureType);
            m.ConnectionRestored += (_, e) => { LogConnectionRestored(log, e.ConnectionType); Restored?.Invoke(); };
            return m;
        });
    }

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public bool IsConnected => _multiplexer.IsValueCreated && _multiplexer.Value.IsConnected;

    /// <summary>Raised when Redis comes back, so the hub manager re-registers what it could not while Redis was away.</summary>
    public event Action? Restored;

    public bool WaitUntilConnected(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Multiplexer.IsConnected && DateTime.UtcNow < until) Thread.Sleep(100);
        return Multiplexer.IsConnected;
    }

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated) _multiplexer.Value.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection lost ({FailureType}): live events now reach only this node's clients")]
    private static partial void LogConnectionLost(ILogger logger, ConnectionFailureType failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection restored ({ConnectionType})")]
    private static partial void LogConnectionRestored(ILogger logger, ConnectionType connectionType);
}

/// <summary>/healthz: "Degraded" while Redis is away (this node still serves its own clients).</summary>
public sealed class RedisHealthCheck(RedisConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connection.IsConnected
            ? HealthCheckResult.Healthy("Redis backplane connected")
            : HealthCheckResult.Degraded("Redis backplane unreachable: live events reach only this node's clients"));
}
