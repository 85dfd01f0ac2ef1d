using System.Net;
using CaseHub.Core.Calendar;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseHub.ScaleOut.Tests.ClusterRooms;

namespace CaseHub.ScaleOut.Tests;

/// <summary>
/// Two nodes, one room: people connected to different nodes work together as if on one server. The tests run one
/// after the other (one collection) and each leaves the cluster whole: a killed node or Redis is brought back.
/// </summary>
[Collection("cluster")]
public class TwoNodeTests(Cluster c)
{
    [Fact]
    public async Task Participants_on_different_nodes_see_each_others_presence_room_events_and_notes()
    {
        var room = await c.CreateMeetingAsync("Réunion de réseau (deux nœuds)");
        var partnerId = await c.UserIdAsync(Partner);
        await using var chair = await RoomClient.ConnectAsync(c.A.BaseAddress, Chair);
        await using var partner = await RoomClient.ConnectAsync(c.B.BaseAddress, Partner);
        await chair.JoinAsync(room);
        await partner.JoinAsync(room);
        await chair.WaitForAsync("Presence", p => RoomClient.Online(p, partnerId) == "True");

        Assert.True(await chair.Connection.InvokeAsync<bool>("Start", room));
        Assert.True(await chair.Connection.InvokeAsync<bool>("AddDecision", room, Guid.NewGuid(), "Visite du projet en juin"));
        await partner.WaitForAsync("Patch", p => p.Mentions("Visite du projet en juin"));

        Assert.True(await partner.Connection.InvokeAsync<bool>("RaiseHand", room));
        await chair.WaitForAsync("Patch", p => p.Mentions(partnerId.ToString()) && p.Mentions("queue"));

        // Live notes: one editor on each node; each sees the other's text arrive live (no reconnect, no refetch).
        // Cursors and names (Yjs awareness) are not asserted across nodes: in loaded runs one direction sometimes never
        // arrived, even re-announced every 2 s for 30 s, while the text did — an open issue (see the session note).
        var key = Room.NotesKeyFor(room);
        var onA = NotesClient.RunAsync(c.A.BaseAddress, Chair, key,
        [
            new { op = "waitSynced" }, new { op = "insert", text = "Écrit sur le nœud A. " }, new { op = "flush" },
            new { op = "waitFor", contains = "Écrit sur le nœud B." },
        ]);
        var onB = NotesClient.RunAsync(c.B.BaseAddress, Partner, key,
        [
            new { op = "waitSynced" }, new { op = "insert", text = "Écrit sur le nœud B. " }, new { op = "flush" },
            new { op = "waitFor", contains = "Écrit sur le nœud A." },
        ]);
        var done = await Task.WhenAll(onA, onB);
        Assert.Equal((string?)done[0]["text"], (string?)done[1]["text"]);

        await partner.Connection.StopAsync();
        await chair.WaitForAsync("Presence", p => RoomClient.Online(p, partnerId) == "False");
    }

    [Fact]
    public async Task A_booking_storm_split_across_both_nodes_never_overbooks_and_every_mail_leaves_once()
    {
        const int people = 60, seats = 8;
        var day = await c.WithScopeAsync(async sp =>
        {
            var date = CalendarTime.LocalDate(DateTimeOffset.UtcNow).AddDays(20);
            return await sp.GetRequiredService<DiscoveryDayService>().CreateAsync(DiscoverySample.Input(date, seats, "Journée découverte (deux nœuds)"), null);
        });
        // Half the people reach node A, half node B, all at the same moment.
        var clients = Enumerable.Range(0, people).Select(i => FormClient.For(i % 2 == 0 ? c.A.BaseAddress : c.B.BaseAddress)).ToList();
        try
        {
            var forms = await Task.WhenAll(clients.Select(client => BookingForm.OpenAsync(client, day.Id)));
            using var start = new SemaphoreSlim(0);
            var posts = clients.Select((client, i) => Task.Run(async () =>
            {
                await start.WaitAsync();
                using var response = await forms[i].PostAsync(client, day.Id, $"storm{i:D2}@partner-load.test", $"Personne {i:D2}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return BookingForm.Outcome(await BookingForm.ReadHtmlAsync(response));
            })).ToList();
            start.Release(people);
            var outcomes = await Task.WhenAll(posts);

            Assert.Equal(seats, outcomes.Count(o => o == "confirmed"));
            Assert.Equal(people - seats, outcomes.Count(o => o == "waitlisted"));
            var stored = await c.WithDbAsync(async db => (
                Day: await db.DiscoveryDays.AsNoTracking().SingleAsync(d => d.Id == day.Id),
                Bookings: await db.DiscoveryBookings.AsNoTracking().Where(b => b.DayId == day.Id).ToListAsync()));
            Assert.Equal(seats, stored.Day.SeatsTaken);
            Assert.Equal(seats, stored.Bookings.Count(b => b.Status == BookingStatus.Confirmed));

            // Both nodes run the outbox: each person gets exactly one mail, never two.
            var mails = await c.Smtp.WaitForAsync(m => m.To.EndsWith("@partner-load.test", StringComparison.Ordinal), people, TimeSpan.FromSeconds(90));
            await Task.Delay(2000); // a duplicate would arrive now
            var all = c.Smtp.Messages().Where(m => m.To.EndsWith("@partner-load.test", StringComparison.Ordinal)).ToList();
            Assert.Equal(people, all.Count);
            Assert.Equal(people, all.Select(m => m.To).Distinct().Count());
            Assert.Equal(people, all.Select(m => m.Message.MessageId).Distinct().Count());
            var sent = await c.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress.EndsWith("@partner-load.test")).ToListAsync());
            Assert.Equal(people, sent.Count);
            Assert.All(sent, m => Assert.NotNull(m.SentAt));
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    [Fact]
    public async Task When_a_node_dies_mid_meeting_its_clients_reconnect_through_nginx_and_continue_with_full_state()
    {
        var room = await c.CreateMeetingAsync("Réunion de réseau (panne)");
        TimeSpan[] retry = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)];
        await using var chair = await RoomClient.ConnectAsync(c.Nginx.BaseAddress, Chair, reconnectDelays: retry);
        var reconnected = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        chair.Connection.Reconnected += id => { reconnected.TrySetResult(id); return Task.CompletedTask; };
        await chair.JoinAsync(room);
        Assert.True(await chair.Connection.InvokeAsync<bool>("Start", room));
        Assert.True(await chair.Connection.InvokeAsync<bool>("AddDecision", room, Guid.NewGuid(), "Décision prise avant la panne"));

