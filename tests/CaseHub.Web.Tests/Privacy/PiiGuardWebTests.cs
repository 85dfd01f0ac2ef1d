using System.Globalization;
using System.Net;
using CaseHub.TestSupport;
using CaseHub.Web.Tests.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Privacy;

/// <summary>
/// Issue #21 point 5: one identifying-data guard experience. A text with a name after a civil title, a street address
/// and a phone number is refused with ALL three findings at once (highlighted, masked previews, "keep because…",
/// "mask all") on the case thread, the grid and the new-case forms, and by a live hub method; nothing is stored and the
/// text stays in the form. "Keep because…" stores the text and audits the reasons; "mask all" stores the masked text.
/// </summary>
public class PiiGuardWebTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private const string Text = "Madame Dupont habite rue de la Loi 16, joignable au 0471 23 45 67.";
    private const string Masked = "Madame D. habite rue ***, joignable au 0471 ** ** 67.";
    private static readonly string[] Previews = ["D.", "rue ***", "0471 ** ** 67"];

    private async Task<FormClient> SignInAsync(string email)
    {
        var c = f.App.NewClient();
        await c.SignInAsync(email, Core.Demo.DemoData.Password);
        return c;
    }

    private async Task<Guid> NewCaseAsync(FormClient facilitator, string code)
    {
        var service = await f.App.WithDbAsync(async db => (await db.Services.SingleAsync(s => s.Name == "Service social général")).Id.ToString());
        var created = await facilitator.SubmitAsync("/conferences/cases/new", ("Code", code), ("ServiceId", service), ("Summary", "Personne seule."), ("Themes", "Health"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var caseId = Guid.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        var page = $"/conferences/cases/{caseId}";
        foreach (var (email, party) in new[] { (RoomFixture.As, "SocialWorker"), (RoomFixture.Ai, "InsertionAgent") })
            Assert.Equal(HttpStatusCode.Redirect, (await facilitator.SubmitToAsync(page, page + "?handler=AddMember", ("UserId", (await f.UserIdAsync(email)).ToString()), ("Party", party))).StatusCode);
        return caseId;
    }

    /// <summary>The refusal page: every finding's masked preview, three marks in the text, a "keep" field each, "mask all".</summary>
    private static async Task AssertAllFindingsAsync(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.Contains("data-pii-guard", html);
        foreach (var preview in Previews) Assert.Contains($"<code>{preview}</code>", html);
        Assert.Equal(3, html.Split("<mark class=\"pii-flag\"").Length - 1);
        Assert.Contains("PiiGuard.Kept[2].Reason", html);
        Assert.Contains("name=\"PiiGuard.MaskAll\"", html);
        Assert.Contains("3 donnée(s)", html);
        Assert.Contains("0471 23 45 67", html); // the text stays in the form
    }

    private static (string, string)[] ThreadPost(string text, params (string, string)[] more)
        => [("Post.Text", text), ("Post.Kind", "Update"), ("Post.Visibility", "AllParticipants"), .. more];

    [Fact]
    public async Task The_thread_refuses_all_findings_at_once_then_stores_the_text_kept_with_reasons_or_masked()
    {
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        var caseId = await NewCaseAsync(facilitator, "WEB-PII-1");
        using var asWorker = await SignInAsync(RoomFixture.As);
        var page = $"/conferences/cases/{caseId}";
        var post = page + "?handler=Post";
        int Count() => f.App.WithDbAsync(db => db.CaseMessages.CountAsync(m => m.CaseId == caseId)).GetAwaiter().GetResult();

        await AssertAllFindingsAsync(await asWorker.SubmitToAsync(page, post, ThreadPost(Text)));
        Assert.Equal(0, Count());

        // One reason missing: still refused, with the one left.
        var partial = await asWorker.SubmitToAsync(page, post, ThreadPost(Text,
            ("PiiGuard.Kept[0].Field", "Text"), ("PiiGuard.Kept[0].Kind", "TitledName"), ("PiiGuard.Kept[0].Masked", "D."), ("PiiGuard.Kept[0].Reason", "Nom fictif de formation")));
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        Assert.Equal(0, Count());

        // A reason that itself identifies someone is refused.
        var bad = await asWorker.SubmitToAsync(page, post, ThreadPost(Text, Keep(("TitledName", "D."), ("Address", "rue ***"), ("Phone", "0471 ** ** 67"), "Appeler le 0471 23 45 67")));
        Assert.Contains("La raison donnée", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        Assert.Equal(0, Count());

        // Every finding kept with a reason: stored as written, each reason audited (kind and reason, never the value).
        var kept = await asWorker.SubmitToAsync(page, post, ThreadPost(Text, Keep(("TitledName", "D."), ("Address", "rue ***"), ("Phone", "0471 ** ** 67"), "Exemple fictif de formation")));
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
        Assert.Equal(Text, await f.App.WithDbAsync(db => db.CaseMessages.Where(m => m.CaseId == caseId).Select(m => m.Text).SingleAsync()));
        var audits = await f.App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "Privacy.FindingKept").Select(a => a.Details!).ToListAsync());
        Assert.Contains(audits, a => a.Contains("kind=Phone", StringComparison.Ordinal) && a.Contains("Exemple fictif", StringComparison.Ordinal));
        Assert.DoesNotContain(audits, a => a.Contains("0471 23", StringComparison.Ordinal) || a.Contains("Dupont", StringComparison.Ordinal));

        // "Mask all": the masked preview is what is stored.
        var masked = await asWorker.SubmitToAsync(page, post, ThreadPost(Text, ("PiiGuard.MaskAll", "true")));
        Assert.Equal(HttpStatusCode.Redirect, masked.StatusCode);
        Assert.Contains(Masked, await f.App.WithDbAsync(db => db.CaseMessages.Where(m => m.CaseId == caseId).Select(m => m.Text).ToListAsync()));
    }

    private static (string, string)[] Keep((string Kind, string Masked) a, (string Kind, string Masked) b, (string Kind, string Masked) c, string reason)
    {
        var list = new List<(string, string)>();
        foreach (var (k, (kind, masked)) in new[] { a, b, c }.Select((x, i) => (i, x)))
        {
            var p = $"PiiGuard.Kept[{k.ToString(CultureInfo.InvariantCulture)}].";
            list.AddRange([(p + "Field", "Text"), (p + "Kind", kind), (p + "Masked", masked), (p + "Reason", reason)]);
        }
        return [.. list];
    }

    [Fact]
    public async Task The_grid_and_the_new_case_forms_refuse_all_findings_at_once_and_store_nothing()
    {
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        var caseId = await NewCaseAsync(facilitator, "WEB-PII-2");
        using var asWorker = await SignInAsync(RoomFixture.As);
        var grid = $"/conferences/cases/{caseId}/assessment";
        await AssertAllFindingsAsync(await asWorker.SubmitToAsync(grid, grid + "?handler=Theme",
            ("Cell.Theme", "Employment"), ("Cell.Version", "0"), ("Cell.Rating", "Opportunity"), ("Cell.Text", Text), ("Cell.Visibility", "AllParticipants")));
        Assert.False(await f.App.WithDbAsync(db => db.CaseGridThemes.AnyAsync(t => t.CaseId == caseId && t.Text != null && t.Text.Contains("0471"))));

        var service = await f.App.WithDbAsync(async db => (await db.Services.SingleAsync(s => s.Name == "Service social général")).Id.ToString());
        await AssertAllFindingsAsync(await facilitator.SubmitAsync("/conferences/cases/new", ("Code", "WEB-PII-3"), ("ServiceId", service), ("Summary", Text), ("Themes", "Health")));
        Assert.False(await f.App.WithDbAsync(db => db.ConferenceCases.AnyAsync(c => c.Code == "WEB-PII-3")));
    }

    [Fact]
    public async Task A_live_grid_edit_is_refused_with_every_finding_in_the_callers_language()
    {
        using var facilitator = await SignInAsync(RoomFixture.Chair);
        var caseId = await NewCaseAsync(facilitator, "WEB-PII-4");
        var page = $"/conferences/cases/{caseId}";
        var date = Core.Calendar.CalendarTime.LocalDate(f.Clock.GetUtcNow()).AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var fields = new List<KeyValuePair<string, string>> { new("Date", date), new("StartTime", "10:00"), new("EndTime", "11:30"), new("Location", "Salle 2"), new("Agenda", "Bilan social") };
        foreach (var email in new[] { RoomFixture.As, RoomFixture.Ai }) fields.Add(new("Participants", (await f.UserIdAsync(email)).ToString()));
        var prepared = await facilitator.SubmitAsync($"{page}/prepare", fields);
        Assert.Equal(HttpStatusCode.Redirect, prepared.StatusCode);
        var conferenceId = Guid.Parse(prepared.Headers.Location!.OriginalString.Split('/').Last());
        var roomId = await f.App.WithDbAsync(db => db.Conferences.Where(c => c.Id == conferenceId).Select(c => c.RoomId).SingleAsync());

        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await chair.JoinAsync(roomId);
        await using var ai = await RoomClient.ConnectAsync(f.App, RoomFixture.Ai);
        await ai.JoinAsync(roomId);
        await chair.Connection.InvokeAsync<bool>("Start", roomId);
        var phases = await f.App.WithDbAsync(db => db.RoomPhases.Where(p => p.RoomId == roomId).OrderBy(p => p.Order).Select(p => p.TemplateKey).ToListAsync());
        Assert.True(await chair.Connection.InvokeAsync<bool>("GoToPhase", roomId, 0, phases.IndexOf(Core.Conferences.GridRules.Phase)));

        var refused = await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<int>("GridSaveTheme", roomId, "Employment", 0, new { rating = "Opportunity", text = Text, visibility = "AllParticipants" }));
        foreach (var preview in Previews) Assert.Contains(preview, refused.Message);
        Assert.Contains("3 donnée(s)", refused.Message);
        Assert.DoesNotContain("Dupont", refused.Message);
        Assert.False(await f.App.WithDbAsync(db => db.CaseGridThemes.AnyAsync(t => t.CaseId == caseId && t.Theme == Core.Conferences.SocialTheme.Employment)));
    }
}
