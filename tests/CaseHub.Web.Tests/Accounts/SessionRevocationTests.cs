using System.Net;
using CaseHub.Core.Accounts;
using CaseHub.Core.Demo;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Accounts;

/// <summary>An administrator changes roles, deactivates or signs someone out: their open live connections end at once
/// (within the session check), the change is audited, and an administrator cannot lock themselves out.</summary>
public class SessionRevocationTests : IAsyncLifetime
{
    private CaseHubFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new CaseHubFactory(demo: true, settings: new Dictionary<string, string?> { ["Rooms:SessionCheckSeconds"] = "0.5" });
        _ = _app.BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<FormClient> AdminAsync()
    {
        var admin = _app.NewClient("fr");
        await admin.SignInAsync("admin@demo.casehub.test", DemoData.Password);
        return admin;
    }

    private static async Task WaitClosedAsync(RoomClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (client.Connection.State != HubConnectionState.Disconnected && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(HubConnectionState.Disconnected, client.Connection.State);
    }

    [Theory]
    [InlineData("Roles", "Accounts.RolesChanged")]
    [InlineData("Deactivate", "Accounts.Deactivated")]
    [InlineData("EndSessions", "Accounts.SessionsEnded")]
    public async Task An_admin_change_drops_the_persons_live_connections_and_is_audited(string handler, string action)
    {
        var email = $"revoke.{handler.ToLowerInvariant()}@demo.casehub.test";
        var user = await _app.CreateUserAsync(email, "Rita Révocation", Roles.SocialWorker);
        await using var live = await RoomClient.ConnectAsync(_app, email);
        await using var bystander = await RoomClient.ConnectAsync(_app, "as@demo.casehub.test");

        using var admin = await AdminAsync();
        var response = await admin.SubmitToAsync($"/admin/users/{user.Id}", $"/admin/users/{user.Id}?handler={handler}",
            ("Roles", Roles.InsertionAgent));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await WaitClosedAsync(live);
        Assert.Equal(HubConnectionState.Connected, bystander.Connection.State);
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == action && e.TargetId == user.Id.ToString())));
        if (handler == "Deactivate")
            await Assert.ThrowsAsync<InvalidOperationException>(() => _app.NewClient().SignInAsync(email, DemoData.Password));
        if (handler == "Roles")
        {
            var roles = await _app.WithDbAsync(db => db.UserRoles.Where(ur => ur.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync());
            Assert.Equal([Roles.InsertionAgent], roles);
        }
    }

    [Fact]
    public async Task An_administrator_cannot_remove_their_own_admin_role_or_deactivate_themselves()
    {
        using var admin = await AdminAsync();
        var adminId = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == "admin@demo.casehub.test").Select(u => u.Id).SingleAsync());
        var roles = await admin.SubmitToAsync($"/admin/users/{adminId}", $"/admin/users/{adminId}?handler=Roles", ("Roles", Roles.Facilitator));
        Assert.Equal(HttpStatusCode.OK, roles.StatusCode);
        Assert.Contains("Vous ne pouvez pas retirer votre propre rôle d'administrateur", WebUtility.HtmlDecode(await roles.Content.ReadAsStringAsync()));
        var none = await admin.SubmitToAsync($"/admin/users/{adminId}", $"/admin/users/{adminId}?handler=Roles");
        Assert.Contains("Choisissez au moins un rôle.", WebUtility.HtmlDecode(await none.Content.ReadAsStringAsync()));
        var self = await admin.SubmitToAsync($"/admin/users/{adminId}", $"/admin/users/{adminId}?handler=Deactivate");
        Assert.Contains("Vous ne pouvez pas désactiver votre propre compte.", WebUtility.HtmlDecode(await self.Content.ReadAsStringAsync()));

        // Still an administrator, still signed in.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/users/{Guid.NewGuid()}")).StatusCode);
    }
}
