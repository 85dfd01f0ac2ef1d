using System.Net;
using CaseHub.Core.Audit;
using CaseHub.Core.Demo;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Platform;

/// <summary>The audit trail end to end: an admin action is recorded with its author, searchable by administrators only,
/// verifiable from the page and from the command line, and tampering is reported.</summary>
public class AuditTrailTests : IAsyncLifetime
{
    private CaseHubFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new CaseHubFactory(demo: true);
        _ = _app.BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<FormClient> SignedInAsync(string email)
    {
        var client = _app.NewClient("fr");
        await client.SignInAsync(email, DemoData.Password);
        return client;
    }

    [Fact]
    public async Task An_invitation_is_recorded_searchable_by_administrators_verifiable_and_tampering_shows()
    {
        using var admin = await SignedInAsync("admin@demo.casehub.test");
        var invited = await admin.SubmitToAsync("/admin/users", "/admin/users?handler=Invite",
            ("Invite.Email", "audit.new@demo.casehub.test"), ("Invite.DisplayName", "Alex Audit"), ("Invite.Language", "fr"), ("Invite.Roles", "SocialWorker"));
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);

        var (adminId, newId) = await _app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Email == "admin@demo.casehub.test").Select(u => u.Id).SingleAsync(),
            await db.Users.Where(u => u.Email == "audit.new@demo.casehub.test").Select(u => u.Id).SingleAsync()));
        var entry = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "Accounts.UserInvited" && e.TargetId == newId.ToString()));
        Assert.Equal(adminId, entry.ActorId);
        Assert.Equal("roles=SocialWorker", entry.Details);
        Assert.DoesNotContain("audit.new", entry.Details); // no personal data in the trail itself

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/audit?Action=Accounts."));
        Assert.Contains("Accounts.UserInvited", page);
        Assert.Contains(newId.ToString(), page);
        Assert.Contains("Journal d'audit", page);

        // Not for other roles; and the search itself is recorded.
        using var facilitator = await SignedInAsync("facilitator@demo.casehub.test");
        var denied = await facilitator.GetAsync("/admin/audit");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "Audit.Searched" && e.ActorId == adminId)));

        // A bad filter gets a clear message, not a crash.
        var bad = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/audit?From=2026-12-01&To=2026-11-01"));
        Assert.Contains("La date de fin précède la date de début.", bad);

        var verified = await admin.SubmitToAsync("/admin/audit", "/admin/audit?handler=Verify");
        Assert.Contains("Chaîne intacte", WebUtility.HtmlDecode(await verified.Content.ReadAsStringAsync()));

        // Someone edits a sealed entry in the database: the page and the command line both say where.
        await _app.WithDbAsync(async db => { while (await AuditChain.SealAsync(db) > 0) { } return 0; });
        var seq = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Id == entry.Id).Select(e => e.Seq).SingleAsync());
        await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Id == entry.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, "roles=Administrator")));
        var broken = await admin.SubmitToAsync("/admin/audit", "/admin/audit?handler=Verify");
        Assert.Contains($"Chaîne rompue à l'entrée {seq}", WebUtility.HtmlDecode(await broken.Content.ReadAsStringAsync()));

        await using var command = new CaseHubNode("verify-audit", new Dictionary<string, string>
        {
            ["Database:Provider"] = _app.Setting("Database:Provider")!,
            ["Database:ConnectionString"] = _app.Setting("Database:ConnectionString")!,
        });
        command.Start("--verify-audit");
        Assert.Equal(2, await command.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"Audit chain BROKEN at entry {seq}", command.Output);
    }
}

/// <summary>The retention page lists every kind of personal data with its period, for administrators only.</summary>
public class RetentionPageTests(AppFixture f) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Administrators_see_what_is_kept_how_long_and_can_purge_what_is_due()
    {
        using var admin = f.App.NewClient();
        await admin.SignInAsync("admin@demo.casehub.test", DemoData.Password); // works in French
        var html = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/retention"));
        foreach (var text in new[] { "Copies des e-mails envoyés", "Notes partagées des réunions", "Journal d'audit (après l'action)", "Inscriptions aux journées découverte", "30 jours" })
            Assert.Contains(text, html);
        var purged = await admin.SubmitToAsync("/admin/retention", "/admin/retention?handler=Purge");
        Assert.Equal(HttpStatusCode.Redirect, purged.StatusCode);

        using var partner = f.App.NewClient();
        await partner.SignInAsync("partner@demo.casehub.test", DemoData.Password);
        Assert.NotEqual(HttpStatusCode.OK, (await partner.GetAsync("/admin/retention")).StatusCode);
    }
}
