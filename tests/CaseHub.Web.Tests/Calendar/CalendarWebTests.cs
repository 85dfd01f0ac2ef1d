using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CaseHub.Web.Tests.Calendar;

/// <summary>The app on real Kestrel with a real SQLite file and a real SMTP server; one app for the whole class.</summary>
public sealed class CalendarWebFixture : IAsyncLifetime
{
    public SmtpSink Smtp { get; private set; } = null!;
    public ListenerFactory App { get; private set; } = null!;
    public RecordingListener Listener { get; } = new();

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartNewAsync();
        App = new ListenerFactory(Smtp, Listener);
        _ = App.BaseAddress; // start now: migrations and demo users
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    public sealed class ListenerFactory(SmtpSink smtp, ICalendarReplyListener listener) : CaseHubFactory(smtp, demo: true)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton(listener));
        }
    }
}

public sealed class RecordingListener : ICalendarReplyListener
{
    public string OwnerType => "web-test-room";
    public ConcurrentQueue<(Guid EntryId, string Email, CalendarResponse Response, string? Reason)> Calls { get; } = new();

    public Task OnReplyAsync(CaseHubDbContext db, CalendarEntry entry, CalendarInvitee invitee, CancellationToken ct)
    {
        Calls.Enqueue((entry.Id, invitee.Email, invitee.Response, invitee.DeclineReason));
        return Task.CompletedTask;
    }
}

public class CalendarWebTests(CalendarWebFixture fx) : IClassFixture<CalendarWebFixture>
{
    private const string Sarah = "as@demo.casehub.test";   // social worker, French
    private const string Ilias = "ai@demo.casehub.test";   // insertion agent
    private const string Pieter = "partner@demo.casehub.test"; // partner, Dutch
    private const string Password = Core.Demo.DemoData.Password;

    private static DateTimeOffset InDays(int days, int hour)
    {
        var d = DateTime.UtcNow.AddDays(days);
        return CalendarTime.FromLocal(d.Year, d.Month, d.Day, hour, 0);
    }

    private Task<Guid> UserIdAsync(string email) => fx.App.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>Schedules through the service in its own unit of work, as a feature would.</summary>
    private async Task<CalendarEntry> ScheduleAsync(string title, params InviteeSpec[] invitees)
    {
        CalendarEntry? entry = null;
        await fx.App.WithScopeAsync(async sp =>
        {
            var calendar = sp.GetRequiredService<CalendarService>();
            entry = await calendar.ScheduleAsync(new CalendarEntrySpec
            {
                OwnerType = "web-test-room",
                OwnerId = Guid.CreateVersion7(),
                Start = InDays(10, 10),
                End = InDays(10, 12),
                Title = LocalizedText.Same(title),
                Description = new LocalizedText("Préparation commune.", "Gezamenlijke voorbereiding.", "Joint preparation."),
                Location = "CPAS, salle 3",
                LinkPath = "/rooms/web-test",
                OrganizerName = "Fanny Facilitatrice",
                OrganizerEmail = "facilitator@demo.casehub.test",
            }, invitees);
            await sp.GetRequiredService<CaseHubDbContext>().SaveChangesAsync();
        });
        return entry!;
    }

