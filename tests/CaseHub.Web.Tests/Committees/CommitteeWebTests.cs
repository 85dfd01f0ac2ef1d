using System.Net;
using System.Text.Json;
using CaseHub.Core.Committees;
using CaseHub.Core.Data;
using CaseHub.TestSupport;
using CaseHub.Web.Tests.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Committees;

/// <summary>Comités à blanc through the real app: SignalR clients, pages, the demo data.</summary>
public class CommitteeWebTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private const string Coordinator = "coordination@demo.casehub.test"; // staff, but not invited

    /// <summary>A live session on two demo cases: chair (facilitator) and three members, all connected and joined.</summary>
    private async Task<(Guid Session, Guid Room, CommitteeSessionCase First, RoomClient Chair, RoomClient Councillor, RoomClient As, RoomClient Ai)> LiveSessionAsync(bool showNames = false)
    {
        var chairId = await f.UserIdAsync(RoomFixture.Chair);
        Guid[] members = [await f.UserIdAsync(RoomFixture.Councillor), await f.UserIdAsync(RoomFixture.As), await f.UserIdAsync(RoomFixture.Ai)];
        var caseIds = await f.App.WithDbAsync(db => db.ExerciseCases.OrderBy(c => c.Code).Select(c => c.Id).Take(2).ToListAsync());
        CommitteeSession session = null!;
        await f.App.WithScopeAsync(async sp =>
        {
            var now = f.Clock.GetUtcNow();
            session = await sp.GetRequiredService<CommitteeService>().CreateSessionAsync(new CommitteeSessionInput
            {
                Title = "Comité à blanc — test secret", Start = now, End = now.AddHours(2), CaseIds = caseIds, MemberIds = [.. members], ShowNames = showNames,
            }, chairId);
        });
        var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        var councillor = await RoomClient.ConnectAsync(f.App, RoomFixture.Councillor);
        var asWorker = await RoomClient.ConnectAsync(f.App, RoomFixture.As);
        var ai = await RoomClient.ConnectAsync(f.App, RoomFixture.Ai);
        foreach (var c in new[] { chair, councillor, asWorker, ai }) await c.JoinAsync(session.RoomId);
        Assert.True(await chair.Connection.InvokeAsync<bool>("Start", session.RoomId));
        await f.App.WithScopeAsync(sp => sp.GetRequiredService<CommitteeService>().NextStepAsync(session.Id, chairId, 0)); // the secret vote opens
        var first = await f.App.WithDbAsync(db => db.CommitteeSessionCases.AsNoTracking().SingleAsync(c => c.SessionId == session.Id && c.Order == 0));
        return (session.Id, session.RoomId, first, chair, councillor, asWorker, ai);
    }

    /// <summary>Decoded page text with Belgian number spacing (narrow no-break spaces) as plain spaces.</summary>
    private static string Html(string html) => WebUtility.HtmlDecode(html).Replace('\u202f', ' ').Replace('\u00a0', ' ');

    /// <summary>Casts (or changes) a ballot as the browser does: the session page's form, signed in as <paramref name="email"/>.</summary>
    private async Task<HttpResponseMessage> BallotAsync(string email, Guid sessionId, Guid caseId, string decision, string motivation,
        string? amount = null, string? months = null, string? conditions = null)
    {
        var web = f.App.NewClient();
        await web.SignInAsync(email, Core.Demo.DemoData.Password);
        return await web.SubmitToAsync($"/committees/{sessionId}", $"/committees/{sessionId}?handler=ballot&caseId={caseId}",
            ("Ballot.Decision", decision), ("Ballot.Motivation", motivation), ("Ballot.Amount", amount ?? ""), ("Ballot.Months", months ?? ""),
            ("Ballot.Conditions", conditions ?? ""));
    }

    /// <summary>The page's answer to a refused ballot: the form again (200) with the localized message.</summary>
    private static async Task<string> RefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Html(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_ballot_content_leaves_the_server_before_the_reveal()
    {
        var (sessionId, room, first, chair, councillor, asWorker, ai) = await LiveSessionAsync();
        await using var _1 = chair; await using var _2 = councillor; await using var _3 = asWorker; await using var _4 = ai;
        var voteId = first.VoteId!.Value;
        ai.ClearReceived(); // the listening member: records everything the server sends it

        // Two members decide through the page form (what the browser uses).
        Assert.Equal(HttpStatusCode.Redirect, (await BallotAsync(RoomFixture.Councillor, sessionId, first.Id, "Grant", "motif-secret-CONS-5521", "1 234,56", "6", "PIIS-secret")).StatusCode);
        var mine = (await councillor.StateAsync(room)).GetProperty("myBallots").GetProperty(voteId.ToString());
        Assert.Equal("Grant", mine.GetProperty("option").GetString()); // the voter sees their own ballot
        Assert.Contains("123456", mine.GetProperty("data").GetString());
        var asWeb = f.App.NewClient();
        await asWeb.SignInAsync(RoomFixture.As, Core.Demo.DemoData.Password);
        var posted = await asWeb.SubmitToAsync($"/committees/{sessionId}", $"/committees/{sessionId}?handler=ballot&caseId={first.Id}",
            ("Ballot.Decision", "Refuse"), ("Ballot.Motivation", "motif-secret-AS-8843"), ("Ballot.Amount", ""));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await ai.WaitForAsync("Patch", p => p.TryGetProperty("votes", out var v) && v.ValueKind == JsonValueKind.Array
                                             && v.EnumerateArray().Any(x => x.GetProperty("votedUserIds").GetArrayLength() == 2));

        // Bad input: a malformed amount, a non-member, a vote that does not exist — refused with a localized message.
        Assert.Contains("Montant invalide", await RefusedAsync(await BallotAsync(RoomFixture.Ai, sessionId, first.Id, "Grant", "x", "12,3,4")));
        var noAmount = await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<JsonElement>("CastBallot", room, voteId, "Grant", "sans montant"));
        Assert.Contains("montant", noAmount.Message);
        await using (var outsider = await RoomClient.ConnectAsync(f.App, Coordinator))
        {
            await Assert.ThrowsAsync<HubException>(() => outsider.JoinAsync(room));
            await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync<JsonElement>("CastBallot", room, voteId, "Refuse", "x"));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await BallotAsync(Coordinator, sessionId, first.Id, "Refuse", "x")).StatusCode);
        var outsiderWeb = f.App.NewClient();
        await outsiderWeb.SignInAsync(Coordinator, Core.Demo.DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderWeb.GetAsync($"/committees/{sessionId}")).StatusCode);

        // Everything the listener got, its own snapshot and page: no motivation, no amount, no condition, no choice.
        var aiWeb = f.App.NewClient();
        await aiWeb.SignInAsync(RoomFixture.Ai, Core.Demo.DemoData.Password);
        var aiPage = Html(await aiWeb.GetStringAsync($"/committees/{sessionId}"));
        Assert.Contains("2 décision(s) sur 4", aiPage);
        var everything = string.Join("\n", ai.Received.Select(r => r.Json)) + (await ai.StateAsync(room)).GetRawText() + aiPage;
        foreach (var secret in new[] { "motif-secret", "123456", "1 234,56", "1234.56", "PIIS-secret", "\"option\"", "\"ballots\"", "\"results\":{" })
            Assert.DoesNotContain(secret, everything);
        // A voter sees only their own ballot.
        var councillorState = (await councillor.StateAsync(room)).GetRawText();
        Assert.Contains("motif-secret-CONS-5521", councillorState);
        Assert.DoesNotContain("motif-secret-AS-8843", councillorState);

        // The chair forces the reveal from the page: everything appears at once, for everyone.
        var chairWeb = f.App.NewClient();
        await chairWeb.SignInAsync(RoomFixture.Chair, Core.Demo.DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await aiWeb.SubmitToAsync($"/committees/{sessionId}", $"/committees/{Guid.NewGuid()}?handler=reveal&caseId={first.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await chairWeb.SubmitToAsync($"/committees/{sessionId}", $"/committees/{sessionId}?handler=reveal&caseId={first.Id}")).StatusCode);
        var revealed = await ai.WaitForAsync("Patch", p => p.TryGetProperty("votes", out var v) && v.ValueKind == JsonValueKind.Array
                                                            && v.EnumerateArray().Any(x => x.GetProperty("status").GetString() == "Revealed"));
        Assert.Contains("motif-secret-CONS-5521", revealed.GetRawText());
        Assert.Contains("motif-secret-AS-8843", revealed.GetRawText());
        var divergence = Html(await aiWeb.GetStringAsync($"/committees/{sessionId}"));
        Assert.Contains("motif-secret-AS-8843", divergence);
        Assert.Contains("1 234,56 €", divergence);
        Assert.Contains("50 %", divergence); // agreement index: 1 grant, 1 refuse
        // Revealed, the step is no longer "individual (secret)": its heading says what it shows.
        Assert.Contains("<h2 id=\"step-h\">Décisions individuelles révélées</h2>", divergence);
        Assert.DoesNotContain("<h2 id=\"step-h\">Décision individuelle (secrète)</h2>", divergence);

        // After the reveal, ballots are immutable.
        Assert.Contains("Ce vote est clos", await RefusedAsync(await BallotAsync(RoomFixture.Councillor, sessionId, first.Id, "Refuse", "trop tard")));
        var lateWeb = await asWeb.SubmitToAsync($"/committees/{sessionId}", $"/committees/{sessionId}?handler=ballot&caseId={first.Id}",
            ("Ballot.Decision", "Grant"), ("Ballot.Motivation", "trop tard"), ("Ballot.Amount", "100"));
        Assert.Equal(HttpStatusCode.OK, lateWeb.StatusCode);
        Assert.Contains("Ce vote est clos", Html(await lateWeb.Content.ReadAsStringAsync()));
        Assert.Equal(2, await f.App.WithDbAsync(db => db.Ballots.CountAsync(b => b.VoteId == voteId)));
    }

    [Fact]
    public async Task A_member_reconnecting_mid_vote_keeps_a_hidden_ballot_and_simultaneous_submissions_count_once()
    {
        var (sessionId, room, first, chair, councillor, asWorker, ai) = await LiveSessionAsync(showNames: true);
        await using var _1 = chair; await using var _3 = asWorker; await using var _4 = ai;
        var voteId = first.VoteId!.Value;
        Assert.Equal(HttpStatusCode.Redirect, (await BallotAsync(RoomFixture.Councillor, sessionId, first.Id, "Defer", "attendre le bail", conditions: "bail signé")).StatusCode);
        await councillor.DisposeAsync(); // the connection drops mid-vote

        // Two sign-ins of the same member submit at the same moment while the first connection comes back.
        await using var back = await RoomClient.ConnectAsync(f.App, RoomFixture.Councillor);
        await using var second = await RoomClient.ConnectAsync(f.App, RoomFixture.Councillor);
        var state = await back.JoinAsync(room);
        Assert.Equal("Defer", state.GetProperty("myBallots").GetProperty(voteId.ToString()).GetProperty("option").GetString());
        await second.JoinAsync(room);
        var both = await Task.WhenAll(
            BallotAsync(RoomFixture.Councillor, sessionId, first.Id, "Grant", "octroi après relecture", "900"),
            BallotAsync(RoomFixture.Councillor, sessionId, first.Id, "Refuse", "refus après relecture"));
        Assert.All(both, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var ballots = await f.App.WithDbAsync(db => db.Ballots.Where(b => b.VoteId == voteId).ToListAsync());
        var only = Assert.Single(ballots);
        Assert.Contains(only.Option, new[] { "Grant", "Refuse" });
        var chairView = (await chair.StateAsync(room)).GetProperty("votes").EnumerateArray().Single(v => v.GetProperty("id").GetGuid() == voteId);
        Assert.Equal(1, chairView.GetProperty("votedUserIds").GetArrayLength());
        Assert.DoesNotContain("relecture", (await chair.StateAsync(room)).GetRawText());

        // Everyone present decides: the ballots reveal themselves, with names (this session shows them).
        await BallotAsync(RoomFixture.As, sessionId, first.Id, "Grant", "ok", "800");
        await BallotAsync(RoomFixture.Ai, sessionId, first.Id, "Grant", "ok", "850");
        await BallotAsync(RoomFixture.Chair, sessionId, first.Id, "Grant", "ok", "900");
        var revealed = await back.WaitForAsync("Patch", p => p.TryGetProperty("votes", out var v) && v.ValueKind == JsonValueKind.Array
                                                              && v.EnumerateArray().Any(x => x.GetProperty("status").GetString() == "Revealed"));
        Assert.Contains("relecture", revealed.GetRawText());
        Assert.Equal(4, revealed.GetProperty("votes").EnumerateArray().Single(v => v.GetProperty("id").GetGuid() == voteId).GetProperty("results").GetProperty("ballots").GetArrayLength());
    }

    [Fact]
    public async Task Pages_check_role_and_membership_and_the_library_finds_the_demo_case_law()
    {
        var chair = f.App.NewClient();
        await chair.SignInAsync(RoomFixture.Chair, Core.Demo.DemoData.Password);
        foreach (var url in new[] { "/committees", "/committees/cases", "/committees/new", "/committees/cases/edit", "/committees/convergence" })
            Assert.Equal(HttpStatusCode.OK, (await chair.GetAsync(url)).StatusCode);
        var law = Html(await chair.GetStringAsync("/committees/case-law?q=ONEM&decision=Grant"));
        Assert.Contains("RIS pour une cohabitante", law);
        Assert.DoesNotContain("Garantie locative après", law);
        var csv = await chair.GetAsync("/committees/case-law?handler=csv&q=garantie");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Garantie locative", await csv.Content.ReadAsStringAsync());
        var convergence = Html(await chair.GetStringAsync("/committees/convergence"));
        Assert.Contains("séance 1 (démo)", convergence);

        // A social worker reads the case law but cannot edit cases; a partner worker sees nothing of it.
        var asWeb = f.App.NewClient();
        await asWeb.SignInAsync(RoomFixture.As, Core.Demo.DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, (await asWeb.GetAsync("/committees/case-law")).StatusCode);
        var denied = await asWeb.GetAsync("/committees/cases");
        Assert.Contains("/account/denied", denied.Headers.Location?.OriginalString ?? denied.RequestMessage!.RequestUri!.ToString());
        var partner = f.App.NewClient();
        await partner.SignInAsync(RoomFixture.Partner, Core.Demo.DemoData.Password);
        var partnerLaw = await partner.GetAsync("/committees/case-law");
        Assert.Contains("/account/denied", partnerLaw.Headers.Location?.OriginalString ?? partnerLaw.RequestMessage!.RequestUri!.ToString());

        // A case with a national register number is not saved; the finding is shown in place.
        var before = await f.App.WithDbAsync(db => db.ExerciseCases.CountAsync());
        var blocked = await chair.SubmitAsync("/committees/cases/edit",
            ("Form.Title", "Cas test"), ("Form.Household", "Adulte isolé"), ("Form.LegalCategory", "Isolated"), ("Form.Request", "Aide urgente"),
            ("Form.AidType", "EmergencyAid"), ("Form.Narrative", "Monsieur X, NN 85.07.30-033.28, demande une aide."));
        var html = Html(await blocked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        Assert.Contains("cmt-flag", html);
        Assert.Contains("Numéro de registre national", html);
        Assert.Equal(before, await f.App.WithDbAsync(db => db.ExerciseCases.CountAsync()));
    }
}
