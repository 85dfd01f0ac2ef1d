using System.Text;
using CaseHub.Core.Common;
using CaseHub.Core.DiscoveryDays;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CaseHub.Core.Tests.DiscoveryDays;

/// <summary>A booker moves to another date of the same programme from their manage link (issue #20, point 5).</summary>
public class ChangeOfDayTests
{
    private static Task<string> UidAsync(CoreTestHost bed, DiscoveryDay day)
        => bed.DbAsync(db => db.CalendarEntries.Where(e => e.Id == day.CalendarEntryId).Select(e => e.Uid).SingleAsync());

    [Fact]
    public async Task A_confirmed_booker_moves_to_a_free_seat_gets_one_mail_with_both_calendar_files_and_their_old_seat_goes_on()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var april = await bed.CreateDayAsync(capacity: 1, daysAhead: 20);
        var may = await bed.CreateDayAsync(capacity: 2, daysAhead: 50, title: "  journée DÉCOUVERTE  du CPAS ");
        await bed.BookAsync(april.Id, "mover@partner.test");
        await bed.BookAsync(april.Id, "waiting@partner.test", "nl");
        var token = await bed.ManageTokenAsync("mover@partner.test");

        var others = await bed.InScopeAsync<DiscoveryBookingService, IReadOnlyList<OtherDay>>(s => s.OtherDaysAsync(token));
        Assert.Equal([may.Id], others.Select(o => o.Day.Id));
        Assert.True(others[0].HasSeat);

        var change = await bed.InScopeAsync<DiscoveryBookingService, DayChange>(s => s.ChangeDayAsync(token, may.Id, joinWaitlist: false));
        Assert.Equal(BookingStatus.Confirmed, change.Status);

        var old = (await bed.BookingsAsync(april.Id)).Single(b => b.Email == "mover@partner.test");
        Assert.Equal((BookingStatus.Cancelled, CancelledBy.MovedToAnotherDay), (old.Status, old.CancelledBy));
        var moved = (await bed.BookingsAsync(may.Id)).Single();
        Assert.Equal(("mover@partner.test", BookingStatus.Confirmed, old.Name, old.ConsentAt), (moved.Email, moved.Status, moved.Name, moved.ConsentAt));
        Assert.Equal(BookingStatus.Confirmed, (await bed.BookingsAsync(april.Id)).Single(b => b.Email == "waiting@partner.test").Status);
        await bed.AssertInvariantsAsync(april.Id);
        await bed.AssertInvariantsAsync(may.Id);

        // One mail: the new invitation as the calendar part, the old day's cancellation as a second file.
        var mail = Assert.Single(await bed.MailsToAsync("mover@partner.test", "DiscoveryMoved"));
        Assert.Equal("REQUEST", mail.Method);
        Assert.Contains("UID:" + await UidAsync(bed, may), mail.Ics);
        var cancel = mail.Message.Attachments.OfType<MimePart>().Single(a => a.FileName == "cancel.ics");
        using var content = new MemoryStream();
        await cancel.Content!.DecodeToAsync(content);
        var cancelIcs = Encoding.UTF8.GetString(content.ToArray());
        Assert.Contains("METHOD:CANCEL", cancelIcs);
        Assert.Contains("UID:" + await UidAsync(bed, april), cancelIcs);
        Assert.Equal(change.Token, mail.Token("/discovery-days/manage/"));
        Assert.Empty(await bed.MailsToAsync("mover@partner.test", "DiscoveryBookingEnded"));

