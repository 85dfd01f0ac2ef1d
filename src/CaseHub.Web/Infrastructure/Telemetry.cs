using System.Diagnostics.Metrics;
using System.Net;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Mail;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CaseHub.Web.Infrastructure;

/// <summary>Settings of the Prometheus endpoint (section "Metrics").</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Collect metrics and traces and serve <c>/metrics</c>. Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>Client networks (CIDR) allowed to scrape, besides loopback; the address is the one the reverse proxy forwarded.</summary>
    public string[] AllowedNetworks { get; set; } = [];

    /// <summary>Seconds a database-backed gauge (rooms open, outbox backlog) is reused between scrapes.</summary>
    public double GaugeCacheSeconds { get; set; } = 5;

    /// <summary>OTLP collector (e.g. http://otel-collector:4317) receiving metrics and traces; empty = none. Read at start-up.</summary>
    public string OtlpEndpoint { get; set; } = "";
}

/// <summary>OpenTelemetry metrics and traces; the Prometheus scraping endpoint, restricted to allowed networks.</summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static void AddCaseHubTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MetricsOptions>(configuration.GetSection(MetricsOptions.Section));
        services.AddSingleton<CaseHubGauges>();
        // Read at start-up (environment, appsettings): an exporter is wired in or not.
        var otlp = configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.OtlpEndpoint)}"];
        var otel = services.AddOpenTelemetry();
        otel.WithMetrics(m =>
        {
            m.AddPrometheusExporter();
            // Which meters is decided once the final configuration is known (a test host adds its settings late);
            // with Metrics:Enabled off the provider listens to nothing.
            ((IDeferredMeterProviderBuilder)m).Configure((sp, b) =>
            {
                var o = sp.GetRequiredService<IOptions<MetricsOptions>>().Value;
                if (!o.Enabled) return;
                foreach (var network in o.AllowedNetworks)
                    if (!System.Net.IPNetwork.TryParse(network, out _))
                        throw new InvalidOperationException($"The setting Metrics:AllowedNetworks holds '{network}', which is not a CIDR network.");
                b.AddMeter(CaseHubTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections");
            });
            if (!string.IsNullOrWhiteSpace(otlp)) m.AddOtlpExporter(e => e.Endpoint = new Uri(otlp));
        });
        // Traces need somewhere to go: without an OTLP endpoint the spans stay on the "CaseHub" ActivitySource for any
        // other listener (dotnet-trace, dotnet-monitor), and nothing is recorded.
        if (!string.IsNullOrWhiteSpace(otlp))
            otel.WithTracing(t => t
                .AddSource(CaseHubTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => ctx.Request.Path != MetricsPath)
                .AddOtlpExporter(e => e.Endpoint = new Uri(otlp)));
    }

    /// <summary>Serves /metrics to loopback and the allowed networks only; anyone else gets 404 (it does not exist for them).</summary>
    public static void MapCaseHubMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled) return;
        _ = app.Services.GetRequiredService<CaseHubGauges>(); // the gauges exist from the start
        var networks = options.AllowedNetworks.Select(System.Net.IPNetwork.Parse).ToList();
        app.UseWhen(ctx => ctx.Request.Path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase), branch => branch.Use((ctx, next) =>
        {
            var ip = ctx.Connection.RemoteIpAddress;
            if (ip is { IsIPv4MappedToIPv6: true }) ip = ip.MapToIPv4();
            var allowed = ip is not null && (IPAddress.IsLoopback(ip) || networks.Any(n => n.Contains(ip)));
            if (allowed) return next(ctx);
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }));
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
    }
}

/// <summary>Gauges read from the database when scraped (cached briefly so frequent scrapes cost one query each few seconds).</summary>
public sealed class CaseHubGauges : IDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _cache;
    private readonly Meter _meter = new(CaseHubTelemetry.Name);
    private readonly Lock _gate = new();
    private (DateTimeOffset At, long RoomsOpen, long Backlog)? _last;

    public CaseHubGauges(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MetricsOptions> options)
    {
        _scopes = scopes;
        _clock = clock;
        _cache = TimeSpan.FromSeconds(Math.Max(0, options.Value.GaugeCacheSeconds));
        _meter.CreateObservableGauge("casehub.rooms.open", () => Read().RoomsOpen, "{room}", "Rooms currently live (all nodes)");
        _meter.CreateObservableGauge("casehub.outbox.backlog", () => Read().Backlog, "{mail}", "Mails waiting to be sent (all nodes)");
    }

    private (long RoomsOpen, long Backlog) Read()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (_last is { } l && now - l.At < _cache) return (l.RoomsOpen, l.Backlog);
            using var scope = _scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            var rooms = db.Rooms.LongCount(r => r.Status == RoomStatus.Live);
            var backlog = db.OutboxMessages.LongCount(m => m.Status == OutboxStatus.Pending);
            _last = (now, rooms, backlog);
            return (rooms, backlog);
        }
    }

    public void Dispose() => _meter.Dispose();
}
