using CaseHub.Core.Accounts;
using CaseHub.Core.Audit;
using CaseHub.Core.Calendar;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Exports;
using CaseHub.Core.Localization;
using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Endpoints;

/// <summary>Discovery-day files: the public programme feed, one day's "add to calendar" file, the registrants and check-in list (CSV, Excel).</summary>
public static class DiscoveryDayEndpoints
{
    private const string IcsContentType = "text/calendar; charset=utf-8";

    public static void MapDiscoveryDayEndpoints(this IEndpointRouteBuilder app)
    {
        // The public programme as a subscribable calendar (no organiser address, no attendees).
        app.MapMethods("/discovery-days/feed.ics", [HttpMethods.Get, HttpMethods.Head], async (string? lang, DiscoveryBookingService bookings,
            CalendarService calendar, TextCatalog texts, HttpContext http, CancellationToken ct) =>
        {
            var language = Languages.Normalize(lang);
            var ics = calendar.BuildPublicFeed(await bookings.PublicFeedEntriesAsync(ct), texts.Get("Discovery.Public.FeedName", language), language);
            http.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Text(ics, IcsContentType);
        }).AllowAnonymous().RequireRateLimiting(RateLimitOptions.Public);

        // "Add to calendar" for one public day.
        app.MapGet("/discovery-days/{id:guid}/calendar.ics", async (Guid id, string? lang, DiscoveryBookingService bookings, CalendarService calendar, CancellationToken ct) =>
        {
            var entry = await bookings.PublicEntryAsync(id, ct);
            if (entry is null) return Results.NotFound();
            var ics = calendar.BuildEventFile(entry, Languages.Normalize(lang));
            return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), IcsContentType, "discovery-day.ics");
        }).AllowAnonymous().RequireRateLimiting(RateLimitOptions.Public);

        // The registrants and the check-in list as CSV or Excel, headers in the organiser's language. Personal data:
        // coordinators and administrators only, and every download is in the audit trail.
        foreach (var checkIn in new[] { false, true })
            foreach (var format in new[] { ExportFormat.Csv, ExportFormat.Xlsx })
            {
                var path = $"/organise/discovery-days/{{id:guid}}/{(checkIn ? "check-in" : "registrants")}.{(format == ExportFormat.Csv ? "csv" : "xlsx")}";
                app.MapGet(path, async (Guid id, DiscoveryDayService days, Exporter exporter, TextCatalog texts, AuditTrail audit,
                    HttpContext http, CancellationToken ct) =>
                {
                    var language = Languages.Normalize(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
                    DiscoveryDayDetail detail;
                    try { detail = await days.GetAsync(id, ct); }
                    catch (CaseHub.Core.Common.DomainException ex) when (ex.IsNotFound) { return Results.NotFound(); }
                    var table = checkIn ? DiscoveryExports.CheckInList(detail) : DiscoveryExports.Registrants(detail, texts, language);
                    var file = exporter.Write(table, format, language, DiscoveryExports.FileBase(detail, checkIn));
                    await audit.RecordViewAsync(http.User.UserId(), checkIn ? "Discovery.CheckInListExported" : "Discovery.RegistrantsExported", "DiscoveryDay", id, ct);
                    return ExportDownload.Result(http, file);
                }).RequireAuthorization(p => p.RequireRole(Roles.Coordinator, Roles.Administrator));
            }
    }
}
