using CaseHub.Core.Calendar;
using CaseHub.Core.DiscoveryDays;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.DiscoveryDays;

/// <summary>Reminders, "still coming?", feedback and purge, driven by a fake clock; each job run twice sends nothing twice.</summary>
public class JobTests
{
    private static Task<int> Run(CoreTestHost bed, Func<DiscoveryDayJobs, Task<int>> job) => bed.InScopeAsync(job);

    [Fact]
    public async Task Reminders_go_seven_days_and_one_day_before_once_each()
    {
        await using var bed = await DiscoverySetup.CreateAsync(new Dictionary<string, string?> { ["DiscoveryDays:StillComingDaysBefore"] = "0" });
        var day = await bed.CreateDayAsync(capacity: 5, daysAhead: 20);
        await bed.BookAsync(day.Id, "early@partner.test");

        bed.Clock.SetUtcNow(day.Start - TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await Run(bed, j => j.SendRemindersAsync()));
        bed.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await Run(bed, j => j.SendRemindersAsync()));
        Assert.Equal(0, await Run(bed, j => j.SendRemindersAsync()));

        // Booked after the 7-day mark: only the 1-day reminder.
        bed.Clock.Advance(TimeSpan.FromDays(3));
        await bed.BookAsync(day.Id, "late@partner.test");
        Assert.Equal(0, await Run(bed, j => j.SendRemindersAsync()));

        bed.Clock.SetUtcNow(day.Start - TimeSpan.FromDays(1));
        Assert.Equal(2, await Run(bed, j => j.SendRemindersAsync()));
        Assert.Equal(0, await Run(bed, j => j.SendRemindersAsync()));

