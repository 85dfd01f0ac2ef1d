using CaseHub.Core.Calendar;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;

namespace CaseHub.Web.Endpoints;

/// <summary>Calendar files: a user's private subscription feed (anonymous, by token) and "add to calendar" downloads.</summary>
public static class CalendarEndpoints
{
    private const string IcsContentType = "text/calendar; charset=utf-8";

    public static void MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        // Calendar clients poll this URL without cookies: the token is the only key. A bad or revoked token gets a bare
        // 404 (no error page, no hint whether it ever existed).
        app.MapMethods("/calendar/feed/{token}.ics", [HttpMethods.Get, HttpMethods.Head], async (string token, CalendarService calendar, HttpContext http, CancellationToken ct) =>
        {
            var ics = await calendar.BuildUserFeedAsync(token, ct);
            if (ics is null)
            {
                if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
                return Results.NotFound();
            }
            http.Response.Headers.CacheControl = "private, no-cache";
            return Results.Text(ics, IcsContentType);
        }).AllowAnonymous().RequireRateLimiting(RateLimitOptions.Public);

        // "Add to calendar" for one entry: only its invitees and its organiser; anyone else sees "not found".
        app.MapGet("/calendar/entries/{id:guid}.ics", async (Guid id, CalendarService calendar, HttpContext http, CancellationToken ct) =>
        {
            var ics = await calendar.BuildEventFileForUserAsync(id, http.User.UserId(), ct);
            if (ics is null) return Results.NotFound();
            http.Response.Headers.CacheControl = "private, no-store";
            return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), IcsContentType, "casehub-event.ics");
        }).RequireAuthorization();
    }
}
