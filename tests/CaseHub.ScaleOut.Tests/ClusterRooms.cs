using System.Text.Json;
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

    public static bool Mentions(this JsonElement patch, string text) => patch.GetRawText().Contains(text, StringComparison.Ordinal);
}
