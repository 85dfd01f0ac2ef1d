using System.Net;
using System.Text.Json;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using CaseHub.Web.Tests.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Intervision;

/// <summary>
/// The confidentiality rule guards the live notes, and the PII guard reads cards, summary and notes: real SignalR clients
/// and the browser editor's own notes provider (tests/tools/notes-client.mjs) on real Kestrel.
/// </summary>
public class IntervisionPrivacyTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private const string Coordination = "coordination@demo.casehub.test";

    /// <summary>A peer-consultation session starting now; everyone but <paramref name="notAcknowledging"/> accepted the rule.</summary>
    private async Task<IntervisionSession> SessionAsync(string? notAcknowledging = null)
    {
        var animateur = await f.UserIdAsync(RoomFixture.Chair);
        var emails = new[] { RoomFixture.Chair, RoomFixture.As, RoomFixture.Ai, Coordination };
        var members = new List<Guid>();
        foreach (var e in emails) members.Add(await f.UserIdAsync(e));
        var skip = notAcknowledging is null ? (Guid?)null : await f.UserIdAsync(notAcknowledging);
        IntervisionSession session = null!;
        await f.App.WithScopeAsync(async sp =>
        {
            var team = await sp.GetRequiredService<IntervisionTeams>().CreateTeamAsync("Équipe confidentialité (test)", animateur, members);
            var series = await sp.GetRequiredService<IntervisionScheduling>().CreateSeriesAsync(new SeriesSpec(team.Id, "Intervision confidentielle (test)", IntervisionProtocols.PeerConsultation, null,
                animateur, f.Clock.GetUtcNow().AddMinutes(1), 60, null, null), animateur);
            session = await sp.GetRequiredService<Core.Data.CaseHubDbContext>().IntervisionSessions.AsNoTracking().SingleAsync(x => x.SeriesId == series.Id);
            foreach (var m in members.Where(m => m != skip)) await sp.GetRequiredService<IntervisionSessions>().AcknowledgeAsync(session.Id, m);
        });
        return session;
    }

    [Fact]
    public async Task The_live_notes_stay_closed_to_a_participant_who_has_not_accepted_the_confidentiality_rule()
    {
        var session = await SessionAsync(notAcknowledging: RoomFixture.Ai);
        var room = session.RoomId;
        var key = Room.NotesKeyFor(room);
        // The animateur writes in the notes with the real editor provider.
        await NotesClient.RunAsync(f.App.BaseAddress, RoomFixture.Chair, key, [new { op = "insert", text = "notes-confidentielles-5521\n" }, new { op = "flush" }]);

        await using var ai = await RoomClient.ConnectAsync(f.App, RoomFixture.Ai);
        Assert.Contains("confidentialité", (await Assert.ThrowsAsync<HubException>(() => ai.JoinAsync(room))).Message);
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<JsonElement>("NotesOpen", key, null));
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync("NotesPush", key, "AAAA", Guid.NewGuid()));
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync("NotesAwareness", key, "AAAA"));
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<JsonElement>("IntervisionState", room));
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<JsonElement>("IntervisionCheckNotes", room));
        // A colleague who accepted keeps writing: nothing of it reaches the one who did not.
        await NotesClient.RunAsync(f.App.BaseAddress, RoomFixture.As, key, [new { op = "waitSynced" }, new { op = "insert", text = "suite-9902\n" }, new { op = "flush" }]);
        await Task.Delay(300);
        Assert.DoesNotContain(ai.Received, r => r.Json.Contains("notes-confidentielles") || r.Method == "NotesUpdate");

        // No page around it either: the live page and the projector send them to the rule first.
        using var web = f.App.NewClient();
        await web.SignInAsync(RoomFixture.Ai, Core.Demo.DemoData.Password);
        var live = await web.GetAsync($"/intervision/sessions/{session.Id}/live");
        Assert.Equal(HttpStatusCode.Redirect, live.StatusCode);
        Assert.Equal($"/intervision/sessions/{session.Id}", live.Headers.Location!.OriginalString);
        var projector = await web.GetAsync($"/meetings/{room}/projector");
        Assert.Equal(HttpStatusCode.Redirect, projector.StatusCode);

        // Once the rule is accepted, the same connection enters and reads the notes.
        var aiId = await f.UserIdAsync(RoomFixture.Ai);
        await f.App.WithScopeAsync(sp => sp.GetRequiredService<IntervisionSessions>().AcknowledgeAsync(session.Id, aiId));
        await ai.JoinAsync(room);
        var opened = await ai.Connection.InvokeAsync<JsonElement>("NotesOpen", key, null);
        Assert.False(string.IsNullOrEmpty(opened.GetProperty("update").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync($"/meetings/{room}/projector")).StatusCode);
    }

    [Fact]
    public async Task Cards_the_summary_and_the_notes_pass_the_pii_guard_and_only_masked_previews_or_kinds_come_back()
    {
        var session = await SessionAsync();
        var room = session.RoomId;
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await using var writer = await RoomClient.ConnectAsync(f.App, RoomFixture.As);
        await chair.JoinAsync(room);
        await writer.JoinAsync(room);
        await chair.Connection.InvokeAsync<bool>("Start", room);
        await chair.Connection.InvokeAsync<bool>("GoToPhase", room, 0, 2); // hypotheses: a card phase

        Task<JsonElement> Write(string text, bool confirm = false) => writer.Connection.InvokeAsync<JsonElement>("IntervisionWriteCard", room, Guid.NewGuid(), text, confirm);
        var phone = await Assert.ThrowsAsync<HubException>(() => Write("Joindre madame au 0470 12 34 56"));
        Assert.Contains("téléphone", phone.Message);
        Assert.DoesNotContain("12 34", phone.Message); // a masked preview only
        // A colleague of the team named in a card (Ilias Insertion is in the team).
        var named = await Assert.ThrowsAsync<HubException>(() => Write("Ilias Insertion avait vu juste"));
        Assert.Contains("I. I.", named.Message);
        Assert.DoesNotContain("Ilias", named.Message);
        // A word that is also a colleague's surname: refused until the author confirms it names nobody.
        await Assert.ThrowsAsync<HubException>(() => Write("Un suivi insertion plus souple"));
        var kept = await Write("Un suivi insertion plus souple", confirm: true);
        Assert.Equal("Un suivi insertion plus souple", Assert.Single(kept.EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(1, await f.App.WithDbAsync(db => db.IntervisionCards.CountAsync(c => db.IntervisionBoards.Any(b => b.Id == c.BoardId && b.SessionId == session.Id))));

        // The rapporteur's summary.
        await using var rapporteur = await RoomClient.ConnectAsync(f.App, await f.App.WithDbAsync(db => db.Users.Where(u => u.Id == session.RapporteurId).Select(u => u.Email!).SingleAsync()));
        var summary = await Assert.ThrowsAsync<HubException>(() => rapporteur.Connection.InvokeAsync<bool>("IntervisionSaveSummary", room, "Écrire à prenom.nom@example.test", null, null, false));
        Assert.Contains("e-mail", summary.Message);
        Assert.DoesNotContain("prenom.nom@", summary.Message);

        // The live notes: the server scans the stored text and names only the kinds found.
        var key = Room.NotesKeyFor(room);
        Assert.Empty((await writer.Connection.InvokeAsync<JsonElement>("IntervisionCheckNotes", room)).EnumerateArray());
        await NotesClient.RunAsync(f.App.BaseAddress, RoomFixture.Chair, key, [new { op = "insert", text = "Rappel : appeler le 0470 12 34 56 demain\n" }, new { op = "flush" }]);
        var findings = await writer.Connection.InvokeAsync<JsonElement>("IntervisionCheckNotes", room);
        var finding = Assert.Single(findings.EnumerateArray());
        Assert.Equal(("Phone", 1, false), (finding.GetProperty("kind").GetString(), finding.GetProperty("count").GetInt32(), finding.GetProperty("possible").GetBoolean()));
        Assert.DoesNotContain("0470", findings.GetRawText());
    }
}
