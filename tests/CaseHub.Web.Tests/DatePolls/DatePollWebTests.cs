using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CaseHub.Core.Calendar;
using CaseHub.Core.DatePolls;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using CaseHub.Web.Tests.Rooms;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CaseHub.Web.Tests.DatePolls;

/// <summary>
/// "Find a date together" through the pages (issue #20 point 3), without script: the organiser proposes slots from the
/// meeting's panel link, the AS answers signed in, the partner through the personal link of their mail, the organiser
/// picks the best slot; the invitations that leave are read with ical.js (a slot on the day Brussels leaves summer time).
/// </summary>
public partial class DatePollWebTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private async Task<FormClient> SignInAsync(string email)
    {
        var c = f.App.NewClient();
        await c.SignInAsync(email, Core.Demo.DemoData.Password);
        return c;
    }

    /// <summary>The next last Sunday of October (Brussels goes back from UTC+2 to UTC+1 at 03:00 that night).</summary>
    private DateOnly NextDstEnd()
    {
        var today = CalendarTime.LocalDate(f.Clock.GetUtcNow());
        for (var year = today.Year; ; year++)
        {
            var day = new DateOnly(year, 10, 31);
            while (day.DayOfWeek != DayOfWeek.Sunday) day = day.AddDays(-1);
            if (day > today.AddDays(2)) return day;
        }
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TextPart? CalendarOf(SmtpSink.ReceivedMail m) => m.Message.BodyParts.OfType<TextPart>().FirstOrDefault(p => p.ContentType.MimeType == "text/calendar");

    [GeneratedRegex(@"/polls/answer/([A-Za-z0-9_-]{43})")]
    private static partial Regex PersonalLink();

    [Fact]
    public async Task A_poll_is_answered_by_staff_and_a_partner_without_script_and_the_pick_sends_invitations_right_across_dst()
    {
        var meeting = await f.CreateMeetingAsync((RoomFixture.As, RoomRole.Participant, null), (RoomFixture.Partner, RoomRole.Participant, null));
        using var organiser = await SignInAsync(RoomFixture.Chair);
        var dst = NextDstEnd();
        var other = CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddDays(3);

        // The panel on the meeting's page leads to the poll form.
        Assert.Contains($"/polls/new/{meeting}", await organiser.GetStringAsync($"/meetings/{meeting}"));
        // Overlapping slots: refused in French, nothing stored.
        var bad = await organiser.SubmitAsync($"/polls/new/{meeting}", ("Slots[0].Date", D(dst)), ("Slots[0].Start", "10:00"), ("Slots[0].End", "11:00"),
            ("Slots[1].Date", D(dst)), ("Slots[1].Start", "10:30"), ("Slots[1].End", "11:30"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Les moments 1 et 2 se chevauchent", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        Assert.False(await f.App.WithDbAsync(db => db.DatePolls.AnyAsync(p => p.MeetingId == meeting)));

        var opened = await organiser.SubmitAsync($"/polls/new/{meeting}", ("Slots[0].Date", D(other)), ("Slots[0].Start", "14:00"), ("Slots[0].End", "15:00"),
            ("Slots[1].Date", D(dst)), ("Slots[1].Start", "10:00"), ("Slots[1].End", "11:00"), ("HideAnswers", "false"));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var pollPath = opened.Headers.Location!.OriginalString;
        var pollId = Guid.Parse(pollPath.Split('/').Last());
        var slots = await f.App.WithDbAsync(db => db.DatePollSlots.Where(s => s.PollId == pollId).OrderBy(s => s.Start).ToListAsync());
        var dstSlot = slots.Single(s => CalendarTime.LocalDate(s.Start) == dst);
        // The panel's link now leads to the open poll.
        Assert.Equal(pollPath, (await organiser.GetAsync($"/polls/new/{meeting}")).Headers.Location!.OriginalString);

        // The AS answers signed in from the poll page (the link of their mail).
        var asMail = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.As && m.Text.Contains($"/polls/{pollId}", StringComparison.Ordinal))).Single();
        Assert.DoesNotMatch(PersonalLink(), asMail.Text);
        using var asClient = await SignInAsync(RoomFixture.As);
        Assert.Equal(HttpStatusCode.Redirect, (await asClient.SubmitToAsync(pollPath, pollPath + "?handler=Answer", ("slot", dstSlot.Id.ToString()), ("choice", "Yes"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await asClient.SubmitToAsync(pollPath, pollPath + "?handler=Answer", ("slot", slots[0].Id.ToString()), ("choice", "No"))).StatusCode);

        // The partner answers through their personal link, without signing in.
        var partnerMail = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Partner && PersonalLink().IsMatch(m.Text))).Single();
        var link = "/polls/answer/" + PersonalLink().Match(partnerMail.Text).Groups[1].Value;
        using var anonymous = f.App.NewClient("nl-BE"); // a phone set to Dutch
        var page = WebUtility.HtmlDecode(await anonymous.GetStringAsync(link));
        Assert.Contains("Indien nodig", page);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.SubmitToAsync(link, link + "?handler=Answer", ("slot", dstSlot.Id.ToString()), ("choice", "IfNeedBe"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.SubmitToAsync(link, link + "?handler=Comment", ("Comment", "Liever in de voormiddag."))).StatusCode);
        // A link that is not one: not found.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/polls/answer/" + new string('x', 43))).StatusCode);

        // The organiser's grid: the DST Sunday first, with everyone's names; picking it schedules the meeting.
        var grid = WebUtility.HtmlDecode(await organiser.GetStringAsync(pollPath));
        Assert.True(grid.IndexOf(CalendarTime.FormatRange(dstSlot.Start, dstSlot.End, "fr"), StringComparison.Ordinal) < grid.IndexOf(CalendarTime.FormatRange(slots[0].Start, slots[0].End, "fr"), StringComparison.Ordinal));
        Assert.Contains("Liever in de voormiddag.", grid);
        Assert.Equal(HttpStatusCode.Redirect, (await organiser.SubmitToAsync(pollPath, pollPath + "?handler=Pick", ("slot", dstSlot.Id.ToString()))).StatusCode);
        Assert.Equal(dstSlot.Start, await f.App.WithDbAsync(db => db.Rooms.Where(r => r.Id == meeting).Select(r => r.ScheduledStart).SingleAsync()));

        // The meeting had sent no invitation yet: the pick sends them, at 10:00 Brussels winter time on that Sunday.
        foreach (var who in new[] { RoomFixture.As, RoomFixture.Partner })
        {
            var mail = (await f.Smtp.WaitForAsync(m => m.To == who && CalendarOf(m) is { } c && c.Text.Replace("\r\n ", "", StringComparison.Ordinal).Contains($"/meetings/{meeting}", StringComparison.Ordinal)))[^1];
            var ics = await IcalJs.ParseAsync(CalendarOf(mail)!.Text);
            Assert.Equal("REQUEST", ics.Method);
            Assert.Equal("Europe/Brussels", ics.Master.Dtstart!.Tzid);
            Assert.True(ics.Master.Dtstart.ZoneResolved);
            Assert.StartsWith($"{D(dst)}T10:00:00", ics.Master.Dtstart.Local, StringComparison.Ordinal);
            Assert.Equal(new DateTimeOffset(dst.Year, dst.Month, dst.Day, 9, 0, 0, TimeSpan.Zero), ics.Master.Dtstart.Utc);
            Assert.Equal(new DateTimeOffset(dst.Year, dst.Month, dst.Day, 10, 0, 0, TimeSpan.Zero), ics.Master.Dtend!.Utc);
        }

        // Closed: the partner's link shows the date and refuses a late change in the reader's language; nothing changes.
        var closedPage = WebUtility.HtmlDecode(await anonymous.GetStringAsync(link));
        Assert.Contains("De vergadering is op dat moment gepland", closedPage);
        var late = await anonymous.SubmitToAsync(link, link + "?handler=Answer", ("slot", slots[0].Id.ToString()), ("choice", "Yes"));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("Deze peiling is afgesloten", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()));
        Assert.Equal(3, await f.App.WithDbAsync(db => db.DatePollAnswers.CountAsync(a => db.DatePollSlots.Any(s => s.Id == a.SlotId && s.PollId == pollId))));
        Assert.Equal(DatePollStatus.Picked, await f.App.WithDbAsync(db => db.DatePolls.Where(p => p.Id == pollId).Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task Only_the_organiser_opens_a_poll_and_someone_outside_the_meeting_never_sees_it()
    {
        var meeting = await f.CreateMeetingAsync((RoomFixture.As, RoomRole.Participant, null));
        using var asClient = await SignInAsync(RoomFixture.As);
        var denied = await asClient.GetAsync($"/polls/new/{meeting}");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        using var outsider = await SignInAsync(RoomFixture.Ai);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/polls/new/{meeting}")).StatusCode);
        using var organiser = await SignInAsync(RoomFixture.Chair);
        var day = CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddDays(4);
        var opened = await organiser.SubmitAsync($"/polls/new/{meeting}", ("Slots[0].Date", D(day)), ("Slots[0].Start", "09:00"), ("Slots[0].End", "10:00"));
        var pollPath = opened.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(pollPath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.SubmitToAsync(pollPath, pollPath + "?handler=Pick", ("slot", Guid.NewGuid().ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asClient.SubmitToAsync(pollPath, pollPath + "?handler=Pick", ("slot", Guid.NewGuid().ToString()))).StatusCode);
    }
}
