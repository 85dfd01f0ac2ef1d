using CaseHub.Core.Common;
using CaseHub.Core.DiscoveryDays;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.DiscoveryDays;

/// <summary>Capacity, waiting list, promotions and offers, one request after the other (concurrency has its own tests).</summary>
public class SeatTests
{
    [Fact]
    public async Task Bookings_beyond_the_capacity_go_to_the_waiting_list_in_order()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 2);

        var outcomes = new List<BookingOutcome>();
        foreach (var who in new[] { "a", "b", "c", "d", "e" }) outcomes.Add(await bed.BookAsync(day.Id, $"{who}@partner.test"));

        Assert.Equal([BookingStatus.Confirmed, BookingStatus.Confirmed, BookingStatus.Waitlisted, BookingStatus.Waitlisted, BookingStatus.Waitlisted],
            outcomes.Select(o => o.Status!.Value));
        Assert.Equal([0, 0, 1, 2, 3], outcomes.Select(o => o.Position));
        var bookings = await bed.BookingsAsync(day.Id);
        Assert.Equal([null, null, 1, 2, 3], bookings.Select(b => b.WaitlistNumber));
        await bed.AssertInvariantsAsync(day.Id);

        var confirmation = (await bed.MailsToAsync("a@partner.test")).Single();
        Assert.Equal("DiscoveryConfirmed", confirmation.Kind);
        Assert.Equal("REQUEST", confirmation.Method);
        Assert.Contains("/discovery-days/manage/", confirmation.Text);
        Assert.Contains("09:00 Accueil", confirmation.Text);
        var waiting = (await bed.MailsToAsync("d@partner.test")).Single();
        Assert.Equal("DiscoveryWaitlisted", waiting.Kind);
        Assert.Null(waiting.CalendarPart);
        Assert.Contains("position 2", waiting.Subject);
    }

    [Fact]
    public async Task A_cancelled_seat_goes_at_once_to_the_first_person_waiting_with_mail_and_invitation()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test", "nl");
        await bed.BookAsync(day.Id, "c@partner.test");

        var tokenA = await bed.ManageTokenAsync("a@partner.test");
        await bed.InScopeAsync<DiscoveryBookingService>(s => s.CancelAsync(tokenA));
        await bed.InScopeAsync<DiscoveryBookingService>(s => s.CancelAsync(tokenA)); // a second click changes nothing

        var bookings = await bed.BookingsAsync(day.Id);
        Assert.Equal([BookingStatus.Cancelled, BookingStatus.Confirmed, BookingStatus.Waitlisted], bookings.Select(b => b.Status));
        Assert.Equal(CancelledBy.Registrant, bookings[0].CancelledBy);
        await bed.AssertInvariantsAsync(day.Id);

        var cancelMail = (await bed.MailsToAsync("a@partner.test", "DiscoveryBookingEnded")).Single();
        Assert.Equal("CANCEL", cancelMail.Method);
        var promoted = (await bed.MailsToAsync("b@partner.test", "DiscoveryConfirmed")).Single();
        Assert.Equal("REQUEST", promoted.Method);
        Assert.Contains("Goed nieuws", promoted.Text);
        var c = (await bed.ManageViewAsync("c@partner.test"));
        Assert.Equal(1, c.Position);
    }

    [Fact]
    public async Task A_person_who_comes_back_after_cancelling_gets_a_higher_sequence_than_their_cancellation()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 3);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.InScopeAsync<DiscoveryBookingService>(async s => await s.CancelAsync(await bed.ManageTokenAsync("a@partner.test")));
        var again = await bed.BookAsync(day.Id, "a@partner.test");
        Assert.Equal(BookingStatus.Confirmed, again.Status);

        var mails = await bed.MailsToAsync("a@partner.test");
        Assert.Equal(["REQUEST", "CANCEL", "REQUEST"], mails.Select(m => m.Method));
        Assert.True(mails[1].Sequence > mails[0].Sequence);
        Assert.True(mails[2].Sequence > mails[1].Sequence);
        await bed.AssertInvariantsAsync(day.Id);
    }

    [Fact]
    public async Task Time_limited_offers_pass_on_when_not_accepted_and_an_accepted_offer_confirms_the_seat()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1, mode: WaitlistMode.TimedOffer, offerHours: 24, daysAhead: 20);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test");
        await bed.BookAsync(day.Id, "c@partner.test");

        await bed.InScopeAsync<DiscoveryBookingService>(async s => await s.CancelAsync(await bed.ManageTokenAsync("a@partner.test")));
        var b = (await bed.BookingsAsync(day.Id))[1];
        Assert.Equal(BookingStatus.Offered, b.Status);
        Assert.Equal(bed.Clock.GetUtcNow().AddHours(24), b.OfferExpiresAt);
        Assert.Equal("DiscoveryOffer", (await bed.MailsToAsync("b@partner.test")).Last().Kind);
        await bed.AssertInvariantsAsync(day.Id);

        // Nothing lapses before its time.
        bed.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await bed.InScopeAsync<DiscoveryDayJobs, int>(j => j.ExpireOffersAsync()));
        bed.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await bed.InScopeAsync<DiscoveryDayJobs, int>(j => j.ExpireOffersAsync()));
        Assert.Equal(0, await bed.InScopeAsync<DiscoveryDayJobs, int>(j => j.ExpireOffersAsync())); // idempotent

        var bookings = await bed.BookingsAsync(day.Id);
        Assert.Equal(BookingStatus.OfferLapsed, bookings[1].Status);
        Assert.Equal(BookingStatus.Offered, bookings[2].Status);
        Assert.Equal("DiscoveryOfferLapsed", (await bed.MailsToAsync("b@partner.test")).Last().Kind);
        var lapsedToken = await bed.ManageTokenAsync("b@partner.test");
        var late = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.AcceptOfferAsync(lapsedToken)));
        Assert.Equal("Discovery.Error.OfferExpired", late.TextKey);

        var tokenC = await bed.ManageTokenAsync("c@partner.test");
        await bed.InScopeAsync<DiscoveryBookingService>(s => s.AcceptOfferAsync(tokenC));
        await bed.InScopeAsync<DiscoveryBookingService>(s => s.AcceptOfferAsync(tokenC)); // double click
        Assert.Equal(BookingStatus.Confirmed, (await bed.BookingsAsync(day.Id))[2].Status);
        var confirmed = (await bed.MailsToAsync("c@partner.test", "DiscoveryConfirmed")).Single();
        Assert.Equal("REQUEST", confirmed.Method);
        await bed.AssertInvariantsAsync(day.Id);
    }

    [Fact]
    public async Task An_offer_nobody_takes_frees_the_seat_for_new_bookings()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1, mode: WaitlistMode.TimedOffer, offerHours: 12);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test");
        await bed.InScopeAsync<DiscoveryBookingService>(async s => await s.CancelAsync(await bed.ManageTokenAsync("a@partner.test")));
        Assert.Equal(BookingStatus.Offered, (await bed.BookingsAsync(day.Id))[1].Status);

        await bed.InScopeAsync<DiscoveryBookingService>(async s => await s.DeclineOfferAsync(await bed.ManageTokenAsync("b@partner.test")));
        var after = await bed.DayAsync(day.Id);
        Assert.Equal(0, after.SeatsTaken);
        Assert.Equal(BookingStatus.Confirmed, (await bed.BookAsync(day.Id, "c@partner.test")).Status);
        await bed.AssertInvariantsAsync(day.Id);
    }

    [Fact]
    public async Task Close_to_the_day_a_freed_seat_is_given_at_once_even_in_offer_mode()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1, mode: WaitlistMode.TimedOffer, offerHours: 24, daysAhead: 1);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test");
        bed.Clock.SetUtcNow(day.Start.AddHours(-2));
        await bed.InScopeAsync<DiscoveryBookingService>(async s => await s.CancelAsync(await bed.ManageTokenAsync("a@partner.test")));
        Assert.Equal(BookingStatus.Confirmed, (await bed.BookingsAsync(day.Id))[1].Status);
        await bed.AssertInvariantsAsync(day.Id);
    }

    [Fact]
    public async Task The_capacity_cannot_go_below_the_seats_taken_and_more_seats_go_to_the_waiting_list()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 2);
        foreach (var who in new[] { "a", "b", "c", "d" }) await bed.BookAsync(day.Id, $"{who}@partner.test");
        var date = CaseHub.Core.Calendar.CalendarTime.LocalDate(day.Start);

        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryDayService>(s => s.UpdateAsync(day.Id, DiscoverySetup.Input(date, capacity: 1))));
        Assert.Equal("Discovery.Error.CapacityBelowTaken", ex.TextKey);
        Assert.Equal("Capacity", ex.Field);
        Assert.Equal(2, (await bed.DayAsync(day.Id)).Capacity);

        await bed.InScopeAsync<DiscoveryDayService>(s => s.UpdateAsync(day.Id, DiscoverySetup.Input(date, capacity: 3)));
        Assert.Equal([BookingStatus.Confirmed, BookingStatus.Confirmed, BookingStatus.Confirmed, BookingStatus.Waitlisted],
            (await bed.BookingsAsync(day.Id)).Select(b => b.Status));
        Assert.Equal(1, (await bed.ManageViewAsync("d@partner.test")).Position);
        await bed.AssertInvariantsAsync(day.Id);
    }

    [Fact]
    public async Task Still_coming_no_releases_the_seat_to_the_waiting_list_and_yes_keeps_it()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 2);
        foreach (var who in new[] { "a", "b", "c" }) await bed.BookAsync(day.Id, $"{who}@partner.test");

        await bed.InScopeAsync<DiscoveryBookingService>(async s => await s.StillComingAsync(await bed.ManageTokenAsync("a@partner.test"), keep: true));
        await bed.InScopeAsync<DiscoveryBookingService>(async s => await s.StillComingAsync(await bed.ManageTokenAsync("b@partner.test"), keep: false));

        var bookings = await bed.BookingsAsync(day.Id);
        Assert.True(bookings[0].StillComing);
        Assert.Equal(BookingStatus.Confirmed, bookings[0].Status);
        Assert.False(bookings[1].StillComing);
        Assert.Equal(BookingStatus.Cancelled, bookings[1].Status);
        Assert.Equal(CancelledBy.StillComing, bookings[1].CancelledBy);
        Assert.Equal(BookingStatus.Confirmed, bookings[2].Status);
        await bed.AssertInvariantsAsync(day.Id);
    }
}

internal static class SeatTestExtensions
{
    public static async Task<ManageView> ManageViewAsync(this CoreTestHost bed, string email)
    {
        var token = await bed.ManageTokenAsync(email);
        return await bed.InScopeAsync<DiscoveryBookingService, ManageView>(s => s.ManageAsync(token));
    }
}
