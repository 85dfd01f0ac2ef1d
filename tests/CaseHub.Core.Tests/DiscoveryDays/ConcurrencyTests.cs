using CaseHub.Core.DiscoveryDays;

namespace CaseHub.Core.Tests.DiscoveryDays;

/// <summary>
/// Many requests at once, each in its own scope and DbContext (its own connection), against one SQLite file. The web
/// test does the same through real HTTP with 200 clients; this one is fast and checks the same invariants.
/// </summary>
public class ConcurrencyTests
{
    [Fact]
    public async Task Simultaneous_bookings_never_exceed_the_capacity_and_get_consecutive_waiting_numbers()
    {
        await using var bed = await DiscoverySetup.CreateAsync(new Dictionary<string, string?> { ["DiscoveryDays:MaxBookingsPerEmailPerHour"] = "1000" });
        var day = await bed.CreateDayAsync(capacity: 5);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => bed.BookAsync(day.Id, $"p{i}@partner.test"))));

        Assert.Equal(5, outcomes.Count(o => o.Status == BookingStatus.Confirmed));
        Assert.Equal(Enumerable.Range(1, 55), outcomes.Where(o => o.Status == BookingStatus.Waitlisted).Select(o => o.Position).Order());
        var bookings = await bed.BookingsAsync(day.Id);
        Assert.Equal(Enumerable.Range(1, 55), bookings.Where(b => b.WaitlistNumber != null).Select(b => b.WaitlistNumber!.Value).Order());
        await bed.AssertInvariantsAsync(day.Id);

        // Concurrent cancellations (seats and waiting places, some clicked twice) keep every invariant, and the
        // freed seats go to the lowest waiting numbers.
        var confirmed = bookings.Where(b => b.Status == BookingStatus.Confirmed).Take(3).Select(b => b.Email).ToList();
        var waiting = bookings.Where(b => b.WaitlistNumber is 1 or 4 or 9).Select(b => b.Email).ToList();
        var tokens = new List<string>();
        foreach (var email in confirmed.Concat(waiting)) tokens.Add(await bed.ManageTokenAsync(email));
        await Task.WhenAll(tokens.Concat(tokens).Select(t => Task.Run(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.CancelAsync(t)))));

        var after = await bed.BookingsAsync(day.Id);
        await bed.AssertInvariantsAsync(day.Id);
        Assert.Equal(5, after.Count(b => b.Status == BookingStatus.Confirmed));
        var promoted = after.Where(b => b.Status == BookingStatus.Confirmed && b.WaitlistNumber != null).Select(b => b.WaitlistNumber!.Value).Order().ToList();
        Assert.Equal([2, 3, 5], promoted);
        Assert.Equal(6, after.Count(b => b.Status == BookingStatus.Cancelled));
    }
}
