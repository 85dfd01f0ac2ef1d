using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CaseHub.Core.Common;

/// <summary>
/// CaseHub's own metrics and traces (meter and activity source "CaseHub"). Instruments cost nothing until a listener
/// (OpenTelemetry, when Metrics:Enabled) subscribes. Tags carry names of methods and kinds only: never ids or personal data.
/// </summary>
public static class CaseHubTelemetry
{
    public const string Name = "CaseHub";

    public static readonly Meter Meter = new(Name);
    public static readonly ActivitySource Source = new(Name);

    private static long _liveConnections;

    /// <summary>
    /// Live SignalR connections on this node: an observed value, not a sum of +1/-1 events, so a listener that starts
    /// after connections were opened (a late exporter, a second host in the process) still reads the true number.
    /// </summary>
    public static readonly ObservableGauge<long> HubConnections =
        Meter.CreateObservableGauge("casehub.hub.connections", () => Interlocked.Read(ref _liveConnections), "{connection}", "Live SignalR connections on this node");

    public static void ConnectionOpened() => Interlocked.Increment(ref _liveConnections);
    public static void ConnectionClosed() => Interlocked.Decrement(ref _liveConnections);

    /// <summary>Duration of hub method calls, by method name and outcome (ok, refused, error).</summary>
    public static readonly Histogram<double> HubMethodDuration =
        Meter.CreateHistogram<double>("casehub.hub.method.duration", "s", "Duration of hub method calls",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    /// <summary>A booking saw a free seat, but a concurrent booking took it first (the person was wait-listed).</summary>
    public static readonly Counter<long> BookingConflicts =
        Meter.CreateCounter<long>("casehub.bookings.conflicts", "{booking}", "Seats lost to a concurrent booking");

    public static readonly Counter<long> MailsSent =
        Meter.CreateCounter<long>("casehub.mail.sent", "{mail}", "Mails handed to the transport");

    /// <summary>Failed send attempts, by whether the message will be retried or was given up.</summary>
    public static readonly Counter<long> MailsFailed =
        Meter.CreateCounter<long>("casehub.mail.failed", "{mail}", "Failed mail send attempts");
}