        // Which node nginx sends this browser to (same cookies), and a partner on the other node.
        var (_, chairNode, _) = await Cluster.HealthAsync(chair.Web.Http, c.Nginx.BaseAddress);
        var doomed = chairNode.StartsWith(c.A.Name, StringComparison.Ordinal) ? c.A : c.B;
        var survivor = doomed == c.A ? c.B : c.A;
        await using var partner = await RoomClient.ConnectAsync(survivor.BaseAddress, Partner);
        await partner.JoinAsync(room);

        await doomed.KillAsync();
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var (_, nodeNow, _) = await Cluster.HealthAsync(chair.Web.Http, c.Nginx.BaseAddress);
        Assert.StartsWith(survivor.Name, nodeNow);

        // The browser re-joins after a reconnect: full state comes from the database, not from the dead node's memory.
        var state = await chair.JoinAsync(room);
        Assert.Contains("Décision prise avant la panne", state.GetRawText());
        Assert.Equal("Live", state.GetProperty("room").GetProperty("status").GetString());
        Assert.True(await chair.Connection.InvokeAsync<bool>("AddDecision", room, Guid.NewGuid(), "Décision prise après la panne"));
        await partner.WaitForAsync("Patch", p => p.Mentions("Décision prise après la panne"));

        await c.RestartAsync(doomed);
    }

    [Fact]
    public async Task Without_Redis_each_node_keeps_serving_its_own_clients_reports_it_and_recovers()
    {
        var room = await c.CreateMeetingAsync("Réunion de réseau (Redis absent)");
        await using var chair = await RoomClient.ConnectAsync(c.A.BaseAddress, Chair);
        await using var sameNode = await RoomClient.ConnectAsync(c.A.BaseAddress, As);
        await using var otherNode = await RoomClient.ConnectAsync(c.B.BaseAddress, Partner);
        foreach (var client in new[] { chair, sameNode, otherNode }) await client.JoinAsync(room);
        Assert.True(await chair.Connection.InvokeAsync<bool>("Start", room));
        using var http = new HttpClient();

        await c.Redis.KillAsync();
        await Cluster.WaitUntilAsync(async () => (await Cluster.HealthAsync(http, c.A.BaseAddress)).Status == "Degraded", "node A reports Redis lost");
        var (_, _, checks) = await Cluster.HealthAsync(http, c.A.BaseAddress);
        Assert.Equal("Degraded", checks.GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());

        Assert.True(await chair.Connection.InvokeAsync<bool>("AddDecision", room, Guid.NewGuid(), "Décidé pendant la panne de Redis"));
        await sameNode.WaitForAsync("Patch", p => p.Mentions("Décidé pendant la panne de Redis"));

        await c.Redis.StartAsync();
        foreach (var node in new[] { c.A, c.B })
            await Cluster.WaitUntilAsync(async () => (await Cluster.HealthAsync(http, node.BaseAddress)).Status == "Healthy", $"{node.Name} reports Redis back");
        // The other node's client missed the patch; its next state shows it, and live events cross nodes again.
        Assert.Contains("Décidé pendant la panne de Redis", (await otherNode.StateAsync(room)).GetRawText());
        await Cluster.WaitUntilAsync(async () =>
        {
            var text = $"Décidé après le retour de Redis {Guid.NewGuid():N}";
            await chair.Connection.InvokeAsync<bool>("AddDecision", room, Guid.NewGuid(), text);
            await Task.Delay(500);
            return otherNode.Patches.Any(p => p.Mentions(text));
        }, "events cross nodes again", 30);
    }
}
