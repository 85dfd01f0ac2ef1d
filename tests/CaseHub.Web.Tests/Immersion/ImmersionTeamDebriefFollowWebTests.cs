using System.Globalization;
using System.Net;
using CaseHub.Core.Calendar;
using CaseHub.Core.Immersion;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Immersion;

/// <summary>The team debrief's panel refresh and its immersion event following the meeting when it is moved from the meeting's page.</summary>
public partial class ImmersionWebTests
{
    private async Task<(Setup S, List<Guid> Placements, Guid RoomId)> ScheduledTeamDebriefAsync(DateOnly date)
    {
        var s = await CampaignAsync(workers: 1, capacity: 1);
        var placements = await PlaceAllAsync(s);
        using var lead = await SignedInAsync(s.Lead.Email!);
        using (var r = await lead.SubmitToAsync($"/immersion/{s.CampaignId}/team-debriefs", $"/immersion/{s.CampaignId}/team-debriefs",
                   ("Form.TeamId", s.Workers[0].ServiceId!.Value.ToString()), ("Form.Date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("Form.Start", "14:00"), ("Form.End", "15:30"), ("Form.Place", "Salle du conseil")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var ev = await fx.App.WithDbAsync(db => db.ImmersionEvents.SingleAsync(e => e.CampaignId == s.CampaignId && e.Kind == ImmersionEventKind.TeamDebrief));
        return (s, placements, ev.RoomId!.Value);
    }

    [Fact]
    public async Task The_gathered_panel_fragment_shows_a_shared_debrief_edited_after_the_room_opened_to_participants_only()
    {
        var (s, placements, roomId) = await ScheduledTeamDebriefAsync(CalendarTime.LocalDate(DateTimeOffset.UtcNow).AddDays(60));
        using var visitor = await SignedInAsync(s.Workers[0].Email!);
        var fragmentUrl = $"/meetings/{roomId}/room?handler=Gathered";
        var before = WebUtility.HtmlDecode(await visitor.GetStringAsync(fragmentUrl));
        Assert.Contains("imm-gathered", before);
        Assert.DoesNotContain("relais-jeunesse-6021", before);

        // The visitor edits their shared debrief while the room is open (and writes private notes): the fragment has it, never the private part.
        await NotesClient.RunAsync(fx.App.BaseAddress, s.Workers[0].Email!, ImmersionLinks.DebriefNotesKey(placements[0]),
            [new { op = "insert", text = "## Ce que je ramène à mon équipe\n- Le relais jeunesse-6021\n" }, new { op = "flush" }]);
        await NotesClient.RunAsync(fx.App.BaseAddress, s.Workers[0].Email!, ImmersionLinks.PrivateNotesKey(placements[0]),
            [new { op = "insert", text = "prive-3317\n" }, new { op = "flush" }]);
        var after = WebUtility.HtmlDecode(await visitor.GetStringAsync(fragmentUrl));
        Assert.Contains("relais jeunesse-6021", after);
        Assert.DoesNotContain("prive-3317", after);
        Assert.DoesNotContain("<html", after); // a fragment, not a page

        // Not a participant: not found; a room that is not a team debrief has no such fragment either.
        var stranger = await fx.App.CreateUserAsync($"stranger.{Guid.NewGuid():N}@cpas-web.test", "Stranger", Core.Accounts.Roles.SocialWorker);
        using var web = await SignedInAsync(stranger.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync(fragmentUrl)).StatusCode);
    }

    [Fact]
    public async Task A_team_debrief_moved_from_the_meeting_page_moves_its_immersion_event_and_the_campaign_page_shows_the_new_time()
    {
        var first = CalendarTime.LocalDate(DateTimeOffset.UtcNow).AddDays(60);
        var (s, _, roomId) = await ScheduledTeamDebriefAsync(first);
        var moved = first.AddDays(3);
        using var lead = await SignedInAsync(s.Lead.Email!);
        using (var r = await lead.SubmitToAsync($"/meetings/{roomId}", $"/meetings/{roomId}?handler=Details",
                   ("Edit.Title", "Débriefing Pôle test déplacé"), ("Edit.Date", moved.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("Edit.StartTime", "09:30"), ("Edit.EndTime", "11:00"),
                   ("Edit.Location", "Salle des Tilleuls"), ("Edit.VideoUrl", ""), ("Edit.Purpose", "")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var ev = await fx.App.WithDbAsync(db => db.ImmersionEvents.AsNoTracking().SingleAsync(e => e.RoomId == roomId));
        var start = CalendarTime.FromLocal(moved, new TimeOnly(9, 30));
        var end = CalendarTime.FromLocal(moved, new TimeOnly(11, 0));
        Assert.Equal(start, ev.Start);
        Assert.Equal(end, ev.End);
        Assert.Equal("Salle des Tilleuls", ev.Place);
        Assert.Equal("Débriefing Pôle test déplacé", ev.Title);
        // The calendar entry behind both is the room's, moved once (no second entry for the event).
        var entry = await fx.App.WithDbAsync(db => db.CalendarEntries.AsNoTracking().SingleAsync(e => e.Id == ev.CalendarEntryId));
        Assert.Equal(start, entry.Start);

        using var coord = await SignedInAsync(Coordinator);
        var campaign = WebUtility.HtmlDecode(await coord.GetStringAsync($"/immersion/{s.CampaignId}"));
        Assert.Contains(CalendarTime.FormatRange(start, end, "fr") + " · Salle des Tilleuls", campaign);
        Assert.DoesNotContain(CalendarTime.FormatRange(CalendarTime.FromLocal(first, new TimeOnly(14, 0)), CalendarTime.FromLocal(first, new TimeOnly(15, 30)), "fr"), campaign);
        var debriefs = WebUtility.HtmlDecode(await coord.GetStringAsync($"/immersion/{s.CampaignId}/team-debriefs"));
        Assert.Contains(CalendarTime.FormatRange(start, end, "fr"), debriefs);
        // "Invite newcomers" is not offered for a team debrief (its invitation is the room's).
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(campaign, $"eventId={ev.Id}")); // the cancel form only
    }
}
