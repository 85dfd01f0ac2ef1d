using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using CaseHub.Web.Tests.DiscoveryDays;
using CaseHub.Web.Tests.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Platform;

public sealed class MetricsFixture : RoomFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Metrics:Enabled", "true"),
        new("Metrics:AllowedNetworks:0", "10.0.0.0/8"),
        new("Metrics:GaugeCacheSeconds", "0"),
    ];
}

/// <summary>The Prometheus endpoint: CaseHub's meters after real hub calls and a real booking conflict; who may scrape.</summary>
public partial class MetricsTests(MetricsFixture f) : IClassFixture<MetricsFixture>
{
    private async Task<string> ScrapeAsync(string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(f.App.BaseAddress, "/metrics"));
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var http = new HttpClient();
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Sum of the samples of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/>; null when absent.</summary>
    private static double? Value(string scrape, string name, params string[] labels)
    {
        double? total = null;
        foreach (Match m in SampleLine().Matches(scrape))
        {
            if (m.Groups["name"].Value != name) continue;
            var l = m.Groups["labels"].Value;
            if (!labels.All(l.Contains)) continue;
            total = (total ?? 0) + double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return total;
    }

    /// <summary>Scrapes until <paramref name="ok"/> holds (the exporter caches a scrape briefly), then returns the scrape.</summary>
    private async Task<string> ScrapeUntilAsync(Func<string, bool> ok)
    {
        var scrape = "";
        for (var i = 0; i < 50; i++)
        {
            scrape = await ScrapeAsync();
            if (ok(scrape)) return scrape;
            await Task.Delay(200);
        }
        return scrape;
    }

    [Fact]
    public async Task A_hub_call_shows_as_a_live_connection_a_latency_sample_by_method_name_and_an_open_room()
    {
        var room = await f.CreateStandardMeetingAsync();
        await f.App.WithDbAsync(db => db.Rooms.Where(r => r.Id == room).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RoomStatus.Live)));
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await chair.JoinAsync(room);
        await chair.StateAsync(room);

        var scrape = await ScrapeUntilAsync(s => Value(s, "casehub_hub_method_duration_seconds_count", "method=\"GetState\"") >= 1);
        Assert.True(Value(scrape, "casehub_hub_connections") >= 1, scrape);
        Assert.True(Value(scrape, "casehub_hub_method_duration_seconds_count", "method=\"Join\"", "outcome=\"ok\"") >= 1, scrape);
        Assert.True(Value(scrape, "casehub_hub_method_duration_seconds_count", "method=\"GetState\"", "outcome=\"ok\"") >= 1, scrape);
        var seconds = Value(scrape, "casehub_hub_method_duration_seconds_sum", "method=\"Join\"");
        Assert.InRange(seconds!.Value, 0.0, 30.0);
        Assert.True(Value(scrape, "casehub_rooms_open") >= 1, scrape);
        Assert.NotNull(Value(scrape, "casehub_outbox_backlog"));
        // Only method names as labels: no room id, no user, no e-mail anywhere in the scrape.
        Assert.DoesNotContain(room.ToString(), scrape, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(chair.UserId.ToString(), scrape, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@demo.casehub.test", scrape);

        await chair.DisposeAsync();
        var before = Value(scrape, "casehub_hub_connections")!.Value;
        var after = await ScrapeUntilAsync(s => Value(s, "casehub_hub_connections") < before);
        Assert.True(Value(after, "casehub_hub_connections") < before, after);
    }

    [Fact]
    public async Task A_seat_lost_to_a_concurrent_booking_is_counted_as_a_booking_conflict()
    {
        var day = await DiscoveryWeb.PublishAsync(f.App, 1, "Journée découverte (métriques)");
        using var first = f.App.NewClient();
        using var second = f.App.NewClient();
        // Both see the last seat free; the first one takes it; the second one is wait-listed instead.
        var firstForm = await DiscoveryWeb.OpenFormAsync(first, day.Id);
        var secondForm = await DiscoveryWeb.OpenFormAsync(second, day.Id);
        Assert.False(secondForm.SaysFull);
        var before = Value(await ScrapeAsync(), "casehub_bookings_conflicts_total") ?? 0;

        using (var r = await DiscoveryWeb.PostFormAsync(first, day.Id, firstForm, "first@partner-metrics.test", "Première Personne"))
            Assert.Equal("confirmed", DiscoveryWeb.Outcome(await DiscoveryWeb.Html(r)));
        var afterConfirmed = Value(await ScrapeUntilAsync(_ => true), "casehub_bookings_conflicts_total") ?? 0;
        using (var r = await DiscoveryWeb.PostFormAsync(second, day.Id, secondForm, "second@partner-metrics.test", "Seconde Personne"))
            Assert.Equal("waitlisted", DiscoveryWeb.Outcome(await DiscoveryWeb.Html(r)));

        var scrape = await ScrapeUntilAsync(s => Value(s, "casehub_bookings_conflicts_total") >= afterConfirmed + 1);
        Assert.True(Value(scrape, "casehub_bookings_conflicts_total") >= before + 1, scrape);
    }

    [Fact]
    public async Task Only_loopback_and_the_allowed_networks_may_scrape_as_seen_through_the_reverse_proxy()
    {
        Assert.Contains("casehub_", await ScrapeAsync());
        Assert.Contains("casehub_", await ScrapeAsync(forwardedFor: "10.20.30.40"));

        using var outsider = new HttpRequestMessage(HttpMethod.Get, new Uri(f.App.BaseAddress, "/metrics"));
        outsider.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var http = new HttpClient();
        using var refused = await http.SendAsync(outsider);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("casehub_", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_are_off_by_default()
    {
        await using var app = new CaseHubFactory();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("casehub_", await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>[-+0-9.eE]+|NaN)(?: \d+)?$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
