using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using CaseHub.Core.Calendar;
using CaseHub.Core.Intervision;
using CaseHub.TestSupport;
using CaseHub.Web.Tests.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Intervision;

/// <summary>A live intervision with real SignalR clients on real Kestrel: cards never reveal who wrote them.</summary>
public class IntervisionLiveTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private const string Coordination = "coordination@demo.casehub.test";

    /// <summary>A team of five demo colleagues and one peer-consultation session starting now, everyone having accepted the rule.</summary>
    private async Task<IntervisionSession> SessionAsync(bool acknowledge = true)
    {
        var animateur = await f.UserIdAsync(RoomFixture.Chair);
        var members = new List<Guid>();
        foreach (var e in new[] { RoomFixture.Chair, RoomFixture.As, RoomFixture.Ai, Coordination, RoomFixture.Councillor }) members.Add(await f.UserIdAsync(e));
        IntervisionSession session = null!;
        await f.App.WithScopeAsync(async sp =>
        {
            var team = await sp.GetRequiredService<IntervisionTeams>().CreateTeamAsync("Équipe intervision (test)", animateur, members);
            var series = await sp.GetRequiredService<IntervisionScheduling>().CreateSeriesAsync(new SeriesSpec(team.Id, "Consultation entre pairs (test)", IntervisionProtocols.PeerConsultation, null,
                animateur, f.Clock.GetUtcNow().AddMinutes(1), 60, null, null), animateur);
            session = await sp.GetRequiredService<Core.Data.CaseHubDbContext>().IntervisionSessions.AsNoTracking().SingleAsync(x => x.SeriesId == series.Id);
            if (acknowledge) foreach (var m in members) await sp.GetRequiredService<IntervisionSessions>().AcknowledgeAsync(session.Id, m);
        });
        return session;
    }

    /// <summary>A client that also records the intervision messages.</summary>
    private async Task<(RoomClient Client, ConcurrentQueue<string> Intervision)> ClientAsync(string email, Guid roomId)
    {
        var client = await RoomClient.ConnectAsync(f.App, email);
        var messages = new ConcurrentQueue<string>();
        client.Connection.On<JsonElement>("Intervision", e => messages.Enqueue(e.GetRawText()));
        await client.JoinAsync(roomId);
        return (client, messages);
    }

    private static async Task<JsonElement> WaitAsync(ConcurrentQueue<string> queue, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var json in queue)
            {
                var e = JsonDocument.Parse(json).RootElement;
                if (match(e)) return e;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("No intervision message matched: " + string.Join(" | ", queue));
    }

    private static int CardCount(JsonElement view, int phase)
        => view.GetProperty("boards").EnumerateArray().Where(b => b.GetProperty("phaseIndex").GetInt32() == phase).Select(b => b.GetProperty("cardCount").GetInt32()).FirstOrDefault();

    [Fact]
    public async Task Card_authors_are_never_sent_to_any_client_before_or_after_the_reveal()
    {
        var session = await SessionAsync();
        var room = session.RoomId;
        var (chair, chairMsgs) = await ClientAsync(RoomFixture.Chair, room);
        var (asWorker, _) = await ClientAsync(RoomFixture.As, room);
        var (ai, aiMsgs) = await ClientAsync(RoomFixture.Ai, room);
        var (coordination, _) = await ClientAsync(Coordination, room);
        var (listener, listenerMsgs) = await ClientAsync(RoomFixture.Councillor, room);
        await using var _1 = chair; await using var _2 = asWorker; await using var _3 = ai; await using var _4 = coordination; await using var _5 = listener;

        Assert.True(await chair.Connection.InvokeAsync<bool>("Start", room));
        Assert.True(await chair.Connection.InvokeAsync<bool>("GoToPhase", room, 0, 2)); // hypotheses: a card phase

        var writers = new[] { (asWorker, "carte-secrete-AS-1187"), (ai, "carte-secrete-AI-5520"), (coordination, "carte-secrete-CO-3094") };
        foreach (var (client, text) in writers)
        {
            var mine = await client.Connection.InvokeAsync<JsonElement>("IntervisionWriteCard", room, Guid.NewGuid(), text, false);
            Assert.Equal(text, mine[0].GetProperty("text").GetString()); // the author's own reply holds their card
        }
        await WaitAsync(listenerMsgs, v => CardCount(v, 2) == 3);

        // Before the reveal: neither texts nor authors anywhere a non-author can look.
        var before = string.Join("\n", listenerMsgs) + string.Join("\n", listener.Received.Select(r => r.Json))
                     + (await listener.Connection.InvokeAsync<JsonElement>("IntervisionState", room)).GetRawText();
        Assert.DoesNotContain("carte-secrete", before);
        var aiState = (await ai.Connection.InvokeAsync<JsonElement>("IntervisionState", room)).GetRawText();
        Assert.Contains("carte-secrete-AI-5520", aiState);
        Assert.DoesNotContain("carte-secrete-AS", aiState);

        // Grouping before the reveal, by anyone, and a reveal by a participant are refused.
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<bool>("IntervisionReveal", room, 2));
        Assert.True(await chair.Connection.InvokeAsync<bool>("IntervisionReveal", room, 2));
        var revealed = await WaitAsync(listenerMsgs, v => v.GetProperty("boards")[0].GetProperty("revealed").GetBoolean());
        var texts = revealed.GetProperty("boards")[0].GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("text").GetString()).Order().ToList();
        Assert.Equal(writers.Select(w => w.Item2).Order(), texts);

        // No intervision message, to anyone, ever carried the id of a participant (authors included).
        var all = string.Join("\n", listenerMsgs.Concat(chairMsgs).Concat(aiMsgs));
        foreach (var c in new[] { chair, asWorker, ai, coordination, listener })
            Assert.DoesNotContain(c.UserId.ToString(), all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("author", all, StringComparison.OrdinalIgnoreCase);

        // After the reveal: an edit is refused with a localized message; grouping is the rapporteur's.
        var card = revealed.GetProperty("boards")[0].GetProperty("cards")[0].GetProperty("id").GetGuid();
        var edit = await Assert.ThrowsAsync<HubException>(() => asWorker.Connection.InvokeAsync<JsonElement>("IntervisionWriteCard", room, card, "modifiée", false));
        Assert.Contains("dévoilées", edit.Message);
        var rapporteur = new[] { chair, asWorker, ai, coordination, listener }.Single(c => c.UserId == session.RapporteurId);
        var other = new[] { asWorker, ai, coordination, listener }.First(c => c.UserId != session.RapporteurId);
        var refused = await Assert.ThrowsAsync<HubException>(() => other.Connection.InvokeAsync<bool>("IntervisionSaveGroup", room, 2, Guid.NewGuid(), "Cadre"));
        Assert.Contains("rapporteur", refused.Message);

        var group = Guid.NewGuid();
        Assert.True(await rapporteur.Connection.InvokeAsync<bool>("IntervisionSaveGroup", room, 2, group, "Le cadre"));
        Assert.True(await rapporteur.Connection.InvokeAsync<bool>("IntervisionMoveCard", room, 2, card, group, 0));
        // Everyone sees the grouping live.
        await WaitAsync(listenerMsgs, v => v.GetProperty("boards")[0].GetProperty("cards").EnumerateArray().Any(c => c.GetProperty("groupId").ValueKind == JsonValueKind.String && c.GetProperty("groupId").GetGuid() == group));
    }

    [Fact]
    public async Task Cards_need_the_confidentiality_acknowledgement_and_non_members_learn_nothing()
    {
        var session = await SessionAsync(acknowledge: false);
        var room = session.RoomId;
        var chairId = await f.UserIdAsync(RoomFixture.Chair);
        await f.App.WithScopeAsync(sp => sp.GetRequiredService<IntervisionSessions>().AcknowledgeAsync(session.Id, chairId));
        var (chair, _) = await ClientAsync(RoomFixture.Chair, room);
        await using var ai = await RoomClient.ConnectAsync(f.App, RoomFixture.Ai);
        await using var _1 = chair;
        await chair.Connection.InvokeAsync<bool>("Start", room);
        await chair.Connection.InvokeAsync<bool>("GoToPhase", room, 0, 2);
        // Without the acknowledgement: no entry into the live room, no cards, no shared view.
        Assert.Contains("confidentialité", (await Assert.ThrowsAsync<HubException>(() => ai.JoinAsync(room))).Message);
        var ex = await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<JsonElement>("IntervisionWriteCard", room, Guid.NewGuid(), "Une idée", false));
        Assert.Contains("confidentialité", ex.Message);
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<JsonElement>("IntervisionState", room));

        await using var partner = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        await Assert.ThrowsAsync<HubException>(() => partner.Connection.InvokeAsync<JsonElement>("IntervisionState", room));
        await Assert.ThrowsAsync<HubException>(() => partner.Connection.InvokeAsync<JsonElement>("IntervisionWriteCard", room, Guid.NewGuid(), "x", false));
    }

    [Fact]
    public async Task A_facilitator_plans_a_monthly_series_through_the_pages_with_rotating_roles_and_one_recurring_invitation()
    {
        using var facilitator = f.App.NewClient();
        await facilitator.SignInAsync(RoomFixture.Chair, Core.Demo.DemoData.Password);
        var members = new List<(string, string)> { ("Name", "Intervision AS-AI (test pages)") };
        foreach (var e in new[] { RoomFixture.As, RoomFixture.Ai, Coordination }) members.Add(("Members", (await f.UserIdAsync(e)).ToString()));
        var created = await facilitator.SubmitAsync("/intervision", members.ToArray());
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var teamUrl = created.Headers.Location!.OriginalString;

        var first = CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddDays(10);
        var response = await facilitator.SubmitToAsync(teamUrl, teamUrl + "?handler=series",
            ("Title", "Intervision mensuelle (test pages)"), ("Method", IntervisionProtocols.GroupAnalysis), ("Animateur", (await f.UserIdAsync(RoomFixture.Chair)).ToString()),
            ("Date", first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("StartTime", "09:30"), ("Duration", "180"), ("Repeat", "monthly"), ("Count", "3"), ("Location", "Salle 2"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        // The facilitator's own method, made from the short one.
        var method = await facilitator.SubmitToAsync(teamUrl, teamUrl + "?handler=template", ("TemplateName", "Flash 30 (test)"), ("TemplateBase", IntervisionProtocols.PeerConsultation),
            ("PhaseKeys", IntervisionProtocols.PeerConsultation + ":narration"), ("PhaseKeys", IntervisionProtocols.PeerConsultation + ":advice"),
            ($"PhaseMinutes[{IntervisionProtocols.PeerConsultation}:narration]", "10"), ($"PhaseMinutes[{IntervisionProtocols.PeerConsultation}:advice]", "20"));
        Assert.Equal(HttpStatusCode.Redirect, method.StatusCode);
        Assert.Equal("narration:10;advice:20", await f.App.WithDbAsync(db => db.IntervisionTemplates.Where(t => t.Name == "Flash 30 (test)").Select(t => t.Plan).SingleAsync()));

        var teamId = Guid.Parse(teamUrl.Split('/').Last());
        var sessions = await f.App.WithDbAsync(db => db.IntervisionSessions.AsNoTracking().Where(s => s.TeamId == teamId).OrderBy(s => s.Start).ToListAsync());
        Assert.Equal(3, sessions.Count);
        var ids = new[] { RoomFixture.As, RoomFixture.Ai, Coordination }.Select(e => f.UserIdAsync(e).Result).ToList();
        Assert.Equal([ids[0], ids[1], ids[2]], sessions.Select(s => s.NarratorId));
        Assert.Equal([ids[1], ids[2], ids[0]], sessions.Select(s => s.RapporteurId));

        // One recurring invitation per member (RRULE), not one per session.
        var mails = await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Ai && m.Text.Contains("Intervision mensuelle (test pages)"));
        var ics = mails.Single().Message.BodyParts.OfType<MimeKit.TextPart>().Single(p => p.ContentType.MediaSubtype == "calendar").Text;
        Assert.Contains("RRULE:FREQ=MONTHLY;COUNT=3", ics);

        var page = await facilitator.GetStringAsync(teamUrl);
        Assert.Contains("Ilias Insertion", page);

        // A colleague outside the team gets a 404; a partner worker may not use intervision at all.
        using var outsider = f.App.NewClient();
        await outsider.SignInAsync(RoomFixture.Councillor, Core.Demo.DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(teamUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/intervision/sessions/{sessions[0].Id}")).StatusCode);
        using var partner = f.App.NewClient();
        await partner.SignInAsync(RoomFixture.Partner, Core.Demo.DemoData.Password);
        Assert.NotEqual(HttpStatusCode.OK, (await partner.GetAsync(teamUrl)).StatusCode);

        // The live page needs the confidentiality acknowledgement first.
        using var ai = f.App.NewClient();
        await ai.SignInAsync(RoomFixture.Ai, Core.Demo.DemoData.Password);
        var live = await ai.GetAsync($"/intervision/sessions/{sessions[0].Id}/live");
        Assert.Equal(HttpStatusCode.Redirect, live.StatusCode);
        var sessionUrl = $"/intervision/sessions/{sessions[0].Id}";
        var ack = await ai.SubmitToAsync(sessionUrl, sessionUrl + "?handler=acknowledge", ("Accept", "true"));
        Assert.Equal(HttpStatusCode.Redirect, ack.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ai.GetAsync($"/intervision/sessions/{sessions[0].Id}/live")).StatusCode);
        Assert.True(await f.App.WithDbAsync(db => db.IntervisionAcknowledgements.AnyAsync(a => a.SessionId == sessions[0].Id && a.UserId == ids[1])));
    }
}
