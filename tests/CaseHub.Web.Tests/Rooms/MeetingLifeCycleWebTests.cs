using System.Globalization;
using System.Net;
using CaseHub.Core.Calendar;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CaseHub.Web.Tests.Rooms;

/// <summary>
/// A case conference's whole life from its own page (issue #20 point 1): moved, a late invitee added then removed,
/// cancelled; mails through the real SMTP sink with their calendar parts read by ical.js, and a removed person
/// refused by the page and by the hub (their live connection is cut) at once.
/// </summary>
public class MeetingLifeCycleWebTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private async Task<FormClient> SignInAsync(string email)
    {
        var c = f.App.NewClient();
        await c.SignInAsync(email, Core.Demo.DemoData.Password);
        return c;
    }

    /// <summary>A case with the AS, the AI and the partner as members, and a conference in two days with the AS and the AI only.</summary>
    private async Task<(Guid ConferenceId, Guid RoomId)> PrepareAsync(FormClient facilitator, string code)
    {
        var service = await f.App.WithDbAsync(async db => (await db.Services.SingleAsync(s => s.Name == "Service social général")).Id.ToString());
        var created = await facilitator.SubmitAsync("/conferences/cases/new", ("Code", code), ("ServiceId", service),
            ("Summary", "Personne seule ; orientation à décider."), ("Themes", "Employment"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var caseId = Guid.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        var page = $"/conferences/cases/{caseId}";
        foreach (var (email, party) in new[] { (RoomFixture.As, "SocialWorker"), (RoomFixture.Ai, "InsertionAgent"), (RoomFixture.Partner, "Partner") })
            Assert.Equal(HttpStatusCode.Redirect, (await facilitator.SubmitToAsync(page, page + "?handler=AddMember", ("UserId", (await f.UserIdAsync(email)).ToString()), ("Party", party))).StatusCode);
        var date = CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var fields = new List<KeyValuePair<string, string>> { new("Date", date), new("StartTime", "10:00"), new("EndTime", "11:30"), new("Location", "CPAS, salle 2"), new("Agenda", "Positions") };
        foreach (var email in new[] { RoomFixture.As, RoomFixture.Ai }) fields.Add(new("Participants", (await f.UserIdAsync(email)).ToString()));
        var prepared = await facilitator.SubmitAsync($"{page}/prepare", fields);
        Assert.Equal(HttpStatusCode.Redirect, prepared.StatusCode);
        var conferenceId = Guid.Parse(prepared.Headers.Location!.OriginalString.Split('/').Last());
        return (conferenceId, await f.App.WithDbAsync(db => db.Conferences.Where(c => c.Id == conferenceId).Select(c => c.RoomId).SingleAsync()));
    }

    private static TextPart CalendarOf(SmtpSink.ReceivedMail m) => m.Message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");

    private static bool About(SmtpSink.ReceivedMail m, string code) => m.Subject.Contains(code, StringComparison.Ordinal)
        && m.Message.BodyParts.OfType<TextPart>().Any(p => p.ContentType.MimeType == "text/calendar");

    private static Task<HttpResponseMessage> ManageAsync(FormClient who, Guid conferenceId, params (string, string)[] fields)
        => who.SubmitToAsync($"/conferences/{conferenceId}", $"/conferences/{conferenceId}?handler=Manage", fields);

    [Fact]
    public async Task A_conference_is_moved_given_a_late_invitee_who_is_then_removed_and_cut_off_and_finally_cancelled()
    {
        var code = "LIFE-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        var (conferenceId, roomId) = await PrepareAsync(facilitator, code);

        // The invitation opens the conference page (where the position is written), not the live room.
        var invitation = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.As && About(m, code))).Single();
        var first = await IcalJs.ParseAsync(CalendarOf(invitation).Text);
        Assert.Equal("REQUEST", first.Method);
        Assert.EndsWith($"/conferences/{conferenceId}", first.Master.Url);

        // Move: a date in the past is refused in French, nothing leaves.
        var yesterday = CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var bad = await ManageAsync(facilitator, conferenceId, ("Manage.Do", "move"), ("Manage.Date", yesterday), ("Manage.StartTime", "10:00"), ("Manage.EndTime", "11:00"), ("Manage.Location", "Salle 4"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Choisissez un moment qui n'est pas encore passé", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        var day = CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddDays(5);
        var moved = await ManageAsync(facilitator, conferenceId, ("Manage.Do", "move"), ("Manage.Date", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("Manage.StartTime", "14:00"), ("Manage.EndTime", "15:00"), ("Manage.Location", "Salle 4"));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var updates = await f.Smtp.WaitForAsync(m => m.To == RoomFixture.As && About(m, code), count: 2);
        var update = await IcalJs.ParseAsync(CalendarOf(updates[^1]).Text);
        Assert.Equal("REQUEST", update.Method);
        Assert.Equal(first.Master.Uid, update.Master.Uid);
        Assert.True(update.Master.Sequence > first.Master.Sequence, $"{update.Master.Sequence} > {first.Master.Sequence}");
        Assert.Equal(CalendarTime.FromLocal(day, new TimeOnly(14, 0)), update.Master.Dtstart!.Utc);
        Assert.Equal("Europe/Brussels", update.Master.Dtstart.Tzid);
        Assert.Equal("Salle 4", update.Master.Location);
        Assert.Contains("Salle 4", updates[^1].Text); // the line saying what changed

        // A late invitee: a colleague outside the case is refused; the partner (a member of the case) is invited, in Dutch.
        var councillor = await f.UserIdAsync(RoomFixture.Councillor);
        var refused = await ManageAsync(facilitator, conferenceId, ("Manage.Do", "add"), ("Manage.PersonId", councillor.ToString()));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.False(await f.App.WithDbAsync(db => db.RoomParticipants.AnyAsync(p => p.RoomId == roomId && p.UserId == councillor)));
        var partnerId = await f.UserIdAsync(RoomFixture.Partner);
        Assert.Equal(HttpStatusCode.Redirect, (await ManageAsync(facilitator, conferenceId, ("Manage.Do", "add"), ("Manage.PersonId", partnerId.ToString()))).StatusCode);
        var partnerInvite = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Partner && About(m, code))).Single();
        Assert.StartsWith("Uitnodiging", partnerInvite.Subject);
        var partnerIcs = await IcalJs.ParseAsync(CalendarOf(partnerInvite).Text);
        Assert.Equal("REQUEST", partnerIcs.Method);
        Assert.EndsWith($"/conferences/{conferenceId}", partnerIcs.Master.Url);
        Assert.Equal(CalendarTime.FromLocal(day, new TimeOnly(14, 0)), partnerIcs.Master.Dtstart!.Utc);
        using var partnerWeb = await SignInAsync(RoomFixture.Partner);
        Assert.Equal(HttpStatusCode.OK, (await partnerWeb.GetAsync($"/conferences/{conferenceId}")).StatusCode);
        await using var partnerLive = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        await partnerLive.JoinAsync(roomId);

        // Removed: their connection is cut, the hub and the page refuse them at once, and they alone get a CANCEL.
        var asMailsBefore = f.Smtp.Messages().Count(m => m.To == RoomFixture.As && About(m, code));
        Assert.Equal(HttpStatusCode.Redirect, (await ManageAsync(facilitator, conferenceId, ("Manage.Do", "remove"), ("Manage.PersonId", partnerId.ToString()))).StatusCode);
        await partnerLive.WaitForAsync("Removed", _ => true);
        await Assert.ThrowsAsync<HubException>(() => partnerLive.StateAsync(roomId));
        await Assert.ThrowsAsync<HubException>(() => partnerLive.JoinAsync(roomId));
        Assert.Equal(HttpStatusCode.NotFound, (await partnerWeb.GetAsync($"/conferences/{conferenceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await partnerWeb.GetAsync($"/conferences/{conferenceId}/live")).StatusCode);
        var partnerMails = await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Partner && About(m, code), count: 2);
        var cancel = await IcalJs.ParseAsync(CalendarOf(partnerMails[^1]).Text);
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Equal(partnerIcs.Master.Uid, cancel.Master.Uid);
        Assert.True(cancel.Master.Sequence > partnerIcs.Master.Sequence);
        Assert.Equal([RoomFixture.Partner], cancel.Master.Attendees.Select(a => a.Email));

        // Cancelled with a reason: everyone left gets a CANCEL; the room refuses entry.
        await using var asLive = await RoomClient.ConnectAsync(f.App, RoomFixture.As);
        Assert.Equal(HttpStatusCode.Redirect, (await ManageAsync(facilitator, conferenceId, ("Manage.Do", "cancel"), ("Manage.Reason", "La personne a trouvé un emploi"))).StatusCode);
        var asMails = await f.Smtp.WaitForAsync(m => m.To == RoomFixture.As && About(m, code), count: asMailsBefore + 1);
        Assert.Equal(asMailsBefore + 1, asMails.Count); // the partner's removal sent the AS nothing
        var asCancel = await IcalJs.ParseAsync(CalendarOf(asMails[^1]).Text);
        Assert.Equal("CANCEL", asCancel.Method);
        Assert.Contains("trouvé un emploi", asMails[^1].Text);
        await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Ai && About(m, code) && CalendarOf(m).ContentType.Parameters["method"] == "CANCEL");
        Assert.Equal(RoomStatus.Cancelled, await f.App.WithDbAsync(db => db.Rooms.Where(r => r.Id == roomId).Select(r => r.Status).SingleAsync()));
        await Assert.ThrowsAsync<HubException>(() => asLive.JoinAsync(roomId));
    }
}
