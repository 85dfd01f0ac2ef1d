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
    public static DiscoveryDayInput Input(DateOnly date, int capacity, string title, WaitlistMode mode = WaitlistMode.Immediate) => new()
    {
        Title = title,
        Description = "Découvrir les services du CPAS.",
        ServicesVisited = "Accueil, service social général, ISP",
        Place = "CPAS, salle du conseil",
        Date = date,
        StartTime = new TimeOnly(9, 0),
        EndTime = new TimeOnly(16, 0),
        DeadlineDate = date.AddDays(-1),
        DeadlineTime = new TimeOnly(12, 0),
        Capacity = capacity,
        Audience = DiscoveryAudience.Partners | DiscoveryAudience.Students,
        Languages = ["fr", "nl"],
        WaitlistMode = mode,
        OfferHours = 24,
        Programme = "09:00 Accueil\n10:00 Visite\n14:00 Échanges",
        ContactName = "Camille Coordination",
        ContactEmail = "coordination@demo.casehub.test",
    };

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

    /// <summary>The booking form as the browser shows it: its antiforgery token and its submission key.</summary>
    public sealed record BookingForm(string Html, string Token, string SubmissionKey)
    {
        public bool SaysFull => Html.Contains("data-seat-state=\"full\"");
    }

    public static async Task<BookingForm> OpenFormAsync(FormClient client, Guid dayId)
    {
        var html = await client.GetStringAsync($"/discovery-days/{dayId}/book");
        var token = FormClient.AntiforgeryToken(html) ?? throw new InvalidOperationException("No form on the booking page: " + html);
        var key = SubmissionKeyRegex().Match(html).Groups[1].Value;
        return new BookingForm(html, token, key);
    }

    public static Task<HttpResponseMessage> PostFormAsync(FormClient client, Guid dayId, BookingForm form, string email, string name,
        bool consent = true, string language = "fr", string website = "", string? submissionKey = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Name", name), new("Organisation", "Maison de quartier (test)"), new("Email", email), new("Language", language),
            new("Needs", ""), new("SubmissionKey", submissionKey ?? form.SubmissionKey), new("ExpectedSeat", form.SaysFull ? "false" : "true"),
            new("Website", website),
        };
        if (consent) fields.Add(new("Consent", "true"));
        return client.PostAsync($"/discovery-days/{dayId}/book", fields, form.Token);
    }

    public static async Task<string> Html(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The outcome the result page shows: confirmed, waitlisted, already…, or null.</summary>
    public static string? Outcome(string html) => OutcomeRegex().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

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

    [GeneratedRegex("name=\"SubmissionKey\" value=\"([^\"]*)\"")]
    private static partial Regex SubmissionKeyRegex();

    [GeneratedRegex("id=\"booking-result\" data-outcome=\"([a-z]+)\"")]
    private static partial Regex OutcomeRegex();

    [GeneratedRegex(@"/discovery-days/manage/([A-Za-z0-9_-]{43})")]
    private static partial Regex ManageRegex();
}