        // The new link manages the new booking; the old one says it moved and cannot move again.
        var view = await bed.InScopeAsync<DiscoveryBookingService, ManageView>(s => s.ManageAsync(change.Token));
        Assert.Equal(may.Id, view.Day.Id);
        var again = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.ChangeDayAsync(token, may.Id, false)));
        Assert.Equal("Discovery.Error.AlreadyMoved", again.TextKey);
        Assert.Empty(await bed.InScopeAsync<DiscoveryBookingService, IReadOnlyList<OtherDay>>(s => s.OtherDaysAsync(token)));
    }

    [Fact]
    public async Task A_full_day_is_refused_unless_the_booker_accepts_its_waiting_list_and_then_only_the_cancellation_leaves()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var april = await bed.CreateDayAsync(capacity: 2, daysAhead: 20);
        var may = await bed.CreateDayAsync(capacity: 1, daysAhead: 50);
        await bed.BookAsync(april.Id, "mover@partner.test");
        await bed.BookAsync(may.Id, "full@partner.test");
        var token = await bed.ManageTokenAsync("mover@partner.test");
        var mailsBefore = await bed.MailCountAsync();

        var full = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.ChangeDayAsync(token, may.Id, joinWaitlist: false)));
        Assert.Equal(("Discovery.Error.TargetFull", "JoinWaitlist"), (full.TextKey, full.Field));
        Assert.Equal(BookingStatus.Confirmed, (await bed.BookingsAsync(april.Id)).Single().Status);
        Assert.Single(await bed.BookingsAsync(may.Id));
        Assert.Equal(mailsBefore, await bed.MailCountAsync());
        await bed.AssertInvariantsAsync(april.Id);
        await bed.AssertInvariantsAsync(may.Id);

        var change = await bed.InScopeAsync<DiscoveryBookingService, DayChange>(s => s.ChangeDayAsync(token, may.Id, joinWaitlist: true));
        Assert.Equal((BookingStatus.Waitlisted, 1), (change.Status, change.Position));
        Assert.Equal(0, (await bed.DayAsync(april.Id)).SeatsTaken);
        await bed.AssertInvariantsAsync(april.Id);
        await bed.AssertInvariantsAsync(may.Id);
        var mail = Assert.Single(await bed.MailsToAsync("mover@partner.test", "DiscoveryMoved"));
        Assert.Equal("CANCEL", mail.Method);
        Assert.Contains("UID:" + await UidAsync(bed, april), mail.Ics);
        Assert.DoesNotContain(mail.Message.Attachments.OfType<MimePart>(), a => a.FileName == "cancel.ics");
        Assert.Contains("position 1", mail.Text);
    }

    [Fact]
    public async Task Moves_outside_the_programme_or_onto_a_day_already_held_are_refused_with_a_reason_and_change_nothing()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var april = await bed.CreateDayAsync(capacity: 2, daysAhead: 20);
        var other = await bed.CreateDayAsync(capacity: 2, daysAhead: 30, title: "Matinée portes ouvertes");
        var held = await bed.CreateDayAsync(capacity: 2, daysAhead: 40);
        var closed = await bed.CreateDayAsync(capacity: 2, daysAhead: 60);
        await bed.InScopeAsync<DiscoveryDayService>(s => s.SetRegistrationsOpenAsync(closed.Id, false));
        await bed.BookAsync(april.Id, "mover@partner.test");
        await bed.BookAsync(held.Id, "mover@partner.test");
        var token = (await bed.MailsToAsync("mover@partner.test")).First().Token("/discovery-days/manage/")!; // the April booking's link

        Assert.Empty(await bed.InScopeAsync<DiscoveryBookingService, IReadOnlyList<OtherDay>>(s => s.OtherDaysAsync(token)));
        foreach (var (target, key) in new (Guid?, string)[]
                 {
                     (null, "Discovery.Error.ChooseDay"), (april.Id, "Discovery.Error.SameDay"), (other.Id, "Discovery.Error.NotSameProgramme"),
                     (held.Id, "Discovery.Error.AlreadyOnThatDay"), (closed.Id, "Discovery.Error.Closed"),
                 })
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.ChangeDayAsync(token, target, true)));
            Assert.Equal(key, ex.TextKey);
        }
        var unknown = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DiscoveryBookingService>(s => s.ChangeDayAsync(token, Guid.NewGuid(), true)));
        Assert.True(unknown.IsNotFound);
        Assert.Equal(BookingStatus.Confirmed, (await bed.BookingsAsync(april.Id)).Single().Status);
        Assert.Empty(await bed.BookingsAsync(other.Id));
        Assert.Single(await bed.BookingsAsync(held.Id));
        Assert.Empty(await bed.MailsToAsync("mover@partner.test", "DiscoveryMoved"));
    }

    [Fact]
    public async Task Two_bookers_moving_into_the_last_seat_at_once_one_gets_it_and_the_other_keeps_their_seat()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var april = await bed.CreateDayAsync(capacity: 5, daysAhead: 20);
        var may = await bed.CreateDayAsync(capacity: 1, daysAhead: 50);
        var tokens = new List<string>();
        foreach (var who in new[] { "a", "b", "c", "d" })
        {
            await bed.BookAsync(april.Id, $"{who}@partner.test");
            tokens.Add(await bed.ManageTokenAsync($"{who}@partner.test"));
        }

        var attempts = await Task.WhenAll(tokens.Select(t => Task.Run(async () =>
        {
            try { return (await bed.InScopeAsync<DiscoveryBookingService, DayChange>(s => s.ChangeDayAsync(t, may.Id, false))).Status.ToString(); }
            catch (DomainException ex) { return ex.TextKey; }
        })));

        Assert.Equal(1, attempts.Count(a => a == nameof(BookingStatus.Confirmed)));
        Assert.Equal(3, attempts.Count(a => a == "Discovery.Error.TargetFull"));
        Assert.Equal(3, (await bed.BookingsAsync(april.Id)).Count(b => b.Status == BookingStatus.Confirmed));
        await bed.AssertInvariantsAsync(april.Id);
        await bed.AssertInvariantsAsync(may.Id);
    }
}
