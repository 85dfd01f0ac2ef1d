using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CaseHub.Core.DiscoveryDays;
using CaseHub.TestSupport;

namespace CaseHub.Web.Tests.DiscoveryDays;

/// <summary>
/// The overbooking test: 200 people post the booking form at the same moment for 10 seats, each from their own
/// browser-like client with its own antiforgery token, through real HTTP to the running server and a real database
/// file (PostgreSQL with CASEHUB_TEST_DB=Postgres). Then people cancel at the same moment, some clicking twice.
/// </summary>
public class ConcurrencyWebTests : IAsyncLifetime
{
    private const int People = 200;
    private const int Seats = 10;
    private CaseHubFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new CaseHubFactory(settings: new Dictionary<string, string?>
        {
            ["DiscoveryDays:JobIntervalSeconds"] = "3600",
            ["Mail:PollIntervalSeconds"] = "30", // mails stay in the outbox, where the test reads them
        });
        _ = _app.BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Two_hundred_simultaneous_bookings_fill_exactly_ten_seats_and_queue_the_rest_in_order()
    {
        var day = await DiscoveryWeb.PublishAsync(_app, Seats, "Journée découverte (charge)");
        var clients = Enumerable.Range(0, People).Select(_ => _app.NewClient()).ToList();
        try
        {
            // Everyone opens the form first (all see free seats), then everyone sends at once.
            var forms = await Task.WhenAll(clients.Select(c => DiscoveryWeb.OpenFormAsync(c, day.Id)));
            Assert.All(forms, f => Assert.False(f.SaysFull));
            using var start = new SemaphoreSlim(0);
            var posts = clients.Select((c, i) => Task.Run(async () =>
            {
                await start.WaitAsync();
                using var response = await DiscoveryWeb.PostFormAsync(c, day.Id, forms[i], $"person{i:D3}@partner-load.test", $"Person {i:D3}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var html = await DiscoveryWeb.Html(response);
                var position = Regex.Match(html, @"en position (\d+)\.");
                return (Outcome: DiscoveryWeb.Outcome(html), Position: position.Success ? int.Parse(position.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
            })).ToList();
            start.Release(People);
            var results = await Task.WhenAll(posts);

            Assert.Equal(Seats, results.Count(r => r.Outcome == "confirmed"));
            Assert.Equal(People - Seats, results.Count(r => r.Outcome == "waitlisted"));
            // Each person was told a distinct position: 1, 2, … 190.
            Assert.Equal(Enumerable.Range(1, People - Seats), results.Where(r => r.Outcome == "waitlisted").Select(r => r.Position).Order());

            var bookings = await DiscoveryWeb.BookingsAsync(_app, day.Id);
            Assert.Equal(People, bookings.Count);
            Assert.Equal(Seats, bookings.Count(b => b.Status == BookingStatus.Confirmed));
            Assert.Equal(Enumerable.Range(1, People - Seats), bookings.Where(b => b.Status == BookingStatus.Waitlisted).Select(b => b.WaitlistNumber!.Value).Order());
            await DiscoveryWeb.AssertInvariantsAsync(_app, day.Id);

            // Now 4 confirmed people and 3 waiting people cancel at the same moment, each clicking twice.
            var confirmed = bookings.Where(b => b.Status == BookingStatus.Confirmed).Take(4).ToList();
            var leaving = bookings.Where(b => b.WaitlistNumber is 1 or 3 or 6).ToList();
            var cancelling = confirmed.Concat(leaving).ToList();
            var cancels = new List<Task<HttpStatusCode>>();
            var pages = new List<(FormClient Client, string Token, string Antiforgery)>();
            foreach (var b in cancelling)
            {
                var token = await DiscoveryWeb.ManageTokenAsync(_app, b.Email);
                var client = _app.NewClient();
                clients.Add(client);
                var html = await client.GetStringAsync($"/discovery-days/manage/{token}");
                pages.Add((client, token, FormClient.AntiforgeryToken(html)!));
            }
            using var go = new SemaphoreSlim(0);
            foreach (var (client, token, antiforgery) in pages.Concat(pages))
                cancels.Add(Task.Run(async () =>
                {
                    await go.WaitAsync();
                    using var r = await client.PostAsync($"/discovery-days/manage/{token}?handler=Cancel", [], antiforgery);
                    return r.StatusCode;
                }));
            go.Release(cancels.Count);
            Assert.All(await Task.WhenAll(cancels), s => Assert.Equal(HttpStatusCode.Redirect, s));

            var after = await DiscoveryWeb.BookingsAsync(_app, day.Id);
            await DiscoveryWeb.AssertInvariantsAsync(_app, day.Id);
            Assert.Equal(Seats, after.Count(b => b.Status == BookingStatus.Confirmed));
            Assert.Equal(cancelling.Count, after.Count(b => b.Status == BookingStatus.Cancelled));
            // The four freed seats went to the first four people still waiting, in order: numbers 2, 4, 5, 7.
            Assert.Equal([2, 4, 5, 7], after.Where(b => b.Status == BookingStatus.Confirmed && b.WaitlistNumber != null).Select(b => b.WaitlistNumber!.Value).Order());
            foreach (var promoted in after.Where(b => b.Status == BookingStatus.Confirmed && b.WaitlistNumber != null))
            {
                var mails = await DiscoveryWeb.MailsAsync(_app, promoted.Email);
                Assert.Equal(["DiscoveryWaitlisted", "DiscoveryConfirmed"], mails.Select(m => m.Kind));
            }
            // The people still waiting now read positions 1, 2, 3… in their original order.
            var stillWaiting = after.Where(b => b.Status == BookingStatus.Waitlisted).OrderBy(b => b.WaitlistNumber).ToList();
            Assert.Equal(People - Seats - 3 - 4, stillWaiting.Count);
            using var check = _app.NewClient();
            var first = await check.GetStringAsync($"/discovery-days/manage/{await DiscoveryWeb.ManageTokenAsync(_app, stillWaiting[0].Email)}");
            Assert.Contains("position 1.", WebUtility.HtmlDecode(first));
            var tenth = await check.GetStringAsync($"/discovery-days/manage/{await DiscoveryWeb.ManageTokenAsync(_app, stillWaiting[9].Email)}");
            Assert.Contains("position 10.", WebUtility.HtmlDecode(tenth));
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }
}
