using System.Text.Json;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Tests.Rooms;

/// <summary>A room app whose connections may send 3 commands at once and regain 1 every 5 seconds.</summary>
public sealed class StrictRateRoomFixture : RoomFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Rooms:CommandBurst", "3"), new("Rooms:CommandsPerFiveSeconds", "1")];
}

public class RoomRateLimitTests(StrictRateRoomFixture f) : IClassFixture<StrictRateRoomFixture>
{
    [Fact]
    public async Task A_connection_sending_too_fast_is_slowed_down_without_losing_state()
    {
        var (room, chair, asWorker, ai, partner) = await RoomVoteAndMinutesTests.LiveMeetingAsync(f);
        await using var _1 = chair; await using var _2 = asWorker; await using var _3 = ai; await using var _4 = partner;
        var refused = 0;
        for (var i = 0; i < 12; i++)
        {
            try
            {
                if (i % 2 == 0) await ai.Connection.InvokeAsync<bool>("RaiseHand", room);
                else await ai.Connection.InvokeAsync<bool>("LowerHand", room, null);
            }
            catch (HubException ex) when (ex.Message.Contains("Trop de demandes")) { refused++; }
        }
        // 12 calls against 3 + (time taken / 5 s): refused unless the 12 calls took over 45 s.
        Assert.True(refused > 0);
        // The room still answers, and other connections are not limited by this one (each has its own budget).
        Assert.Equal(JsonValueKind.Object, (await asWorker.StateAsync(room)).ValueKind);
        Assert.Equal(JsonValueKind.Object, (await partner.StateAsync(room)).ValueKind);
    }
}
