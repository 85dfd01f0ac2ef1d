using System.Net;
using System.Text.Json;
using CaseHub.Core.Accounts;
using CaseHub.Core.Demo;
using CaseHub.Core.Privacy.SubjectRights;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.SubjectRights;

/// <summary>The "my data" downloads (always the signed-in person's own data) and the administrator's erasure page,
/// which ends the erased person's open live connections.</summary>
public class SubjectRightsPageTests : IAsyncLifetime
{
    private CaseHubFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new CaseHubFactory(demo: true, settings: new Dictionary<string, string?> { ["Rooms:SessionCheckSeconds"] = "0.5" });
        _ = _app.BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_person_downloads_their_own_data_as_json_and_html_and_nobody_elses()
    {
        var me = await _app.CreateUserAsync("mydata.owner@demo.casehub.test", "Mona Données", Roles.SocialWorker, "nl");
        var other = await _app.CreateUserAsync("mydata.other@demo.casehub.test", "Otto Ander", Roles.SocialWorker);
        using var client = _app.NewClient("nl");
        await client.SignInAsync("mydata.owner@demo.casehub.test", DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/my-data")).StatusCode);
        Assert.Contains("/account/my-data", await client.GetStringAsync("/account/profile"));

        // An attempt to name someone else is ignored: the export is always the caller's.
        var json = await client.SubmitToAsync("/account/my-data", $"/account/my-data?handler=json&id={other.Id}", ("Id", other.Id.ToString()), ("UserId", other.Id.ToString()));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", json.Content.Headers.ContentDisposition?.DispositionType);
        using (var doc = JsonDocument.Parse(await json.Content.ReadAsStringAsync()))
        {
            Assert.Equal(me.Id, doc.RootElement.GetProperty("account").GetProperty("id").GetGuid());
            Assert.Equal("mydata.owner@demo.casehub.test", doc.RootElement.GetProperty("account").GetProperty("email").GetString());
        }

        var html = await client.SubmitToAsync("/account/my-data", "/account/my-data?handler=html");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".html", html.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("Mijn gegevens in CaseHub", page);
        Assert.Contains("Mona Données", page);
        Assert.DoesNotContain("Otto Ander", page);

        Assert.Equal(2, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == PersonalDataExporter.AuditAction && e.ActorId == me.Id)));

        // Signed out: no export, only the sign-in page.
        using var anonymous = _app.NewClient();
        var denied = await anonymous.GetAsync("/account/my-data");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/sign-in", denied.Headers.Location?.ToString());
    }

    [Fact]
    public async Task An_administrator_erases_a_person_after_confirming_and_their_live_connection_drops()
    {
        var victim = await _app.CreateUserAsync("erase.me@demo.casehub.test", "Erika Effacée", Roles.SocialWorker);
        await using var live = await RoomClient.ConnectAsync(_app, "erase.me@demo.casehub.test");
        using var admin = _app.NewClient("fr");
        await admin.SignInAsync("admin@demo.casehub.test", DemoData.Password);

        Assert.Contains($"/admin/users/{victim.Id}/erase", await admin.GetStringAsync($"/admin/users/{victim.Id}"));
        var confirmPage = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/users/{victim.Id}/erase"));
        Assert.Contains("Erika Effacée", confirmPage);
        Assert.Contains("Ancien·ne utilisateur·rice ", confirmPage);
        Assert.Contains("définitif", confirmPage);

        // Without the confirmation box nothing happens.
        var unconfirmed = await admin.SubmitAsync($"/admin/users/{victim.Id}/erase");
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("Cochez la case", WebUtility.HtmlDecode(await unconfirmed.Content.ReadAsStringAsync()));
        Assert.Null(await _app.WithDbAsync(db => db.Users.Where(u => u.Id == victim.Id).Select(u => u.ErasedAt).SingleAsync()));
        Assert.Equal(HubConnectionState.Connected, live.Connection.State);

        var erased = await admin.SubmitAsync($"/admin/users/{victim.Id}/erase", ("Confirm", "true"));
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (live.Connection.State != HubConnectionState.Disconnected && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(HubConnectionState.Disconnected, live.Connection.State);

        var user = await _app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == victim.Id));
        Assert.NotNull(user.ErasedAt);
        Assert.DoesNotContain("Erika", user.DisplayName);
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == UserErasure.AuditAction && e.TargetId == victim.Id.ToString())));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _app.NewClient().SignInAsync("erase.me@demo.casehub.test", DemoData.Password));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/users/{victim.Id}/erase")).StatusCode);
        Assert.DoesNotContain("Erika Effacée", WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/users")));
    }

    [Fact]
    public async Task Only_administrators_reach_the_erasure_page_and_never_for_themselves()
    {
        var target = await _app.CreateUserAsync("erase.guard@demo.casehub.test", "Gina Garde", Roles.SocialWorker);
        using var worker = _app.NewClient("fr");
        await worker.SignInAsync("as@demo.casehub.test", DemoData.Password);
        var page = await worker.GetAsync($"/admin/users/{target.Id}/erase");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);

        using var admin = _app.NewClient("fr");
        await admin.SignInAsync("admin@demo.casehub.test", DemoData.Password);
        var adminId = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == "admin@demo.casehub.test").Select(u => u.Id).SingleAsync());
        var own = await admin.SubmitToAsync($"/admin/users/{target.Id}/erase", $"/admin/users/{adminId}/erase", ("Confirm", "true"));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("Vous ne pouvez pas effacer votre propre compte", WebUtility.HtmlDecode(await own.Content.ReadAsStringAsync()));
        Assert.Null(await _app.WithDbAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => u.ErasedAt).SingleAsync()));
        Assert.Null(await _app.WithDbAsync(db => db.Users.Where(u => u.Id == target.Id).Select(u => u.ErasedAt).SingleAsync()));
    }
}
