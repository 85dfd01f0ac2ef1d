using System.Net;
using System.Text.RegularExpressions;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.DiscoveryDays;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CaseHub.Web.Tests.DiscoveryDays;

/// <summary>What the discovery web tests share: publishing a day, posting the booking form like a browser, reading mails back.</summary>
internal static partial class DiscoveryWeb
{
    public static DiscoveryDayInput Input(DateOnly date, int capacity, string title, WaitlistMode mode = WaitlistMode.Immediate)
        => DiscoverySample.Input(date, capacity, title, mode);

    public static async Task<DiscoveryDay> PublishAsync(CaseHubFactory app, int capacity, string title, int daysAhead = 20, WaitlistMode mode = WaitlistMode.Immediate)
    {
        DiscoveryDay? day = null;
        await app.WithScopeAsync(async sp =>
        {
            var clock = sp.GetRequiredService<TimeProvider>();
            var date = CalendarTime.LocalDate(clock.GetUtcNow()).AddDays(daysAhead);
            day = await sp.GetRequiredService<DiscoveryDayService>().CreateAsync(Input(date, capacity, title, mode), null);
        });
        return day!;
    }

    public static Task<BookingForm> OpenFormAsync(FormClient client, Guid dayId) => BookingForm.OpenAsync(client, dayId);

    public static Task<HttpResponseMessage> PostFormAsync(FormClient client, Guid dayId, BookingForm form, string email, string name,
        bool consent = true, string language = "fr", string website = "", string? submissionKey = null)
        => form.PostAsync(client, dayId, email, name, consent, language, website, submissionKey);

    public static Task<string> Html(HttpResponseMessage response) => BookingForm.ReadHtmlAsync(response);

    public static string? Outcome(string html) => BookingForm.Outcome(html);

    /// <summary>Every mail queued for an address (read from the outbox, oldest first).</summary>
    public static async Task<List<(string Kind, MimeMessage Message)>> MailsAsync(CaseHubFactory app, string to)
    {
        var rows = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress == to).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());
        return rows.Select(r => (r.Kind, MimeMessage.Load(new MemoryStream(r.Mime)))).ToList();
    }

    /// <summary>The newest manage-link token mailed to an address.</summary>
    public static async Task<string> ManageTokenAsync(CaseHubFactory app, string to)
    {
        var mails = await MailsAsync(app, to);
        return mails.Select(m => ManageRegex().Match(m.Message.TextBody ?? "")).Last(m => m.Success).Groups[1].Value;
    }

    public static Task<List<DiscoveryBooking>> BookingsAsync(CaseHubFactory app, Guid dayId)
        => app.WithDbAsync(db => db.DiscoveryBookings.AsNoTracking().Where(b => b.DayId == dayId).ToListAsync());

    /// <summary>Seats never above capacity, counter = holders, nobody waits while a seat is free, invitees = confirmed.</summary>
    public static async Task AssertInvariantsAsync(CaseHubFactory app, Guid dayId)
    {
        var day = await app.WithDbAsync(db => db.DiscoveryDays.AsNoTracking().SingleAsync(d => d.Id == dayId));
        var bookings = await BookingsAsync(app, dayId);
        Assert.True(day.SeatsTaken <= day.Capacity);
        Assert.Equal(bookings.Count(b => b.HoldsSeat), day.SeatsTaken);
        if (bookings.Any(b => b.Status == BookingStatus.Waitlisted)) Assert.Equal(day.Capacity, day.SeatsTaken);
        var invitees = await app.WithDbAsync(db => db.CalendarInvitees.AsNoTracking().Where(i => i.EntryId == day.CalendarEntryId && i.RemovedAt == null).Select(i => i.Email).ToListAsync());
        Assert.Equal(bookings.Where(b => b.Status == BookingStatus.Confirmed).Select(b => b.Email).Order(), invitees.Order());
        var numbers = bookings.Where(b => b.WaitlistNumber != null).Select(b => b.WaitlistNumber!.Value).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [GeneratedRegex(@"/discovery-days/manage/([A-Za-z0-9_-]{43})")]
    private static partial Regex ManageRegex();
}
