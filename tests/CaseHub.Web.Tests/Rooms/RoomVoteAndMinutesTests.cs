using System.Globalization;
using System.Text.Json;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Tests.Rooms;

public class RoomVoteAndMinutesTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    internal static async Task<(Guid Room, RoomClient Chair, RoomClient As, RoomClient Ai, RoomClient Partner)> LiveMeetingAsync(RoomFixture f)
    {
        var room = await f.CreateStandardMeetingAsync();
        var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        var asWorker = await RoomClient.ConnectAsync(f.App, RoomFixture.As);
        var ai = await RoomClient.ConnectAsync(f.App, RoomFixture.Ai);
        var partner = await RoomClient.ConnectAsync(f.App, RoomFixture.Partner);
        foreach (var c in new[] { chair, asWorker, ai, partner }) await c.JoinAsync(room);
        await chair.Connection.InvokeAsync<bool>("Start", room);
        await chair.Connection.InvokeAsync<bool>("GoToPhase", room, 0, 2); // an agenda item: votes allowed
        return (room, chair, asWorker, ai, partner);
    }

    [Fact]
    public async Task No_ballot_content_reaches_any_client_before_the_reveal()
    {
        var (room, chair, asWorker, ai, partner) = await LiveMeetingAsync(f);
        await using var _1 = chair; await using var _2 = asWorker; await using var _3 = ai; await using var _4 = partner;
        // A listening observer records every message it receives.
        await using var listener = await RoomClient.ConnectAsync(f.App, RoomFixture.Councillor);
        await listener.JoinAsync(room);
        listener.ClearReceived();

        var vote = Guid.NewGuid();
        Assert.True(await chair.Connection.InvokeAsync<bool>("OpenVote", room, vote, "Orientation proposée ?", new[] { "ISP", "Première ligne", "Santé" }, true, false));
        var mine = await asWorker.Connection.InvokeAsync<JsonElement>("CastBallot", room, vote, "Santé", "raison-secrete-AS-7731");
        Assert.Equal("Santé", mine.GetProperty("option").GetString()); // the voter sees their own ballot
        await ai.Connection.InvokeAsync<JsonElement>("CastBallot", room, vote, "ISP", "raison-secrete-AI-4410");
        await ai.Connection.InvokeAsync<JsonElement>("CastBallot", room, vote, "Première ligne", "raison-changee-AI-9902"); // changed before reveal
        await listener.WaitForAsync("Patch", p => p.TryGetProperty("votes", out var v) && v.ValueKind == JsonValueKind.Array && v[0].GetProperty("votedUserIds").GetArrayLength() == 2);

        var everything = string.Join("\n", listener.Received.Select(r => r.Json))
                         + (await listener.StateAsync(room)).GetRawText() + (await partner.StateAsync(room)).GetRawText();
        Assert.DoesNotContain("raison-", everything);
        Assert.DoesNotContain("\"option\"", everything);
        Assert.DoesNotContain("\"ballots\"", everything);
        // Another voter's snapshot holds only their own ballot.
        var asState = await asWorker.StateAsync(room);
        Assert.DoesNotContain("raison-secrete-AI", asState.GetRawText());
        Assert.Contains("raison-secrete-AS-7731", asState.GetRawText());

        await chair.Connection.InvokeAsync<JsonElement>("CastBallot", room, vote, "Santé", null);
        // The partner votes last: everyone present has voted, the vote reveals itself.
        await partner.Connection.InvokeAsync<JsonElement>("CastBallot", room, vote, "ISP", null);
        var revealed = await listener.WaitForAsync("Patch", p => p.TryGetProperty("votes", out var v) && v.ValueKind == JsonValueKind.Array && v[0].GetProperty("status").GetString() == "Revealed");
        var results = revealed.GetProperty("votes")[0].GetProperty("results");
        Assert.Equal(2, results.GetProperty("counts").GetProperty("Santé").GetInt32());
        Assert.Equal(1, results.GetProperty("counts").GetProperty("ISP").GetInt32());
        Assert.Contains("raison-changee-AI-9902", revealed.GetRawText());
        Assert.DoesNotContain("raison-secrete-AI-4410", revealed.GetRawText());

        var ex = await Assert.ThrowsAsync<HubException>(() => asWorker.Connection.InvokeAsync<JsonElement>("CastBallot", room, vote, "ISP", null));
        Assert.Contains("Ce vote est clos", ex.Message);
    }

    [Fact]
    public async Task A_voter_who_reconnects_mid_vote_keeps_a_hidden_ballot_and_still_has_one_vote()
    {
        var (room, chair, asWorker, ai, partner) = await LiveMeetingAsync(f);
        await using var _1 = chair; await using var _3 = ai; await using var _4 = partner;
        var vote = Guid.NewGuid();
        await chair.Connection.InvokeAsync<bool>("OpenVote", room, vote, "Accord ?", new[] { "Oui", "Non" }, false, true);
        await asWorker.Connection.InvokeAsync<JsonElement>("CastBallot", room, vote, "Oui", null);
        await asWorker.DisposeAsync();

        await using var back = await RoomClient.ConnectAsync(f.App, RoomFixture.As);
        var state = await back.JoinAsync(room);
        Assert.Equal("Oui", state.GetProperty("myBallots").GetProperty(vote.ToString()).GetProperty("option").GetString());
        await back.Connection.InvokeAsync<JsonElement>("CastBallot", room, vote, "Non", null);
        var votes = (await chair.StateAsync(room)).GetProperty("votes")[0];
        Assert.Equal(1, votes.GetProperty("votedUserIds").EnumerateArray().Count(u => u.GetGuid() == back.UserId));

        Assert.True(await chair.Connection.InvokeAsync<bool>("RevealVote", room, vote));
        var results = (await chair.StateAsync(room)).GetProperty("votes")[0].GetProperty("results");
        Assert.Equal(1, results.GetProperty("counts").GetProperty("Non").GetInt32());
        Assert.Equal(0, results.GetProperty("counts").GetProperty("Oui").GetInt32());
        Assert.All(results.GetProperty("ballots").EnumerateArray(), b => Assert.Equal(JsonValueKind.Null, b.GetProperty("userId").ValueKind)); // anonymous
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_localized_message_and_changes_nothing()
    {
        var (room, chair, asWorker, ai, partner) = await LiveMeetingAsync(f);
        await using var _1 = chair; await using var _2 = asWorker; await using var _3 = ai; await using var _4 = partner;
        var v = (await chair.StateAsync(room)).GetProperty("v").GetInt64();

        var tooLong = await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("AddDecision", room, Guid.NewGuid(), new string('x', 2001)));
        Assert.Contains("trop long", tooLong.Message);
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<bool>("AddAction", room, Guid.NewGuid(), "", null, null));
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<bool>("AddAction", room, Guid.NewGuid(), "ok", Guid.NewGuid(), null)); // unknown owner
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<bool>("AddAction", room, Guid.NewGuid(), "ok", null, "31/12/2026"));
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<bool>("AddAction", room, Guid.NewGuid(), "ok", null, "1990-01-01"));
        await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("SetAttendance", room, ai.UserId, "Maybe", null));
        await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("SetAttendance", room, ai.UserId, "7", null));
        await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("GoToPhase", room, 2, 99));
        await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("AddTime", room, 999999, Guid.NewGuid()));
        await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("OpenVote", room, Guid.NewGuid(), "Q", new[] { "one" }, false, false));
        await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("OpenVote", room, Guid.NewGuid(), "Q", new[] { "a", "A" }, false, false));
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<JsonElement>("CastBallot", room, Guid.NewGuid(), "x", null));
        var observer = await RoomClient.ConnectAsync(f.App, RoomFixture.Councillor);
        await using (observer)
        {
            await observer.JoinAsync(room);
            var readOnly = await Assert.ThrowsAsync<HubException>(() => observer.Connection.InvokeAsync<bool>("RaiseHand", room));
            Assert.Contains("observateur", readOnly.Message);
        }
        Assert.Equal(v, (await chair.StateAsync(room)).GetProperty("v").GetInt64());
    }

    [Fact]
    public async Task Closing_produces_minutes_mailed_to_each_participant_in_their_language()
    {
        var (room, chair, asWorker, ai, partner) = await LiveMeetingAsync(f);
        await using var _1 = chair; await using var _2 = asWorker; await using var _3 = ai; await using var _4 = partner;
        Assert.True(await chair.Connection.InvokeAsync<bool>("AddDecision", room, Guid.NewGuid(), "Visite du projet de Charleroi en juin"));
        Assert.True(await ai.Connection.InvokeAsync<bool>("AddDecision", room, Guid.NewGuid(), "Traduire l'enquête de satisfaction")); // the rapporteur
        await Assert.ThrowsAsync<HubException>(() => partner.Connection.InvokeAsync<bool>("AddDecision", room, Guid.NewGuid(), "x"));
        Assert.True(await partner.Connection.InvokeAsync<bool>("AddAction", room, Guid.NewGuid(), "Envoyer la liste des contacts", partner.UserId,
            DateOnly.FromDateTime(f.Clock.GetUtcNow().UtcDateTime.AddDays(14)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.True(await chair.Connection.InvokeAsync<bool>("SetAttendance", room, await f.UserIdAsync(RoomFixture.Councillor), "Excused", "Congé"));
        Assert.True(await chair.Connection.InvokeAsync<bool>("Close", room));
        Assert.False(await chair.Connection.InvokeAsync<bool>("Close", room));
        await Assert.ThrowsAsync<HubException>(() => ai.Connection.InvokeAsync<bool>("RaiseHand", room));

        var nl = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Partner && m.Subject.StartsWith("Verslag:", StringComparison.Ordinal))).Single();
        Assert.Contains("Envoyer la liste des contacts", nl.Text);
        Assert.Contains("Pieter Partner", nl.Text);
        Assert.Contains("## Aanwezigheden", nl.Text);
        var fr = (await f.Smtp.WaitForAsync(m => m.To == RoomFixture.As && m.Subject.StartsWith("Procès-verbal", StringComparison.Ordinal))).Single();
        Assert.Contains("Visite du projet de Charleroi en juin", fr.Text);
        Assert.Contains("Claude Conseiller — Congé", fr.Text); // excused, with the reason
        Assert.Contains("<table>", fr.Html);
        await f.Smtp.WaitForAsync(m => m.To == RoomFixture.Chair && m.Subject.Contains("AMIF"));
        await Task.Delay(500);
        Assert.Single(f.Smtp.Messages(), m => m.To == RoomFixture.As && m.Subject.Contains("AMIF") && m.Text.Contains("Charleroi"));
    }
}