    private static string ReplyLink(SmtpSink.ReceivedMail mail, string answer)
    {
        var href = Regex.Matches(mail.Html, "href=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).First(h => h.Contains("answer=" + answer));
        var uri = new Uri(href);
        Assert.Equal("/calendar/reply", uri.AbsolutePath);
        return uri.PathAndQuery;
    }

    private async Task<CalendarInvitee> InviteeAsync(Guid entryId, string email)
        => await fx.App.WithDbAsync(db => db.CalendarInvitees.AsNoTracking().SingleAsync(i => i.EntryId == entryId && i.Email == email));

    [Fact]
    public async Task The_invitation_mail_is_a_meeting_request_with_an_ics_attachment_in_the_invitees_language()
    {
        var title = "Conférence de cas W-" + Guid.NewGuid().ToString("N")[..6];
        var entry = await ScheduleAsync(title, new InviteeSpec(Pieter, "Pieter Partner", "nl"));
        var mail = (await fx.Smtp.WaitForAsync(m => m.To == Pieter && m.Subject.Contains(title))).Single();

        Assert.StartsWith("Uitnodiging: " + title, mail.Subject);
        var mixed = Assert.IsType<Multipart>(mail.Message.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(["text/plain", "text/html", "text/calendar"], alternative.Select(p => p.ContentType.MimeType));
        var calendarPart = (TextPart)alternative[2];
        Assert.Equal("REQUEST", calendarPart.ContentType.Parameters["method"]);
        Assert.Equal("utf-8", calendarPart.ContentType.Charset);
        var attachment = Assert.IsType<MimePart>(mixed[1]);
        Assert.Equal("invite.ics", attachment.FileName);
        Assert.True(attachment.IsAttachment);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var attachedIcs = System.Text.Encoding.UTF8.GetString(content.ToArray());

        var parsed = await IcalJs.ParseAsync([calendarPart.Text, attachedIcs]);
        Assert.All(parsed, ics =>
        {
            Assert.Equal("REQUEST", ics.Method);
            Assert.Equal(entry.Uid, ics.Master.Uid);
            Assert.Equal(title, ics.Master.Summary);
            Assert.Equal("Europe/Brussels", ics.Master.Dtstart!.Tzid);
            Assert.True(ics.Master.Dtstart.ZoneResolved);
            Assert.Equal(entry.Start, ics.Master.Dtstart.Utc);
            Assert.Equal("mailto:casehub@localhost", ics.Master.Organizer!.SentBy);
            Assert.Equal(Pieter, Assert.Single(ics.Master.Attendees).Email);
            Assert.StartsWith("Gezamenlijke voorbereiding.", ics.Master.Description);
        });
        var publicBase = fx.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Core.Common.AppOptions>>().Value.PublicBaseUrl.TrimEnd('/');
        Assert.StartsWith(publicBase + "/calendar/reply?token=", ReplyLinkAbsolute(mail));
    }

    private static string ReplyLinkAbsolute(SmtpSink.ReceivedMail mail)
        => Regex.Matches(mail.Html, "href=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).First(h => h.Contains("/calendar/reply?token="));

    [Fact]
    public async Task Opening_reply_links_records_nothing_and_posting_no_with_a_reason_records_it_and_tells_the_listener()
    {
        var title = "Intervision W-" + Guid.NewGuid().ToString("N")[..6];
        var entry = await ScheduleAsync(title, new InviteeSpec(Ilias, "Ilias Insertion", "fr"));
        var mail = (await fx.Smtp.WaitForAsync(m => m.To == Ilias && m.Subject.Contains(title))).Single();
        using var browser = fx.App.NewClient();

        // What a mail scanner does: open every link. Nothing may be recorded.
        foreach (var answer in new[] { "yes", "maybe", "no" })
        {
            using var get = await browser.GetAsync(ReplyLink(mail, answer));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        }
        Assert.Equal(CalendarResponse.NeedsAction, (await InviteeAsync(entry.Id, Ilias)).Response);
        Assert.DoesNotContain(fx.Listener.Calls, c => c.EntryId == entry.Id);

        var yesPage = await browser.GetStringAsync(ReplyLink(mail, "yes"));
        Assert.Contains(WebUtility.HtmlEncode(title), yesPage);
        Assert.Contains("data-auto-submit=\"true\"", yesPage);
        Assert.Contains("/js/calendar-reply.js", yesPage);
        Assert.DoesNotContain("<script>", yesPage); // no inline script (CSP)
        var noPage = await browser.GetStringAsync(ReplyLink(mail, "no"));
        Assert.DoesNotContain("data-auto-submit=\"true\"", noPage);
        Assert.Contains("name=\"Reason\"", noPage);

        using var post = await browser.SubmitAsync(ReplyLink(mail, "no"), ("Answer", "no"), ("Reason", "En formation ce jour-là."));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var confirmation = await post.Content.ReadAsStringAsync();
        Assert.Contains("id=\"reply-recorded\"", confirmation);
        Assert.DoesNotContain("data-auto-submit=\"true\"", confirmation);

        var invitee = await InviteeAsync(entry.Id, Ilias);
        Assert.Equal(CalendarResponse.Declined, invitee.Response);
        Assert.Equal("En formation ce jour-là.", invitee.DeclineReason);
        Assert.Contains(fx.Listener.Calls, c => c.EntryId == entry.Id && c.Email == Ilias && c.Response == CalendarResponse.Declined && c.Reason == "En formation ce jour-là.");

        // Changing one's mind: yes after no.
        using var yes = await browser.SubmitAsync(ReplyLink(mail, "yes"), ("Answer", "yes"));
        Assert.Equal(HttpStatusCode.OK, yes.StatusCode);
        Assert.Equal(CalendarResponse.Accepted, (await InviteeAsync(entry.Id, Ilias)).Response);
    }

    [Fact]
    public async Task Bad_reply_tokens_are_not_found_and_posts_need_the_antiforgery_token()
    {
        using var browser = fx.App.NewClient();
        using var unknown = await browser.GetAsync("/calendar/reply?token=" + Core.Common.SecureToken.New() + "&answer=yes");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var garbage = await browser.GetAsync("/calendar/reply?token=x&answer=yes");
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);

        var title = "Sans jeton W-" + Guid.NewGuid().ToString("N")[..6];
        var entry = await ScheduleAsync(title, new InviteeSpec(Sarah, "Sarah Assistante"));
        var mail = (await fx.Smtp.WaitForAsync(m => m.To == Sarah && m.Subject.Contains(title))).Single();
        using var forged = await browser.PostAsync(ReplyLink(mail, "no"), [KeyValuePair.Create("Answer", "no")], token: null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(CalendarResponse.NeedsAction, (await InviteeAsync(entry.Id, Sarah)).Response);
    }

    [Fact]
    public async Task A_user_creates_a_private_feed_that_calendar_clients_can_read_until_it_is_regenerated_or_revoked()
    {
        var sarahId = await UserIdAsync(Sarah);
        var title = "Flux W-" + Guid.NewGuid().ToString("N")[..6];
        var entry = await ScheduleAsync(title, new InviteeSpec(Sarah, "Sarah Assistante", "fr", sarahId));

        using var anonymous = fx.App.NewClient();
        using var redirect = await anonymous.GetAsync("/account/calendar");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("/account/sign-in", redirect.Headers.Location!.ToString());

        using var browser = fx.App.NewClient();
        await browser.SignInAsync(Sarah, Password);
        // Start from a clean state (other tests may have made one).
        using (await browser.SubmitAsync("/account/calendar", [], "/account/calendar?handler=Revoke")) { }
        Assert.Contains("id=\"feed-none\"", await browser.GetStringAsync("/account/calendar"));

        using var created = await browser.SubmitAsync("/account/calendar", [], "/account/calendar?handler=Create");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore, "the page showing the link must not be cached");
        var page = await created.Content.ReadAsStringAsync();
        var https = OnTestServer(FeedUrl(page, "https?"));
        Assert.Contains("webcal://", page);
        // Shown once: the page no longer shows it afterwards.
        var later = await browser.GetStringAsync("/account/calendar");
        Assert.Contains("id=\"feed-active\"", later);
        Assert.DoesNotContain(new Uri(https).AbsolutePath, later);

        // A calendar client: no cookies.
        using var client = new HttpClient();
        using var feed = await client.GetAsync(https);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", feed.Content.Headers.ContentType.CharSet);
        var ics = await IcalJs.ParseAsync(await feed.Content.ReadAsStringAsync());
        Assert.Equal("PUBLISH", ics.Method);
        var ev = ics.Events.Single(e => e.Uid == entry.Uid);
        Assert.Equal(title, ev.Summary);
        Assert.Equal(entry.Start, ev.Dtstart!.Utc);
        Assert.True(ev.Dtstart.ZoneResolved);

        using var regenerated = await browser.SubmitAsync("/account/calendar", [], "/account/calendar?handler=Regenerate");
        var https2 = OnTestServer(FeedUrl(await regenerated.Content.ReadAsStringAsync(), "https?"));
        Assert.NotEqual(https, https2);
        await AssertBare404Async(client, https);
        using (var ok = await client.GetAsync(https2)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using (await browser.SubmitAsync("/account/calendar", [], "/account/calendar?handler=Revoke")) { }
        await AssertBare404Async(client, https2);
        await AssertBare404Async(client, new Uri(fx.App.BaseAddress, "/calendar/feed/" + Core.Common.SecureToken.New() + ".ics").ToString());
        await AssertBare404Async(client, new Uri(fx.App.BaseAddress, "/calendar/feed/nonsense.ics").ToString());
    }

    private static string FeedUrl(string page, string scheme)
    {
        var m = Regex.Match(page, $"value=\"({scheme}://[^\"]+/calendar/feed/[A-Za-z0-9_-]+\\.ics)\"");
        Assert.True(m.Success, "feed URL not on the page");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>Links carry App:PublicBaseUrl; the test server listens elsewhere.</summary>
    private string OnTestServer(string url) => new Uri(fx.App.BaseAddress, new Uri(url).PathAndQuery).ToString();

    private static async Task AssertBare404Async(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_add_to_calendar_download_is_for_invitees_only()
    {
        var sarahId = await UserIdAsync(Sarah);
        var title = "Téléchargement W-" + Guid.NewGuid().ToString("N")[..6];
        var entry = await ScheduleAsync(title, new InviteeSpec(Sarah, "Sarah Assistante", "fr", sarahId));
        var path = CalendarLinks.EntryFilePath(entry.Id);

        using var sarah = fx.App.NewClient();
        await sarah.SignInAsync(Sarah, Password);
        using var ok = await sarah.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("text/calendar", ok.Content.Headers.ContentType!.MediaType);
        var ics = await IcalJs.ParseAsync(await ok.Content.ReadAsStringAsync());
        Assert.Equal("PUBLISH", ics.Method);
        Assert.Equal(entry.Uid, ics.Master.Uid);

        using var ilias = fx.App.NewClient();
        await ilias.SignInAsync(Ilias, Password);
        using var denied = await ilias.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);

        using var anonymous = fx.App.NewClient();
        using var challenge = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
    }
}