        var early = await bed.MailsToAsync("early@partner.test", "DiscoveryReminder");
        Assert.Equal(2, early.Count);
        Assert.All(early, m => Assert.Contains("/discovery-days/manage/", m.Text));
        Assert.Equal(2, early.Select(m => m.DedupKey).Distinct().Count());
        Assert.Single(await bed.MailsToAsync("late@partner.test", "DiscoveryReminder"));
    }

    [Fact]
    public async Task A_job_that_was_stopped_sends_only_the_latest_reminder_and_none_after_the_start()
    {
        await using var bed = await DiscoverySetup.CreateAsync(new Dictionary<string, string?> { ["DiscoveryDays:StillComingDaysBefore"] = "0" });
        var day = await bed.CreateDayAsync(capacity: 5, daysAhead: 20);
        await bed.BookAsync(day.Id, "a@partner.test");
        bed.Clock.SetUtcNow(day.Start - TimeSpan.FromHours(20));
        Assert.Equal(1, await Run(bed, j => j.SendRemindersAsync()));
        Assert.Equal(0, await Run(bed, j => j.SendRemindersAsync()));
        Assert.Contains(":1440", (await bed.MailsToAsync("a@partner.test", "DiscoveryReminder")).Single().DedupKey);
        bed.Clock.SetUtcNow(day.Start.AddMinutes(1));
        Assert.Equal(0, await Run(bed, j => j.SendRemindersAsync()));
    }

    [Fact]
    public async Task Moving_the_day_starts_the_reminders_again_for_the_new_date()
    {
        await using var bed = await DiscoverySetup.CreateAsync(new Dictionary<string, string?> { ["DiscoveryDays:ReminderDaysBefore"] = "1", ["DiscoveryDays:StillComingDaysBefore"] = "0" });
        var day = await bed.CreateDayAsync(capacity: 5, daysAhead: 20);
        await bed.BookAsync(day.Id, "a@partner.test");
        bed.Clock.SetUtcNow(day.Start - TimeSpan.FromHours(12));
        Assert.Equal(1, await Run(bed, j => j.SendRemindersAsync()));
        var newDate = CalendarTime.LocalDate(day.Start).AddDays(7);
        await bed.InScopeAsync<DiscoveryDayService>(s => s.UpdateAsync(day.Id, DiscoverySetup.Input(newDate, capacity: 5) with { DeadlineDate = newDate.AddDays(-1) }));
        Assert.Equal(0, await Run(bed, j => j.SendRemindersAsync()));
        bed.Clock.SetUtcNow((await bed.DayAsync(day.Id)).Start - TimeSpan.FromHours(12));
        Assert.Equal(1, await Run(bed, j => j.SendRemindersAsync()));
        Assert.Equal(2, (await bed.MailsToAsync("a@partner.test", "DiscoveryReminder")).Count);
    }

    [Fact]
    public async Task Still_coming_goes_once_three_days_before_with_keep_and_release_links()
    {
        await using var bed = await DiscoverySetup.CreateAsync(new Dictionary<string, string?> { ["DiscoveryDays:ReminderDaysBefore"] = "" });
        var day = await bed.CreateDayAsync(capacity: 1, daysAhead: 20);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test");
        bed.Clock.SetUtcNow(day.Start - TimeSpan.FromDays(3) - TimeSpan.FromMinutes(5));
        Assert.Equal(0, await Run(bed, j => j.SendStillComingAsync()));
        bed.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await Run(bed, j => j.SendStillComingAsync()));
        Assert.Equal(0, await Run(bed, j => j.SendStillComingAsync()));

        var mail = (await bed.MailsToAsync("a@partner.test", "DiscoveryStillComing")).Single();
        Assert.Contains("/still-coming?answer=yes", mail.Text);
        Assert.Contains("/still-coming?answer=no", mail.Text);
        Assert.Empty(await bed.MailsToAsync("b@partner.test", "DiscoveryStillComing")); // waiting, not confirmed

        var token = mail.Token("/discovery-days/manage/")!;
        await bed.InScopeAsync<DiscoveryBookingService>(s => s.StillComingAsync(token, keep: false));
        var bookings = await bed.BookingsAsync(day.Id);
        Assert.Equal([BookingStatus.Cancelled, BookingStatus.Confirmed], bookings.Select(b => b.Status));
        await bed.AssertInvariantsAsync(day.Id);
    }

    [Fact]
    public async Task The_questionnaire_goes_after_the_day_to_the_people_who_came()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 3, daysAhead: 5);
        foreach (var who in new[] { "a", "b", "c", "d" }) await bed.BookAsync(day.Id, $"{who}@partner.test");
        var bookings = await bed.BookingsAsync(day.Id);
        bed.Clock.SetUtcNow(day.Start.AddMinutes(10));
        await bed.InScopeAsync<DiscoveryDayService, bool>(s => s.CheckInAsync(day.Id, bookings[0].Id, true));
        await bed.InScopeAsync<DiscoveryDayService, bool>(s => s.CheckInAsync(day.Id, bookings[2].Id, true));

        bed.Clock.SetUtcNow(day.End.AddHours(1));
        Assert.Equal(0, await Run(bed, j => j.SendFeedbackAsync()));
        bed.Clock.SetUtcNow(day.End.AddHours(2));
        Assert.Equal(2, await Run(bed, j => j.SendFeedbackAsync()));
        Assert.Equal(0, await Run(bed, j => j.SendFeedbackAsync()));

        Assert.Single(await bed.MailsToAsync("a@partner.test", "FeedbackInvitation"));
        Assert.Empty(await bed.MailsToAsync("b@partner.test", "FeedbackInvitation"));
        Assert.Single(await bed.MailsToAsync("c@partner.test", "FeedbackInvitation"));
        Assert.Empty(await bed.MailsToAsync("d@partner.test", "FeedbackInvitation"));
        Assert.Contains("/feedback/", (await bed.MailsToAsync("a@partner.test", "FeedbackInvitation")).Single().Text);
        var form = await bed.DbAsync(db => db.FeedbackForms.SingleAsync(f => f.Id == day.FeedbackFormId));
        Assert.Equal(day.End.AddDays(30), form.ClosesAt);
    }

    [Fact]
    public async Task Bookings_are_purged_a_year_after_the_day_and_the_purge_is_idempotent()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1, daysAhead: 5);
        var other = await bed.CreateDayAsync(capacity: 1, daysAhead: 40);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test");
        await bed.BookAsync(other.Id, "a@partner.test");
        bed.Clock.SetUtcNow(day.End.AddHours(3));
        await Run(bed, j => j.SendFeedbackAsync());

        bed.Clock.SetUtcNow(day.End.AddDays(365).AddMinutes(-1));
        Assert.Equal(0, await Run(bed, j => j.PurgeAsync()));
        bed.Clock.SetUtcNow(day.End.AddDays(365).AddMinutes(1));
        Assert.Equal(1, await Run(bed, j => j.PurgeAsync()));
        Assert.Equal(0, await Run(bed, j => j.PurgeAsync()));

        Assert.Empty(await bed.BookingsAsync(day.Id));
        Assert.Empty(await bed.DbAsync(db => db.CalendarInvitees.Where(i => i.EntryId == day.CalendarEntryId).ToListAsync()));
        Assert.Empty(await bed.DbAsync(db => db.FeedbackInvitations.Where(i => i.FormId == day.FeedbackFormId).ToListAsync()));
        Assert.Equal(0, await bed.DbAsync(db => db.DiscoveryBookingTokens.CountAsync(t => db.DiscoveryBookings.Any(b => b.Id == t.BookingId && b.DayId == day.Id))));
        var kept = await bed.DayAsync(day.Id);
        Assert.NotNull(kept.PurgedAt);
        Assert.Equal(1, kept.SeatsTaken); // the figures stay
        Assert.Single(await bed.BookingsAsync(other.Id)); // other days untouched
    }

    [Fact]
    public async Task The_worker_runs_every_step_and_survives_a_failing_one()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1, mode: WaitlistMode.TimedOffer, offerHours: 6, daysAhead: 20);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test");
        await bed.BookAsync(day.Id, "c@partner.test");
        await bed.InScopeAsync<DiscoveryBookingService>(async s => await s.CancelAsync(await bed.ManageTokenAsync("a@partner.test")));
        bed.Clock.Advance(TimeSpan.FromHours(7));
        var worker = bed.Services.GetRequiredService<DiscoveryDayWorker>();
        await worker.RunOnceAsync();
        var bookings = await bed.BookingsAsync(day.Id);
        Assert.Equal([BookingStatus.Cancelled, BookingStatus.OfferLapsed, BookingStatus.Offered], bookings.Select(b => b.Status));
        await bed.AssertInvariantsAsync(day.Id);
    }
}
