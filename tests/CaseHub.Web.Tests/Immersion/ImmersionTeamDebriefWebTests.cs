using System.Globalization;
using System.Net;
using System.Text.Json;
using CaseHub.Core.Calendar;
using CaseHub.Core.Immersion;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Immersion;

/// <summary>The team debrief meeting and the saved speed-meeting rotation, over real HTTP and a real SignalR client.</summary>
public partial class ImmersionWebTests
{
    /// <summary>Places every worker of the setup on the offer's first date (as a published matching would).</summary>
    private async Task<List<Guid>> PlaceAllAsync(Setup s)
    {
        return await fx.App.WithDbAsync(async db =>
        {
            var ids = new List<Guid>();
            foreach (var w in s.Workers)
            {
                var p = await db.ImmersionParticipants.SingleAsync(x => x.CampaignId == s.CampaignId && x.UserId == w.Id);
                var placement = new ImmersionPlacement { CampaignId = s.CampaignId, ParticipantId = p.Id, OfferDateId = s.Offer.Dates[0].Id, UpdatedAt = DateTimeOffset.UtcNow };
                db.ImmersionPlacements.Add(placement);
                ids.Add(placement.Id);
            }
            await db.SaveChangesAsync();
            return ids;
        });
    }

    [Fact]
    public async Task A_team_debrief_room_gathers_the_teams_shared_debriefs_for_its_participants_only_and_its_minutes_list_what_is_brought_back()
    {
        var s = await CampaignAsync(workers: 2, capacity: 2);
        var placements = await PlaceAllAsync(s);
        // Visitor 0 writes a structured shared debrief and private notes; visitor 1 writes nothing.
        await NotesClient.RunAsync(fx.App.BaseAddress, s.Workers[0].Email!, ImmersionLinks.DebriefNotesKey(placements[0]),
            [new { op = "insert", text = "## Ce que j'ai vu\nUne médiation scolaire-4411\n## Ce que je ramène à mon équipe\n- Appeler la médiatrice avant une orientation-7730\n" }, new { op = "flush" }]);
        await NotesClient.RunAsync(fx.App.BaseAddress, s.Workers[0].Email!, ImmersionLinks.PrivateNotesKey(placements[0]),
            [new { op = "insert", text = "secret-prive-9981\n" }, new { op = "flush" }]);

        // The team lead schedules it: a room (lead chairs) and invitations with a calendar file.
        using var lead = await SignedInAsync(s.Lead.Email!);
        var date = CalendarTime.LocalDate(DateTimeOffset.UtcNow).AddDays(60);
        using (var r = await lead.SubmitToAsync($"/immersion/{s.CampaignId}/team-debriefs", $"/immersion/{s.CampaignId}/team-debriefs",
                   ("Form.TeamId", s.Workers[0].ServiceId!.Value.ToString()), ("Form.Date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("Form.Start", "14:00"), ("Form.End", "15:30"), ("Form.Place", "Salle du conseil")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var ev = await fx.App.WithDbAsync(db => db.ImmersionEvents.SingleAsync(e => e.CampaignId == s.CampaignId && e.Kind == ImmersionEventKind.TeamDebrief));
        var roomId = ev.RoomId!.Value;
        var people = await fx.App.WithDbAsync(db => db.RoomParticipants.Where(p => p.RoomId == roomId).Select(p => new { p.UserId, p.Role }).ToListAsync());
        Assert.Equal(RoomRole.Chair, people.Single(p => p.UserId == s.Lead.Id).Role);
        Assert.Equal(3, people.Count);
        Assert.All(s.Workers, w => Assert.Contains(people, p => p.UserId == w.Id));
        var invite = (await fx.Smtp.WaitForAsync(s.Workers[1].Email!))[^1];
        Assert.Contains(invite.Message.BodyParts.OfType<MimeKit.TextPart>(), p => p.ContentType.MimeType == "text/calendar");

        // A participant sees the gathered shared debrief on the room page and through the hub; never the private notes.
        using var visitor = await SignedInAsync(s.Workers[1].Email!);
        var page = WebUtility.HtmlDecode(await visitor.GetStringAsync($"/meetings/{roomId}/room"));
        Assert.Contains("team-debrief-panel", page);
        Assert.Contains("orientation-7730", page);
        Assert.Contains(s.Workers[0].DisplayName, page);
        Assert.DoesNotContain("secret-prive-9981", page);
        // The live panel asks the page for its fragment (wwwroot/js/team-debrief-room.js), as another participant.
        using (var member = await SignedInAsync(s.Workers[1].Email!))
        {
            var gathered = WebUtility.HtmlDecode(await member.GetStringAsync($"/meetings/{roomId}/room?handler=gathered"));
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(gathered, "<article"));
            Assert.Contains("orientation-7730", gathered);
            Assert.DoesNotContain("secret-prive-9981", gathered);
        }

        // A worker who is not a participant is refused on the page and the hub.
        var stranger = await fx.App.CreateUserAsync($"stranger.{Guid.NewGuid():N}@cpas-web.test", "Stranger", Core.Accounts.Roles.SocialWorker);
        using (var web = await SignedInAsync(stranger.Email!))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/meetings/{roomId}/room")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/meetings/{roomId}/room?handler=gathered")).StatusCode);
        }
        await using (var outsider = await RoomClient.ConnectAsync(fx.App, stranger.Email!))
        {
            await Assert.ThrowsAsync<HubException>(() => outsider.JoinAsync(roomId));
        }

        // The lead runs and closes it: the minutes carry the points brought back and what the team adopted.
        await using (var chair = await RoomClient.ConnectAsync(fx.App, s.Lead.Email!))
        {
            await chair.JoinAsync(roomId);
            await chair.Connection.InvokeAsync<bool>("Start", roomId);
            await chair.Connection.InvokeAsync<bool>("AddDecision", roomId, Guid.NewGuid(), "Adopter la fiche de liaison-5120");
            await chair.Connection.InvokeAsync<bool>("Close", roomId);
        }
        var minutes = WebUtility.HtmlDecode(await visitor.GetStringAsync($"/meetings/{roomId}/minutes"));
        Assert.Contains("Ce que les visiteurs ramènent", minutes);
        Assert.Contains("orientation-7730", minutes);
        Assert.DoesNotContain("scolaire-4411", minutes); // only the "bring back" part
        Assert.Contains("Ce que l'équipe adopte", minutes);
        Assert.Contains("fiche de liaison-5120", minutes);
        Assert.DoesNotContain("secret-prive-9981", minutes);
        // A worker who leads no team may not open the scheduling page.
        using (var r = await visitor.GetAsync($"/immersion/{s.CampaignId}/team-debriefs"))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task The_speed_meeting_rotation_is_saved_with_named_groups_reloaded_and_bad_input_leaves_it_untouched()
    {
        var s = await CampaignAsync(workers: 1);
        using var coord = await SignedInAsync(Coordinator);
        var path = $"/immersion/{s.CampaignId}/speed-meeting";
        var date = CalendarTime.LocalDate(DateTimeOffset.UtcNow).AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (string, string)[] Form(string groups, string slot = "15", string replace = "false") =>
            [("Partners", "Maison A\nMaison B\nMaison C"), ("GroupNames", groups), ("Slot", slot), ("BreakEvery", ""), ("BreakMinutes", "15"), ("Date", date), ("Time", "13:30"), ("Replace", replace)];
        using (var r = await coord.SubmitToAsync(path, path + "?handler=Save", Form("Rouges\nVerts")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var page = WebUtility.HtmlDecode(await coord.GetStringAsync(path));
        Assert.Contains("data-saved=\"true\"", page);
        Assert.Contains("data-rounds=\"3\"", page);
        Assert.Contains("Rouges", page);
        Assert.Contains("Verts", page);

        // Regenerating without confirming, duplicate / empty / too long names, too many groups, slot out of range: refused.
        foreach (var (form, message) in new[]
                 {
                     (Form("Bleus\nJaunes"), "Remplacer la rotation enregistrée"),
                     (Form("Bleus\nbleus", replace: "true"), "Deux groupes s'appellent"),
                     (Form("Bleus\n\nJaunes", replace: "true"), "n'a pas de nom"),
                     (Form(new string('x', 81), replace: "true"), "dépasse 80 caractères"),
                     (Form(string.Join('\n', Enumerable.Range(1, 61).Select(i => "G" + i)), replace: "true"), "Au plus 60 groupes"),
                     (Form("Bleus", slot: "500", replace: "true"), "entre 5 et 120 minutes"),
                 })
        {
            using var r = await coord.SubmitToAsync(path, path + "?handler=Save", form);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        }
        var plan = await fx.App.WithDbAsync(db => db.SpeedMeetingPlans.SingleAsync(p => p.CampaignId == s.CampaignId));
        Assert.Equal("Rouges\nVerts", plan.GroupNames);
        Assert.Equal(15, plan.SlotMinutes);

        // Confirmed: replaced.
        using (var r = await coord.SubmitToAsync(path, path + "?handler=Save", Form("Bleus\nJaunes\nNoirs", replace: "true")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        page = WebUtility.HtmlDecode(await coord.GetStringAsync(path));
        Assert.Contains("Noirs", page);
        Assert.DoesNotContain("Rouges", page);

        // A worker may not see or save it.
        using var worker = await SignedInAsync(s.Workers[0].Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync(path)).StatusCode);
    }
}
