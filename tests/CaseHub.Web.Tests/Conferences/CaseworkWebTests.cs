using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using CaseHub.TestSupport;
using CaseHub.Web.Tests.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Conferences;

/// <summary>
/// Issue #21 through the pages and real SignalR clients: the social assessment grid filled live in the conference's grid
/// phase (different cells at once all kept, one cell at once: the loser is told), a partner never receiving a CPAS-only
/// cell, a non-member refused by the page and the hub; the documents and the thread on the case page.
/// </summary>
public class CaseworkWebTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private const string CpasSecret = "Suivi psychiatrique confidentiel";
    private const string AsName = "Sarah Assistante";
    private const string AiName = "Ilias Insertion";

    private async Task<FormClient> SignInAsync(string email)
    {
        var c = f.App.NewClient();
        await c.SignInAsync(email, Core.Demo.DemoData.Password);
        return c;
    }

    private static async Task<string> PageAsync(FormClient c, string url)
    {
        var r = await c.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
    }

    /// <summary>Case (with Health ticked) + AS, AI, partner + a conference, through the facilitator's pages.</summary>
    private async Task<(Guid CaseId, Guid RoomId)> PrepareAsync(FormClient facilitator, string code)
    {
        var service = await f.App.WithDbAsync(async db => (await db.Services.SingleAsync(s => s.Name == "Service social général")).Id.ToString());
        var created = await facilitator.SubmitAsync("/conferences/cases/new", ("Code", code), ("ServiceId", service), ("Summary", "Personne seule."), ("Themes", "Health"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var caseId = Guid.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        var page = $"/conferences/cases/{caseId}";
        foreach (var (email, party) in new[] { (RoomFixture.As, "SocialWorker"), (RoomFixture.Ai, "InsertionAgent"), (RoomFixture.Partner, "Partner") })
            Assert.Equal(HttpStatusCode.Redirect, (await facilitator.SubmitToAsync(page, page + "?handler=AddMember", ("UserId", (await f.UserIdAsync(email)).ToString()), ("Party", party))).StatusCode);
        var date = Core.Calendar.CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var fields = new List<KeyValuePair<string, string>> { new("Date", date), new("StartTime", "10:00"), new("EndTime", "11:30"), new("Location", "Salle 2"), new("Agenda", "Bilan social") };
        foreach (var email in new[] { RoomFixture.As, RoomFixture.Ai, RoomFixture.Partner }) fields.Add(new("Participants", (await f.UserIdAsync(email)).ToString()));
        var prepared = await facilitator.SubmitAsync($"{page}/prepare", fields);
        Assert.Equal(HttpStatusCode.Redirect, prepared.StatusCode);
        var conferenceId = Guid.Parse(prepared.Headers.Location!.OriginalString.Split('/').Last());
        return (caseId, await f.App.WithDbAsync(db => db.Conferences.Where(c => c.Id == conferenceId).Select(c => c.RoomId).SingleAsync()));
    }

    private static async Task<(RoomClient Client, ConcurrentQueue<Guid> Signals)> ConnectAsync(CaseHubFactory app, string email, Guid roomId)
    {
        var client = await RoomClient.ConnectAsync(app, email);
        var signals = new ConcurrentQueue<Guid>();
        client.Connection.On<Guid>("CaseGrid", signals.Enqueue);
        await client.JoinAsync(roomId);
        return (client, signals);
    }

    private static async Task<JsonElement> CellAsync(RoomClient c, Guid roomId, string theme)
    {
        var state = await c.Connection.InvokeAsync<JsonElement>("CaseGridState", roomId);
        return state.GetProperty("themes").EnumerateArray().Single(t => t.GetProperty("theme").GetString() == theme);
    }

    private static Task<int> SaveAsync(RoomClient c, Guid roomId, string theme, int version, string? rating, string text, string? visibility = null)
        => c.Connection.InvokeAsync<int>("GridSaveTheme", roomId, theme, version, new { rating, text, visibility });

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (timeout.IsCancellationRequested) throw new TimeoutException(what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task The_member_picker_lists_only_people_who_can_sit_on_the_case_nobody_preselected_and_only_the_facilitator_adds()
    {
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        var service = await f.App.WithDbAsync(async db => (await db.Services.SingleAsync(s => s.Name == "Antenne Nord")).Id.ToString());
        var created = await facilitator.SubmitAsync("/conferences/cases/new", ("Code", "WEB-PICK-1"), ("ServiceId", service), ("Summary", "Suivi logement."));
        var page = created.Headers.Location!.OriginalString;
        var html = await PageAsync(facilitator, page);
        var start = html.IndexOf("picker-people", StringComparison.Ordinal);
        Assert.True(start > 0);
        var list = html[start..html.IndexOf("</ul>", start, StringComparison.Ordinal)];
        foreach (var eligible in new[] { AsName, AiName, "Pieter Partner", "Nora Partenaire" }) Assert.Contains(eligible, list);
        foreach (var other in new[] { "Alex Admin", "Claude Conseiller", "Camille Coordination", "Fanny Facilitatrice" }) Assert.DoesNotContain(other, list);
        Assert.DoesNotContain("checked", list);
        // The service was chosen from the list.
        Assert.Contains("Antenne Nord", html);

        // Sent without a choice: told so, nothing added; a member who does not facilitate is refused before any of it.
        var none = await facilitator.SubmitToAsync(page, page + "?handler=AddMember", ("Party", "SocialWorker"));
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        var asId = await f.UserIdAsync(RoomFixture.As);
        Assert.Equal(HttpStatusCode.Redirect, (await facilitator.SubmitToAsync(page, page + "?handler=AddMember", ("UserId", asId.ToString()), ("Party", "SocialWorker"))).StatusCode);
        using var asWeb = await SignInAsync(RoomFixture.As);
        Assert.Equal(HttpStatusCode.Forbidden, (await asWeb.SubmitToAsync(page, page + "?handler=AddMember", ("Party", "SocialWorker"))).StatusCode);
        var caseId = Guid.Parse(page.Split('/').Last());
        Assert.Equal(2, await f.App.WithDbAsync(db => db.CaseMembers.CountAsync(m => m.CaseId == caseId)));
    }

    [Fact]
    public async Task Three_members_fill_the_grid_live_different_cells_at_once_are_all_kept_one_cell_at_once_tells_the_loser_and_the_partner_gets_only_what_it_may()
    {
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        var (caseId, roomId) = await PrepareAsync(facilitator, "WEB-GRID-1");
        var (chair, chairSignals) = await ConnectAsync(f.App, RoomFixture.Chair, roomId);
        var (asWorker, _) = await ConnectAsync(f.App, RoomFixture.As, roomId);
        var (ai, _) = await ConnectAsync(f.App, RoomFixture.Ai, roomId);
        var (partner, partnerSignals) = await ConnectAsync(f.App, RoomFixture.Partner, roomId);
        await using var _1 = chair; await using var _2 = asWorker; await using var _3 = ai; await using var _4 = partner;

        // Before the grid phase nobody edits from the room.
        await chair.Connection.InvokeAsync<bool>("Start", roomId);
        var early = await Assert.ThrowsAsync<HubException>(() => SaveAsync(ai, roomId, "Employment", 0, "Opportunity", "Formation courte."));
        Assert.Contains("Bilan social", early.Message);
        var phases = await f.App.WithDbAsync(db => db.RoomPhases.Where(p => p.RoomId == roomId).OrderBy(p => p.Order).Select(p => p.TemplateKey).ToListAsync());
        Assert.True(await chair.Connection.InvokeAsync<bool>("GoToPhase", roomId, 0, phases.IndexOf(Core.Conferences.GridRules.Phase)));

        // The AS (a CPAS-only health cell), the AI and the partner edit three different cells at the same moment: all kept.
        var saved = await Task.WhenAll(
            SaveAsync(asWorker, roomId, "Health", 1, "Destabilising", CpasSecret, "CpasOnly"),
            SaveAsync(ai, roomId, "Employment", 0, "Opportunity", "Formation courte compatible.", "AllParticipants"),
            SaveAsync(partner, roomId, "Languages", 0, "Stabilising", "Suit un cours de néerlandais."));
        Assert.Equal((2, 1, 1), (saved[0], saved[1], saved[2]));
        var chairView = await chair.Connection.InvokeAsync<JsonElement>("CaseGridState", roomId);
        var texts = chairView.GetProperty("themes").EnumerateArray().Select(t => t.GetProperty("text").GetString()).ToList();
        Assert.Contains(CpasSecret, texts);
        Assert.Contains("Formation courte compatible.", texts);
        Assert.Contains("Suit un cours de néerlandais.", texts);
        await WaitForAsync(() => chairSignals.Count >= 3, "the chair is signalled each change");

        // The AS and the AI change the same cell (Employment, version 1) at the same moment: one lands, the other is told who won.
        var attempts = new[]
        {
            SaveAsync(asWorker, roomId, "Employment", 1, "Opportunity", "Version de l'AS."),
            SaveAsync(ai, roomId, "Employment", 1, "Threat", "Version de l'AI."),
        };
        await Task.WhenAll(attempts.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        Assert.Equal((1, 1), (attempts.Count(t => t.IsCompletedSuccessfully), attempts.Count(t => t.IsFaulted)));
        var loser = attempts.Single(t => t.IsFaulted).Exception!.InnerException;
        var stale = Assert.IsType<HubException>(loser);
        Assert.Contains("a modifié cette case entre-temps", stale.Message);
        var employment = await CellAsync(chair, roomId, "Employment");
        Assert.Equal(2, employment.GetProperty("version").GetInt32());
        var winnerText = employment.GetProperty("text").GetString();
        Assert.True(winnerText is "Version de l'AS." or "Version de l'AI.");
        Assert.Contains(winnerText == "Version de l'AS." ? AsName : AiName, stale.Message); // the name of who won

        // Who is editing is shown to those who may see the cell.
        Assert.True(await ai.Connection.InvokeAsync<bool>("GridEditing", roomId, "theme:Employment"));
        var editors = (await partner.Connection.InvokeAsync<JsonElement>("CaseGridState", roomId)).GetProperty("editors").EnumerateArray().ToList();
        Assert.Contains(editors, e => e.GetProperty("cell").GetString() == "theme:Employment");

        // The partner: signalled (no content), never given the CPAS-only cell, and cannot touch it.
        await WaitForAsync(() => !partnerSignals.IsEmpty, "the partner is signalled");
        Assert.All(partnerSignals, id => Assert.Equal(roomId, id));
        var partnerView = await partner.Connection.InvokeAsync<JsonElement>("CaseGridState", roomId);
        Assert.DoesNotContain(CpasSecret, partnerView.GetRawText());
        var health = await CellAsync(partner, roomId, "Health");
        Assert.True(health.GetProperty("restricted").GetBoolean());
        await Assert.ThrowsAsync<HubException>(() => SaveAsync(partner, roomId, "Health", 2, "Stabilising", "x"));
        Assert.Equal(CpasSecret, (await CellAsync(asWorker, roomId, "Health")).GetProperty("text").GetString());
        // A rating outside the four: a specific message, nothing changed.
        var bad = await Assert.ThrowsAsync<HubException>(() => SaveAsync(asWorker, roomId, "Languages", 1, "Excellent", "x"));
        Assert.DoesNotContain("Excellent", bad.Message);
        Assert.Equal("Stabilising", (await CellAsync(chair, roomId, "Languages")).GetProperty("rating").GetString());

        // Not on the case: refused by the hub and by the grid page.
        await using var outsider = await RoomClient.ConnectAsync(f.App, RoomFixture.Councillor);
        await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync<JsonElement>("CaseGridState", roomId));
        await Assert.ThrowsAsync<HubException>(() => SaveAsync(outsider, roomId, "Income", 0, "Threat", "x"));
        using var councillor = await SignInAsync(RoomFixture.Councillor);
        Assert.Equal(HttpStatusCode.NotFound, (await councillor.GetAsync($"/conferences/cases/{caseId}/assessment")).StatusCode);
        // The partner's grid page has no CPAS-only content either.
        using var partnerWeb = await SignInAsync(RoomFixture.Partner);
        Assert.DoesNotContain(CpasSecret, await PageAsync(partnerWeb, $"/conferences/cases/{caseId}/assessment"));
        Assert.DoesNotContain(CpasSecret, await PageAsync(partnerWeb, $"/conferences/cases/{caseId}"));
        Assert.Contains(CpasSecret, await PageAsync(facilitator, $"/conferences/cases/{caseId}/assessment"));
    }

    [Fact]
    public async Task The_grid_is_in_the_minutes_and_the_case_export_and_a_partner_never_gets_a_CPAS_only_cell()
    {
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        var (caseId, roomId) = await PrepareAsync(facilitator, "WEB-GRID-OUT");
        using var asWeb = await SignInAsync(RoomFixture.As);
        var grid = $"/conferences/cases/{caseId}/assessment";
        const string shared = "Formation courte compatible avec le suivi.";
        Assert.Equal(HttpStatusCode.Redirect, (await asWeb.SubmitToAsync(grid, grid + "?handler=Theme",
            ("Cell.Theme", "Health"), ("Cell.Version", "1"), ("Cell.Rating", "Destabilising"), ("Cell.Text", CpasSecret), ("Cell.Visibility", "CpasOnly"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await asWeb.SubmitToAsync(grid, grid + "?handler=Theme",
            ("Cell.Theme", "Employment"), ("Cell.Version", "0"), ("Cell.Rating", "Opportunity"), ("Cell.Text", shared), ("Cell.Visibility", "AllParticipants"))).StatusCode);

        // The conference is held and closed: its minutes carry the grid as it stood then.
        await using (var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair))
        {
            await chair.JoinAsync(roomId);
            await chair.Connection.InvokeAsync<bool>("Start", roomId);
            var review = Core.Calendar.CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddMonths(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await chair.Connection.InvokeAsync<bool>("RecordOutcome", roomId, new { orientationKey = "training", noAgreement = false, reviewDate = review });
            await chair.Connection.InvokeAsync<bool>("Close", roomId);
        }
        var conferenceId = await f.App.WithDbAsync(db => db.Conferences.Where(c => c.RoomId == roomId).Select(c => c.Id).SingleAsync());

        using var partnerWeb = await SignInAsync(RoomFixture.Partner);
        foreach (var url in new[] { $"/conferences/cases/{caseId}?handler=ExportCsv", $"/conferences/{conferenceId}/minutes", $"/conferences/{conferenceId}/minutes?download=true" })
        {
            var cpasCopy = await PageAsync(asWeb, url);
            Assert.Contains(shared, cpasCopy);
            Assert.Contains(CpasSecret, cpasCopy);
            var partnerCopy = await PageAsync(partnerWeb, url);
            Assert.Contains(shared, partnerCopy);
            Assert.DoesNotContain(CpasSecret, partnerCopy);
        }
    }
}
