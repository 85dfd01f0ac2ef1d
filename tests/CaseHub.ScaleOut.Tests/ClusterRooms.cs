using System.Text.Json;
using System.Text.Json.Nodes;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.ScaleOut.Tests;

/// <summary>What the two-node tests share: demo users, a meeting, live-notes clients pointed at a given node.</summary>
internal static class ClusterRooms
{
    public const string Chair = "facilitator@demo.casehub.test";
    public const string As = "as@demo.casehub.test";
    public const string Partner = "partner@demo.casehub.test";

    public static Task<Guid> UserIdAsync(this Cluster c, string email) => c.WithDbAsync(async db => db.Users.Single(u => u.Email == email).Id);

    public static async Task<Guid> CreateMeetingAsync(this Cluster c, string title)
    {
        var organiser = await c.UserIdAsync(Chair);
        var participants = new List<ParticipantSpec>
        {
            new(await c.UserIdAsync(As), RoomRole.Participant), new(await c.UserIdAsync(Partner), RoomRole.Participant),
        };
        return await c.WithScopeAsync(async sp =>
        {
            var now = DateTimeOffset.UtcNow;
            var room = await sp.GetRequiredService<RoomService>().CreateAsync(
                new RoomSpec(title, NetworkMeetingProtocol.Key, now, now.AddHours(2), "Salle du conseil", null, null, participants), organiser);
            await sp.GetRequiredService<CaseHubDbContext>().SaveChangesAsync();
            return room.Id;
        });
    }

    public static string Online(JsonElement participants, Guid user)
        => participants.EnumerateArray().Single(p => p.GetProperty("userId").GetGuid() == user).GetProperty("online").GetBoolean().ToString();

    public static bool Mentions(this JsonElement patch, string text) => patch.GetRawText().Contains(text, StringComparison.Ordinal);

    /// <summary>Runs the browser editor's own notes provider (tests/tools/notes-client.mjs) against one server.</summary>
    public static async Task<JsonObject> NotesClientAsync(Uri server, string email, string docKey, object[] ops)
    {
        using var web = FormClient.For(server);
        await web.SignInAsync(email, Core.Demo.DemoData.Password);
        var config = new
        {
            hubUrl = new Uri(server, "/hubs/room").ToString(),
            cookie = web.Cookies.GetCookieHeader(server),
            docKey,
            user = new { name = email.Split('@')[0] },
            readOnly = false,
            timeoutMs = 30_000,
            ops,
        };
        var output = await NodeProcess.RunAsync("notes-client.mjs", [], JsonSerializer.Serialize(config), TimeSpan.FromSeconds(90));
        var done = JsonNode.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!.AsObject();
        Assert.True((string?)done["event"] == "done", output);
        return done;
    }
}
