using System.Text.Json;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Tests.Rooms;

/// <summary>The live room with several real SignalR .NET clients on real Kestrel.</summary>
public class RoomEngineTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    [Fact]
    public async Task Participants_see_each_other_arrive_and_leave()
    {
        var room = await f.CreateStandardMeetingAsync();
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await using var partner = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        var state = await chair.JoinAsync(room);
        Assert.Equal("False", RoomClient.Online(state.GetProperty("participants"), partner.UserId));

        await partner.JoinAsync(room);
        var arrived = await chair.WaitForAsync("Presence", p => RoomClient.Online(p, partner.UserId) == "True");
        // Only the person who came: the others merge it into their list (no full list to everyone at every join).
        Assert.Equal(1, arrived.GetArrayLength());

        await partner.Connection.StopAsync();
        var left = await chair.WaitForAsync("Presence", p => RoomClient.Online(p, partner.UserId) == "False");
        Assert.Equal(1, left.GetArrayLength());
    }

    [Fact]
    public async Task The_chair_runs_phases_and_timer_and_everyone_gets_the_same_end_time()
    {
        var room = await f.CreateStandardMeetingAsync();
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await using var ai = await RoomClient.ConnectAsync(f.App, RoomFixture.Ai);
        await chair.JoinAsync(room);
        await ai.JoinAsync(room);

        Assert.True(await chair.Connection.InvokeAsync<bool>("Start", room));
        var started = await ai.WaitForAsync("Patch", p => p.TryGetProperty("timer", out var t) && t.ValueKind == JsonValueKind.Object && t.GetProperty("phaseIndex").GetInt32() == 0);
        var endsAt = started.GetProperty("timer").GetProperty("endsAt").GetDateTimeOffset();
        Assert.Equal(f.Clock.GetUtcNow().AddMinutes(5), endsAt); // welcome phase: 5 minutes

        Assert.True(await chair.Connection.InvokeAsync<bool>("AddTime", room, 60, Guid.NewGuid()));
        await ai.WaitForAsync("Patch", p => p.TryGetProperty("timer", out var t) && t.ValueKind == JsonValueKind.Object && t.GetProperty("endsAt").GetDateTimeOffset() == endsAt.AddMinutes(1));

        Assert.True(await chair.Connection.InvokeAsync<bool>("SetTimerRunning", room, false));
        await ai.WaitForAsync("Patch", p => p.TryGetProperty("timer", out var t) && t.ValueKind == JsonValueKind.Object && !t.GetProperty("running").GetBoolean() && t.GetProperty("pausedRemainingSeconds").GetInt32() == 360);

        Assert.True(await chair.Connection.InvokeAsync<bool>("GoToPhase", room, 0, 1));
        // A second click on "next" from the same phase does nothing (it is no longer phase 0).
        Assert.False(await chair.Connection.InvokeAsync<bool>("GoToPhase", room, 0, 1));
        var state = await ai.StateAsync(room);
        Assert.Equal(1, state.GetProperty("timer").GetProperty("phaseIndex").GetInt32());
        Assert.NotNull(state.GetProperty("phases")[0].GetProperty("endedAt").GetString());
    }

    [Fact]
    public async Task Only_the_chair_may_use_chair_controls_and_a_refusal_changes_nothing()
    {
        var room = await f.CreateStandardMeetingAsync();
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await using var partner = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        await chair.JoinAsync(room);
        await partner.JoinAsync(room);
        await chair.Connection.InvokeAsync<bool>("Start", room);
        var before = (await chair.StateAsync(room)).GetProperty("v").GetInt64();

        var ex = await Assert.ThrowsAsync<HubException>(() => partner.Connection.InvokeAsync<bool>("GoToPhase", room, 0, 1));
        Assert.Contains("Alleen de voorzitter", ex.Message); // the partner works in Dutch
        await Assert.ThrowsAsync<HubException>(() => partner.Connection.InvokeAsync<bool>("AddTime", room, 300, Guid.NewGuid()));
        await Assert.ThrowsAsync<HubException>(() => partner.Connection.InvokeAsync<bool>("Close", room));

        Assert.Equal(before, (await chair.StateAsync(room)).GetProperty("v").GetInt64());
    }

    [Fact]
    public async Task Non_members_cannot_join_or_act_and_are_not_told_the_room_exists()
    {
        var room = await f.CreateMeetingAsync((RoomFixture.As, RoomRole.Participant, null));
        await using var outsider = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        var ex = await Assert.ThrowsAsync<HubException>(() => outsider.JoinAsync(room));
        Assert.Contains("Niet gevonden", ex.Message);
        await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync<bool>("RaiseHand", room));
        await Assert.ThrowsAsync<HubException>(() => outsider.StateAsync(room));
        await Assert.ThrowsAsync<HubException>(() => outsider.JoinAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Speaking_queue_raise_give_the_floor_and_lower()
    {
        var room = await f.CreateStandardMeetingAsync();
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await using var asWorker = await RoomClient.ConnectAsync(f.App, RoomFixture.As);
        await using var ai = await RoomClient.ConnectAsync(f.App, RoomFixture.Ai);
        foreach (var c in new[] { chair, asWorker, ai }) await c.JoinAsync(room);
        await chair.Connection.InvokeAsync<bool>("Start", room);

        Assert.True(await asWorker.Connection.InvokeAsync<bool>("RaiseHand", room));
        Assert.False(await asWorker.Connection.InvokeAsync<bool>("RaiseHand", room)); // already in the queue
        Assert.True(await ai.Connection.InvokeAsync<bool>("RaiseHand", room));
        var queue = (await chair.StateAsync(room)).GetProperty("queue").GetProperty("entries");
        Assert.Equal([asWorker.UserId, ai.UserId], queue.EnumerateArray().Select(e => e.GetProperty("userId").GetGuid()));

        Assert.True(await chair.Connection.InvokeAsync<bool>("GiveFloor", room, null, Guid.NewGuid()));
        var patch = await ai.WaitForAsync("Patch", p => p.TryGetProperty("queue", out var q) && q.ValueKind == JsonValueKind.Object && q.GetProperty("speaker").ValueKind == JsonValueKind.Object);
        Assert.Equal(asWorker.UserId, patch.GetProperty("queue").GetProperty("speaker").GetProperty("userId").GetGuid());

        Assert.True(await ai.Connection.InvokeAsync<bool>("LowerHand", room, null));
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<bool>("LowerHand", room, asWorker.UserId)); // only the chair lowers others' hands
        Assert.True(await asWorker.Connection.InvokeAsync<bool>("EndSpeaker", room, asWorker.UserId));
        var q2 = (await chair.StateAsync(room)).GetProperty("queue");
        Assert.Equal(0, q2.GetProperty("entries").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, q2.GetProperty("speaker").ValueKind);
    }

    [Fact]
    public async Task A_round_goes_through_the_present_participants_in_order_with_skip_and_early_end()
    {
        var room = await f.CreateStandardMeetingAsync();
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await using var asWorker = await RoomClient.ConnectAsync(f.App, RoomFixture.As);
        await using var ai = await RoomClient.ConnectAsync(f.App, RoomFixture.Ai);
        await using var councillor = await RoomClient.ConnectAsync(f.App, RoomFixture.Councillor);
        foreach (var c in new[] { chair, asWorker, ai, councillor }) await c.JoinAsync(room);
        await chair.Connection.InvokeAsync<bool>("Start", room);
        await chair.Connection.InvokeAsync<bool>("GoToPhase", room, 0, 1); // check-in round phase
        Assert.True(await chair.Connection.InvokeAsync<bool>("StartRound", room, 60, Guid.NewGuid()));
        // Not the partner, who has not come (yet): a round takes the people present in the room.
        Assert.DoesNotContain(await f.UserIdAsync(RoomFixture.Partner), (await chair.StateAsync(room)).GetProperty("round").GetProperty("order").EnumerateArray().Select(e => e.GetGuid()));
        Assert.True(await chair.Connection.InvokeAsync<bool>("EndRound", room));

        // Once the partner is there, the next round includes them.
        await using var partner = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        await partner.JoinAsync(room);
        Assert.True(await chair.Connection.InvokeAsync<bool>("StartRound", room, 60, Guid.NewGuid()));
        var round = (await chair.StateAsync(room)).GetProperty("round");
        var order = round.GetProperty("order").EnumerateArray().Select(e => e.GetGuid()).ToList();
        Assert.Equal([chair.UserId, asWorker.UserId, ai.UserId, partner.UserId], order); // invitation order: the chair first
        Assert.DoesNotContain(councillor.UserId, order); // an observer, present, does not take a turn

        // The speaker passes the turn; a participant who is not speaking cannot.
        Assert.True(await chair.Connection.InvokeAsync<bool>("AdvanceRound", room, 0, false));
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<bool>("AdvanceRound", room, 1, false));
        Assert.True(await asWorker.Connection.InvokeAsync<bool>("AdvanceRound", room, 1, false));
        Assert.True(await chair.Connection.InvokeAsync<bool>("AdvanceRound", room, 2, true)); // skip the AI
        Assert.False(await chair.Connection.InvokeAsync<bool>("AdvanceRound", room, 2, true)); // double click: nothing
        Assert.Contains(ai.UserId, (await chair.StateAsync(room)).GetProperty("round").GetProperty("skipped").EnumerateArray().Select(e => e.GetGuid()));
        Assert.True(await chair.Connection.InvokeAsync<bool>("EndRound", room));
        Assert.True((await chair.StateAsync(room)).GetProperty("round").GetProperty("done").GetBoolean());

        // Raised hands are not taken during a round phase.
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<bool>("RaiseHand", room));
    }

    [Fact]
    public async Task When_the_chair_drops_the_co_chair_takes_over_and_the_chair_gets_it_back_on_return()
    {
        var room = await f.CreateStandardMeetingAsync();
        var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await using var coChair = await RoomClient.ConnectAsync(f.App, RoomFixture.As);
        await using var partner = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        await chair.JoinAsync(room);
        await coChair.JoinAsync(room);
        await partner.JoinAsync(room);
        await chair.Connection.InvokeAsync<bool>("Start", room);

        await chair.DisposeAsync(); // connection gone
        await coChair.WaitForAsync("Patch", p => p.TryGetProperty("chair", out var c) && c.ValueKind == JsonValueKind.Object && c.GetProperty("absentSince").ValueKind == JsonValueKind.String);

        f.Clock.Advance(TimeSpan.FromSeconds(20));
        await f.RunChairWatchAsync();
        Assert.Equal(chair.UserId, (await coChair.StateAsync(room)).GetProperty("chair").GetProperty("actingChairId").GetGuid()); // not yet: 30 s

        f.Clock.Advance(TimeSpan.FromSeconds(11));
        await f.RunChairWatchAsync();
        var acting = await partner.WaitForAsync("Patch", p => p.TryGetProperty("chair", out var c) && c.ValueKind == JsonValueKind.Object && c.GetProperty("actingChairId").GetGuid() == coChair.UserId);
        Assert.True(await coChair.Connection.InvokeAsync<bool>("AddTime", room, 60, Guid.NewGuid())); // the co-chair now runs the meeting

        await using var back = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        var snapshot = await back.JoinAsync(room);
        Assert.Equal(back.UserId, snapshot.GetProperty("chair").GetProperty("actingChairId").GetGuid());
        Assert.True(snapshot.GetProperty("me").GetProperty("isChair").GetBoolean());
        await Assert.ThrowsAsync<HubException>(() => coChair.Connection.InvokeAsync<bool>("AddTime", room, 60, Guid.NewGuid()));
    }

    [Fact]
    public async Task The_chair_can_hand_over_explicitly()
    {
        var room = await f.CreateStandardMeetingAsync();
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await using var ai = await RoomClient.ConnectAsync(f.App, RoomFixture.Ai);
        await chair.JoinAsync(room);
        await ai.JoinAsync(room);
        var observer = await f.UserIdAsync(RoomFixture.Councillor);
        await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("HandOver", room, observer));
        Assert.True(await chair.Connection.InvokeAsync<bool>("HandOver", room, ai.UserId));
        var chairView = (await ai.StateAsync(room)).GetProperty("chair");
        Assert.Equal(ai.UserId, chairView.GetProperty("chairId").GetGuid());
        Assert.Equal(ai.UserId, chairView.GetProperty("actingChairId").GetGuid());
    }

    [Fact]
    public async Task After_a_reconnect_the_client_gets_the_full_state_and_a_resent_command_is_not_applied_twice()
    {
        var room = await f.CreateStandardMeetingAsync();
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await chair.JoinAsync(room);
        await chair.Connection.InvokeAsync<bool>("Start", room);
        var command = Guid.NewGuid();
        Assert.True(await chair.Connection.InvokeAsync<bool>("AddTime", room, 300, command));
        var endsAt = (await chair.StateAsync(room)).GetProperty("timer").GetProperty("endsAt").GetDateTimeOffset();

        // Connection lost; the client reconnects (new connection) and re-sends the command it had no answer for.
        await chair.Connection.StopAsync();
        await chair.Connection.StartAsync();
        var state = await chair.JoinAsync(room);
        Assert.Equal(endsAt, state.GetProperty("timer").GetProperty("endsAt").GetDateTimeOffset());
        Assert.False(await chair.Connection.InvokeAsync<bool>("AddTime", room, 300, command));
        Assert.Equal(endsAt, (await chair.StateAsync(room)).GetProperty("timer").GetProperty("endsAt").GetDateTimeOffset());

        // The same holds for created things: the client chooses the id.
        var action = Guid.NewGuid();
        Assert.True(await chair.Connection.InvokeAsync<bool>("AddAction", room, action, "Envoyer les coordonnées", null, null));
        Assert.False(await chair.Connection.InvokeAsync<bool>("AddAction", room, action, "Envoyer les coordonnées", null, null));
        Assert.Equal(1, (await chair.StateAsync(room)).GetProperty("actions").GetArrayLength());
    }

    [Fact]
    public async Task Patches_carry_consecutive_versions_so_a_client_can_detect_a_gap()
    {
        var room = await f.CreateStandardMeetingAsync();
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await using var ai = await RoomClient.ConnectAsync(f.App, RoomFixture.Ai);
        await chair.JoinAsync(room);
        var v0 = (await ai.JoinAsync(room)).GetProperty("v").GetInt64();
        await chair.Connection.InvokeAsync<bool>("Start", room);
        for (var i = 0; i < 5; i++) await chair.Connection.InvokeAsync<bool>("AddTime", room, 60, Guid.NewGuid());
        var last = v0 + 6;
        await ai.WaitForAsync("Patch", p => p.GetProperty("v").GetInt64() == last);
        var versions = ai.Patches.Select(p => p.GetProperty("v").GetInt64()).Where(v => v > v0).ToList();
        Assert.Equal(Enumerable.Range(1, 6).Select(i => v0 + i), versions);
    }
}
