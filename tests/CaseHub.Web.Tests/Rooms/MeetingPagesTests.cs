using System.Globalization;
using System.Net;
using System.Text.Json;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Rooms;

/// <summary>Planning a meeting through the pages: invitations with calendar parts, replies, plan, removal.</summary>
public class MeetingPagesTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private async Task<(FormClient Chair, Guid RoomId)> CreateThroughFormAsync(string title)
    {
        var chair = f.App.NewClient();
        await chair.SignInAsync(RoomFixture.Chair, Core.Demo.DemoData.Password);
        var asId = await f.UserIdAsync(RoomFixture.As);
        var partnerId = await f.UserIdAsync(RoomFixture.Partner);
        var date = Core.Calendar.CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var response = await chair.SubmitAsync("/meetings/new",
            ("Title", title), ("ProtocolKey", NetworkMeetingProtocol.Key), ("Date", date), ("StartTime", "09:30"), ("EndTime", "11:00"),
            ("Location", "Salle du conseil"), ("Purpose", "Préparer la **rencontre** de juin"),
            ($"Invite[{asId}]", "CoChair"), ($"Invite[{partnerId}]", "Participant"), ($"ProtocolRole[{partnerId}]", "rapporteur"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
        return (chair, id);
    }

    [Fact]
    public async Task Creating_a_meeting_sends_each_person_an_invitation_in_their_language_with_a_calendar_request()
    {
        var (chair, roomId) = await CreateThroughFormAsync("Réunion réseau — invitations");
        using var _ = chair;
        var nl = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Partner && m.Text.Contains("Réunion réseau — invitations"))).Single();
        var calendarPart = nl.Message.BodyParts.OfType<MimeKit.TextPart>().Single(p => p.ContentType.MediaSubtype == "calendar");
        Assert.Equal("REQUEST", calendarPart.ContentType.Parameters["method"]);
        Assert.Contains("Nee", nl.Text); // Dutch reply links
        await f.Smtp.WaitForAsync(m => m.To == RoomFixture.As && m.Text.Contains("Réunion réseau — invitations"));

        var details = await chair.GetStringAsync($"/meetings/{roomId}");
        Assert.Contains("Pieter Partner", details);
        Assert.Contains("Préparer la <strong>rencontre</strong> de juin", details); // Markdown rendered safely
        var participants = await f.App.WithDbAsync(db => db.RoomParticipants.Where(p => p.RoomId == roomId).ToListAsync());
        Assert.Equal(3, participants.Count);
        Assert.Equal("rapporteur", participants.Single(p => p.UserId == f.UserIdAsync(RoomFixture.Partner).Result).ProtocolRole);
    }

    [Fact]
    public async Task A_no_through_the_invitation_link_marks_the_person_excused_with_their_reason()
    {
        var (chair, roomId) = await CreateThroughFormAsync("Réunion réseau — excusés");
        using var _ = chair;
        var mail = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.As && m.Text.Contains("Réunion réseau — excusés"))).Single();
        var noLink = MailLinks.FindAll(mail, "/calendar/reply").Single(u => u.Contains("answer=no"));
        using var asClient = f.App.NewClient();
        var post = await asClient.SubmitAsync(noLink, ("Reason", "Formation ce jour-là"));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var p = await f.App.WithDbAsync(async db => await db.RoomParticipants.SingleAsync(x => x.RoomId == roomId && x.UserId == f.UserIdAsync(RoomFixture.As).Result));
        Assert.Equal(Attendance.Excused, p.Attendance);
        Assert.Equal("Formation ce jour-là", p.AttendanceNote);
    }

    [Fact]
    public async Task The_plan_can_be_adjusted_before_the_start_with_an_extra_agenda_item()
    {
        var (chair, roomId) = await CreateThroughFormAsync("Réunion réseau — programme");
        using var _ = chair;
        var phases = await f.App.WithDbAsync(db => db.RoomPhases.Where(p => p.RoomId == roomId).OrderBy(p => p.Order).ToListAsync());
        var fields = new List<(string, string)>();
        for (var i = 0; i < phases.Count; i++)
        {
            fields.Add(($"Plan[{i}].TemplateKey", phases[i].TemplateKey));
            fields.Add(($"Plan[{i}].Order", (i + 1).ToString(CultureInfo.InvariantCulture)));
            fields.Add(($"Plan[{i}].Minutes", phases[i].TemplateKey == "agenda" ? "40" : phases[i].PlannedMinutes.ToString(CultureInfo.InvariantCulture)));
            fields.Add(($"Plan[{i}].Title", phases[i].TemplateKey == "agenda" ? "État des lieux AMIF" : ""));
        }
        var n = phases.Count;
        fields.AddRange([($"Plan[{n}].TemplateKey", "agenda"), ($"Plan[{n}].Order", "4"), ($"Plan[{n}].Minutes", "75"), ($"Plan[{n}].Title", "Présentations de partenariats"), ($"Plan[{n}].IsNew", "true")]);
        var response = await chair.SubmitToAsync($"/meetings/{roomId}", $"/meetings/{roomId}?handler=Plan", [.. fields]);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, System.Text.RegularExpressions.Regex.Match(await response.Content.ReadAsStringAsync(), "validation-summary[^>]*>(.*?)</div>", System.Text.RegularExpressions.RegexOptions.Singleline).Value);
        var after = await f.App.WithDbAsync(db => db.RoomPhases.Where(p => p.RoomId == roomId).OrderBy(p => p.Order).Select(p => p.Title ?? p.TemplateKey).ToListAsync());
        Assert.Equal(["welcome", "check-in", "État des lieux AMIF", "Présentations de partenariats", "brainstorm", "decisions", "check-out"], after);

        // A plan with a phase of 0 minutes is refused and nothing changes.
        fields[2] = ("Plan[0].Minutes", "0");
        var bad = await chair.SubmitToAsync($"/meetings/{roomId}", $"/meetings/{roomId}?handler=Plan", [.. fields]);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Equal(7, await f.App.WithDbAsync(db => db.RoomPhases.CountAsync(p => p.RoomId == roomId)));
    }

    [Fact]
    public async Task A_removed_participant_gets_a_cancellation_and_loses_access_at_once_even_when_connected()
    {
        var (chair, roomId) = await CreateThroughFormAsync("Réunion réseau — retrait");
        using var _ = chair;
        await using var partner = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        await partner.JoinAsync(roomId);
        var partnerId = await f.UserIdAsync(RoomFixture.Partner);

        var response = await chair.SubmitToAsync($"/meetings/{roomId}", $"/meetings/{roomId}?handler=Manage", ("Manage.Do", "remove"), ("Manage.PersonId", partnerId.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await partner.WaitForAsync("Removed", _ => true);
        await Assert.ThrowsAsync<HubException>(() => partner.StateAsync(roomId));
        var cancel = await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Partner && m.Message.BodyParts.OfType<MimeKit.TextPart>().Any(p => p.ContentType.MediaSubtype == "calendar" && p.ContentType.Parameters["method"] == "CANCEL"));
        Assert.NotEmpty(cancel);
        using var partnerWeb = f.App.NewClient();
        await partnerWeb.SignInAsync(RoomFixture.Partner, Core.Demo.DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await partnerWeb.GetAsync($"/meetings/{roomId}")).StatusCode);
    }

    [Fact]
    public async Task Meeting_pages_are_only_for_participants_and_creation_only_for_organisers()
    {
        var (chair, roomId) = await CreateThroughFormAsync("Réunion réseau — accès");
        using var _ = chair;
        using var outsider = f.App.NewClient();
        await outsider.SignInAsync(RoomFixture.Ai, Core.Demo.DemoData.Password);
        foreach (var url in new[] { $"/meetings/{roomId}", $"/meetings/{roomId}/room", $"/meetings/{roomId}/projector", $"/meetings/{roomId}/minutes" })
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(url)).StatusCode);
        var create = await outsider.GetAsync("/meetings/new");
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        Assert.StartsWith("/account/denied", create.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("intervision", "/intervision/sessions/{0}/live", "/intervision/sessions/{0}")]
    // A conference room also needs its case membership (IRoomAccessGuard): its redirect is checked in ConferenceWebTests.
    [InlineData("committee", "/committees/{0}", "/committees/{0}")]
    public async Task A_feature_room_opened_through_the_generic_meeting_pages_leads_to_its_own_page(string context, string livePage, string ownPage)
    {
        var contextId = Guid.NewGuid();
        var chairId = await f.UserIdAsync(RoomFixture.Chair);
        Guid roomId = default;
        await f.App.WithScopeAsync(async sp =>
        {
            var now = f.Clock.GetUtcNow();
            var spec = new RoomSpec("Séance (contexte)", NetworkMeetingProtocol.Key, now, now.AddHours(1),
                null, null, null, [new ParticipantSpec(await f.UserIdAsync(RoomFixture.As), RoomRole.Participant)])
            {
                ContextType = context, ContextId = contextId,
            };
            var room = await sp.GetRequiredService<RoomService>().CreateAsync(spec, chairId);
            await sp.GetRequiredService<Core.Data.CaseHubDbContext>().SaveChangesAsync();
            roomId = room.Id;
        });
        using var member = f.App.NewClient();
        await member.SignInAsync(RoomFixture.As, Core.Demo.DemoData.Password);
        // The room leads to the feature's live page; the meeting's page to the feature's own page (where it is prepared and organised).
        foreach (var (url, page) in new[] { ($"/meetings/{roomId}/room", livePage), ($"/meetings/{roomId}", ownPage) })
        {
            var response = await member.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(string.Format(CultureInfo.InvariantCulture, page, contextId), response.Headers.Location!.OriginalString);
        }
        // Not a member: still "not found", the redirect reveals nothing.
        using var outsider = f.App.NewClient();
        await outsider.SignInAsync(RoomFixture.Councillor, Core.Demo.DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/meetings/{roomId}/room")).StatusCode);
    }
}
