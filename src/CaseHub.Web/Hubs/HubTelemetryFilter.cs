using System.Diagnostics;
using CaseHub.Core.Common;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Hubs;

/// <summary>
/// Outermost hub filter: counts live connections, times every hub method (histogram by method name and outcome) and
/// opens a trace span per call. Only the method name is recorded: never room ids, arguments or user data.
/// </summary>
public sealed class HubTelemetryFilter : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        CaseHubTelemetry.ConnectionOpened();
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        CaseHubTelemetry.ConnectionClosed();
        await next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var method = invocationContext.HubMethodName;
        using var activity = CaseHubTelemetry.Source.StartActivity("hub " + method, ActivityKind.Server);
        activity?.SetTag("rpc.system", "signalr");
        activity?.SetTag("rpc.method", method);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await next(invocationContext);
        }
        catch (HubException)
        {
            outcome = "refused"; // a localized refusal (rule, rate limit): the caller's problem, not the server's
            throw;
        }
        catch (Exception ex)
        {
            outcome = "error";
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            CaseHubTelemetry.HubMethodDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
