using System.Text.Json;
using CaseHub.Core.Common;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CaseHub.Web.Infrastructure.ScaleOut;

/// <summary>
/// /healthz as JSON: overall status, each check (database, redis) and which node answered, so an operator behind nginx
/// can tell the nodes apart. 200 for Healthy and Degraded (a node without Redis still serves its clients), 503 otherwise.
/// </summary>
public static class HealthReportWriter
{
    public static HealthCheckOptions Options => new()
    {
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            version = Core.Releases.AppVersion.Current,
            node = context.RequestServices.GetRequiredService<NodeIdentity>().Name,
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
