using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Localization;
using CaseHub.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Endpoints;

/// <summary>Discovery-day files: the public programme feed, one day's "add to calendar" file, the registrants' CSV.</summary>
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
        app.MapGet("/discovery-days/{id:guid}/calendar.ics", async (Guid id, string? lang, CaseHubDbContext db, CalendarService calendar, CancellationToken ct) =>
        {
            var entryId = await db.DiscoveryDays.Where(d => d.Id == id && d.PurgedAt == null).Select(d => (Guid?)d.CalendarEntryId).FirstOrDefaultAsync(ct);
            if (entryId is null) return Results.NotFound();
            var entry = await db.CalendarEntries.AsNoTracking().Include(e => e.Exceptions).FirstAsync(e => e.Id == entryId, ct);
            var ics = calendar.BuildEventFile(entry, Languages.Normalize(lang));
            return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), IcsContentType, "discovery-day.ics");
        }).AllowAnonymous().RequireRateLimiting(RateLimitOptions.Public);

        // Registrants for Excel, headers in the organiser's language.
        app.MapGet("/organise/discovery-days/{id:guid}/registrants.csv", async (Guid id, DiscoveryDayService days, HttpContext http, CancellationToken ct) =>
        {
            var language = Languages.Normalize(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
            string name;
            byte[] content;
            try { (name, content) = await days.ExportCsvAsync(id, language, ct); }
            catch (CaseHub.Core.Common.DomainException ex) when (ex.IsNotFound) { return Results.NotFound(); }
            http.Response.Headers.CacheControl = "private, no-store";
            return Results.File(content, "text/csv; charset=utf-8", name);
        }).RequireAuthorization(p => p.RequireRole(Roles.Coordinator, Roles.Administrator));
    }
}
