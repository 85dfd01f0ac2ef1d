using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.DiscoveryDays;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.DiscoveryDays;

/// <summary>Bad input is refused with a text key and leaves nothing behind; duplicates give one booking.</summary>
public class BookingRuleTests
{
    private static async Task<DomainException> RefusedAsync(CoreTestHost bed, Guid dayId, BookingRequest request)
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.BookAsync(dayId, request)));
        Assert.Empty(await bed.BookingsAsync(dayId));
        Assert.Equal(0, (await bed.DayAsync(dayId)).SeatsTaken);
        Assert.Empty(await bed.MailsAsync());
        return ex;
    }

    [Theory]
    [InlineData("not-an-address", "Error.InvalidEmail", "Email")]
    [InlineData("two@a.test, three@b.test", "Error.InvalidEmail", "Email")]
    [InlineData("", "Error.InvalidEmail", "Email")]
    public async Task A_malformed_address_is_refused(string email, string key, string field)
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync();
        var ex = await RefusedAsync(bed, day.Id, DiscoverySetup.Request("x@partner.test") with { Email = email });
        Assert.Equal(key, ex.TextKey);
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public async Task Missing_consent_missing_name_and_an_unknown_language_are_refused()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync();
        Assert.Equal("Discovery.Error.ConsentRequired", (await RefusedAsync(bed, day.Id, DiscoverySetup.Request("x@partner.test") with { Consent = false })).TextKey);
        Assert.Equal("Name", (await RefusedAsync(bed, day.Id, DiscoverySetup.Request("x@partner.test") with { Name = "  " })).Field);
        Assert.Equal("Organisation", (await RefusedAsync(bed, day.Id, DiscoverySetup.Request("x@partner.test") with { Organisation = null })).Field);
        Assert.Equal("Error.InvalidLanguage", (await RefusedAsync(bed, day.Id, DiscoverySetup.Request("x@partner.test") with { Language = "de" })).TextKey);
        Assert.Equal("Error.TooLong", (await RefusedAsync(bed, day.Id, DiscoverySetup.Request("x@partner.test") with { Needs = new string('x', 501) })).TextKey);
    }

    [Fact]
    public async Task A_closed_day_a_passed_deadline_a_past_day_and_a_cancelled_day_take_no_booking()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var closed = await bed.CreateDayAsync();
        await bed.InScopeAsync<DiscoveryDayService>(s => s.SetRegistrationsOpenAsync(closed.Id, false));
        Assert.Equal("Discovery.Error.Closed", (await RefusedAsync(bed, closed.Id, DiscoverySetup.Request("x@partner.test"))).TextKey);

        var cancelled = await bed.CreateDayAsync();
        await bed.InScopeAsync<DiscoveryDayService>(s => s.CancelAsync(cancelled.Id, "Grève"));
        var before = (await bed.MailsAsync()).Count;
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.BookAsync(cancelled.Id, DiscoverySetup.Request("x@partner.test"))));
        Assert.Equal("Discovery.Error.DayCancelled", ex.TextKey);
        Assert.Equal(before, (await bed.MailsAsync()).Count);

        var soon = await bed.CreateDayAsync(daysAhead: 3);
        bed.Clock.SetUtcNow(soon.RegistrationDeadline);
        ex = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.BookAsync(soon.Id, DiscoverySetup.Request("x@partner.test"))));
        Assert.Equal("Discovery.Error.DeadlinePassed", ex.TextKey);
        bed.Clock.SetUtcNow(soon.Start.AddMinutes(1));
        ex = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.BookAsync(soon.Id, DiscoverySetup.Request("x@partner.test"))));
        Assert.Equal("Discovery.Error.Past", ex.TextKey);
        Assert.Empty(await bed.BookingsAsync(soon.Id));

        await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.BookAsync(Guid.NewGuid(), DiscoverySetup.Request("x@partner.test"))));
    }

    [Fact]
    public async Task The_same_form_posted_twice_makes_one_booking()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1);
        var request = DiscoverySetup.Request("x@partner.test");
        var first = await bed.InScopeAsync<DiscoveryBookingService, BookingOutcome>(s => s.BookAsync(day.Id, request));
        var second = await bed.InScopeAsync<DiscoveryBookingService, BookingOutcome>(s => s.BookAsync(day.Id, request));
        var third = await bed.InScopeAsync<DiscoveryBookingService, BookingOutcome>(s => s.BookAsync(day.Id, request));
        Assert.Equal(BookingOutcomeKind.Booked, first.Kind);
        Assert.Equal(BookingOutcomeKind.Repeated, second.Kind);
        Assert.Equal(BookingStatus.Confirmed, third.Status);
        Assert.Single(await bed.BookingsAsync(day.Id));
        Assert.Single(await bed.MailsAsync());
        await bed.AssertInvariantsAsync(day.Id);
    }

    [Fact]
    public async Task One_address_cannot_hold_two_places_on_a_day_and_gets_its_link_again()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1);
        await bed.BookAsync(day.Id, "x@partner.test");
        var again = await bed.InScopeAsync<DiscoveryBookingService, BookingOutcome>(s => s.BookAsync(day.Id, DiscoverySetup.Request(" X@Partner.test ")));
        Assert.Equal(BookingOutcomeKind.AlreadyBooked, again.Kind);
        Assert.Equal(BookingStatus.Confirmed, again.Status);
        Assert.Single(await bed.BookingsAsync(day.Id));

        var mails = await bed.MailsToAsync("x@partner.test");
        Assert.Equal(["DiscoveryConfirmed", "DiscoveryLinkAgain"], mails.Select(m => m.Kind));
        var newToken = mails[1].Token("/discovery-days/manage/")!;
        var oldToken = mails[0].Token("/discovery-days/manage/")!;
        Assert.NotEqual(oldToken, newToken);
        foreach (var token in new[] { oldToken, newToken }) // both links work
            Assert.Equal(BookingStatus.Confirmed, (await bed.InScopeAsync<DiscoveryBookingService, ManageView>(s => s.ManageAsync(token))).Booking.Status);

        // Trying again within the hour does not flood the mailbox.
        await bed.InScopeAsync<DiscoveryBookingService, BookingOutcome>(s => s.BookAsync(day.Id, DiscoverySetup.Request("x@partner.test")));
        Assert.Equal(2, (await bed.MailsToAsync("x@partner.test")).Count);
    }

    [Fact]
    public async Task The_honeypot_makes_the_booking_vanish_silently()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync();
        var outcome = await bed.InScopeAsync<DiscoveryBookingService, BookingOutcome>(s => s.BookAsync(day.Id, DiscoverySetup.Request("bot@spam.test") with { Website = "http://spam.test" }));
        Assert.Equal(BookingOutcomeKind.Ignored, outcome.Kind);
        Assert.Empty(await bed.BookingsAsync(day.Id));
        Assert.Empty(await bed.MailsAsync());
    }

    [Fact]
    public async Task One_address_may_book_only_a_few_times_per_hour_across_days()
    {
        await using var bed = await DiscoverySetup.CreateAsync(new Dictionary<string, string?> { ["DiscoveryDays:MaxBookingsPerEmailPerHour"] = "3" });
        var days = new List<DiscoveryDay>();
        for (var i = 0; i < 4; i++) days.Add(await bed.CreateDayAsync(daysAhead: 10 + i));
        for (var i = 0; i < 3; i++) await bed.BookAsync(days[i].Id, "busy@partner.test");
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.BookAsync(days[3].Id, "busy@partner.test"));
        Assert.Equal("Discovery.Error.TooManyBookings", ex.TextKey);
        bed.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(BookingStatus.Confirmed, (await bed.BookAsync(days[3].Id, "busy@partner.test")).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // well formed, unknown
    [InlineData("../../etc/passwd-----------------------------")]
    public async Task A_tampered_manage_link_is_simply_not_found(string token)
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync();
        await bed.BookAsync(day.Id, "x@partner.test");
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService, ManageView>(s => s.ManageAsync(token)));
        Assert.True(ex.IsNotFound);
        ex = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.CancelAsync(token)));
        Assert.True(ex.IsNotFound);
        Assert.Equal(BookingStatus.Confirmed, (await bed.BookingsAsync(day.Id)).Single().Status);
    }

    [Fact]
    public async Task A_manage_link_expires_a_day_after_the_day()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync();
        await bed.BookAsync(day.Id, "x@partner.test");
        var token = await bed.ManageTokenAsync("x@partner.test");
        bed.Clock.SetUtcNow(day.End.AddHours(23));
        await bed.InScopeAsync<DiscoveryBookingService, ManageView>(s => s.ManageAsync(token));
        bed.Clock.SetUtcNow(day.End.AddHours(25));
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService, ManageView>(s => s.ManageAsync(token)));
        Assert.True(ex.IsNotFound);
    }

    [Fact]
    public async Task A_person_updates_their_details_and_their_calendar_name_follows()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync();
        await bed.BookAsync(day.Id, "x@partner.test");
        var token = await bed.ManageTokenAsync("x@partner.test");
        await bed.InScopeAsync<DiscoveryBookingService>(s => s.UpdateDetailsAsync(token, "Xavier Nouveau", "Nouvelle asbl", "en", "Fauteuil roulant"));
        var b = (await bed.BookingsAsync(day.Id)).Single();
        Assert.Equal(("Xavier Nouveau", "Nouvelle asbl", "en", "Fauteuil roulant"), (b.Name, b.Organisation, b.Language, b.Needs));
        var invitee = (await bed.CurrentInviteesAsync(day.CalendarEntryId)).Single();
        Assert.Equal(("Xavier Nouveau", "en"), (invitee.Name, invitee.Language));
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.UpdateDetailsAsync(token, "", "x", "fr", null)));
        Assert.Equal("Name", ex.Field);
    }
}
