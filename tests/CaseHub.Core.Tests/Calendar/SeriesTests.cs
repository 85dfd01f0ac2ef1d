using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.TestSupport;
using static CaseHub.Core.Tests.Calendar.CalendarSetup;

namespace CaseHub.Core.Tests.Calendar;

/// <summary>Series: rules, DST, moved and cancelled occurrences — expanded by ical.js and compared with our own expansion.</summary>
public class SeriesTests
{
    private static DateTimeOffset Z(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task Weekly_sessions_stay_at_10_00_Brussels_across_both_DST_changes()
    {
        await using var bed = await CreateAsync();
        var spring = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 3, 22, 10, 0), CalendarTime.FromLocal(2026, 3, 22, 11, 0),
            recurrence: Recurrence.Weekly(3, 1, DayOfWeek.Sunday)), [Alice]);
        var autumn = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 10, 18, 10, 0), CalendarTime.FromLocal(2026, 10, 18, 11, 0),
            recurrence: Recurrence.Weekly(2, 1, DayOfWeek.Sunday)), [Alice]);
        await bed.Db.SaveChangesAsync();

        var parsed = await IcalJs.ParseAsync((await bed.MailsAsync()).Select(m => m.Ics));
        Assert.Equal("FREQ=WEEKLY;COUNT=3;BYDAY=SU", parsed[0].Master.Rrule);
        Assert.Equal([Z(3, 22, 9), Z(3, 29, 8), Z(4, 5, 8)], parsed[0].Master.Occurrences!.Select(o => o.Start));
        Assert.Equal([Z(10, 18, 8), Z(10, 25, 9)], parsed[1].Master.Occurrences!.Select(o => o.Start));
        Assert.Equal([Z(10, 18, 9), Z(10, 25, 10)], parsed[1].Master.Occurrences!.Select(o => o.End));
        // Our own expansion (used for checks and mail texts) agrees with ical.js.
        Assert.Equal(parsed[0].Master.Occurrences!.Select(o => o.Start), CalendarTime.Occurrences(spring).Select(o => o.Start));
        Assert.Equal(parsed[1].Master.Occurrences!.Select(o => o.Start), CalendarTime.Occurrences(autumn).Select(o => o.Start));
        Assert.Equal(Z(4, 5, 9), spring.LastEnd);
    }

    [Fact]
    public async Task Monthly_on_the_first_Tuesday_lists_the_right_dates_in_the_mail_and_the_file()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 1, 6, 9, 30), CalendarTime.FromLocal(2026, 1, 6, 12, 0),
            title: "Intervision", recurrence: Recurrence.MonthlyOnWeekday(1, DayOfWeek.Tuesday, 6)), [Alice]);
        await bed.Db.SaveChangesAsync();
        var mail = Assert.Single(await bed.MailsAsync());
        var ics = await IcalJs.ParseAsync(mail.Ics);

        Assert.Equal("FREQ=MONTHLY;COUNT=6;BYDAY=1TU", ics.Master.Rrule);
        Assert.Equal([Z(1, 6, 8, 30), Z(2, 3, 8, 30), Z(3, 3, 8, 30), Z(4, 7, 7, 30), Z(5, 5, 7, 30), Z(6, 2, 7, 30)],
            ics.Master.Occurrences!.Select(o => o.Start));
        Assert.Contains("mardi 2 juin 2026, 09:30–12:00", mail.Html);
        Assert.Contains("mardi 7 avril 2026, 09:30–12:00", mail.Html);
    }

    [Fact]
    public async Task Until_bounded_rules_and_last_working_day_rules_are_understood_by_ical_js()
    {
        await using var bed = await CreateAsync();
        var until = new Recurrence { Frequency = RecurrenceFrequency.Weekly, Interval = 2, Until = CalendarTime.FromLocal(2026, 3, 31, 23, 59), ByDay = [new(DayOfWeek.Monday), new(DayOfWeek.Thursday)] };
        var lastWorkingDay = new Recurrence
        {
            Frequency = RecurrenceFrequency.Monthly, Count = 3,
            ByDay = [new(DayOfWeek.Monday), new(DayOfWeek.Tuesday), new(DayOfWeek.Wednesday), new(DayOfWeek.Thursday), new(DayOfWeek.Friday)],
            BySetPosition = [-1],
        };
        var a = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 3, 2, 14, 0), CalendarTime.FromLocal(2026, 3, 2, 15, 0), recurrence: until), [Alice]);
        var b = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 1, 30, 14, 0), CalendarTime.FromLocal(2026, 1, 30, 15, 0), recurrence: lastWorkingDay), [Alice]);
        await bed.Db.SaveChangesAsync();
        var parsed = await IcalJs.ParseAsync((await bed.MailsAsync()).Select(m => m.Ics));

        // Every other week, Mondays and Thursdays, from 2 March until 31 March (summer time from 29 March).
        Assert.Equal([Z(3, 2, 13), Z(3, 5, 13), Z(3, 16, 13), Z(3, 19, 13), Z(3, 30, 12)], parsed[0].Master.Occurrences!.Select(o => o.Start));
        // Last working day of January, February, March 2026.
        Assert.Equal([Z(1, 30, 13), Z(2, 27, 13), Z(3, 31, 12)], parsed[1].Master.Occurrences!.Select(o => o.Start));
        Assert.Equal(parsed[0].Master.Occurrences!.Select(o => o.Start), CalendarTime.Occurrences(a).Select(o => o.Start));
        Assert.Equal(parsed[1].Master.Occurrences!.Select(o => o.Start), CalendarTime.Occurrences(b).Select(o => o.Start));
    }

    [Fact]
    public async Task A_moved_and_a_cancelled_occurrence_reach_everyone_as_REQUEST_updates()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 1, 6, 9, 30), CalendarTime.FromLocal(2026, 1, 6, 12, 0),
            recurrence: Recurrence.MonthlyOnWeekday(1, DayOfWeek.Tuesday, 6)), [Alice, Bram]);
        await bed.Db.SaveChangesAsync();

        await bed.Calendar().CancelOccurrenceAsync(entry, CalendarTime.FromLocal(2026, 5, 5, 9, 30));
        await bed.Db.SaveChangesAsync();
        await bed.Calendar().MoveOccurrenceAsync(entry, CalendarTime.FromLocal(2026, 4, 7, 9, 30), CalendarTime.FromLocal(2026, 4, 8, 14, 0), CalendarTime.FromLocal(2026, 4, 8, 16, 0));
        await bed.Db.SaveChangesAsync();

        var mails = await bed.MailsAsync();
        Assert.Equal(6, mails.Count);
        Assert.All(mails, m => Assert.Equal("REQUEST", m.Method));
        var cancelledFr = mails[2..4].Single(m => m.To == Alice.Email);
        var movedNl = mails[4..6].Single(m => m.To == Bram.Email);
        Assert.Contains("La séance du mardi 5 mai 2026, 09:30 est <strong>annulée</strong>", cancelledFr.Html);
        Assert.Contains("De sessie van dinsdag 7 april 2026, 09:30 is verplaatst naar <strong>woensdag 8 april 2026, 14:00–16:00</strong>", movedNl.Html);

        var parsed = await IcalJs.ParseAsync(mails.Select(m => m.Ics));
        Assert.Equal([0, 0, 1, 1, 2, 2], parsed.Select(p => p.Master.Sequence!.Value));
        Assert.All(parsed, p => Assert.All(p.Events, e => Assert.Equal(entry.Uid, e.Uid)));
        var last = parsed[^1];
        Assert.Equal([Z(5, 5, 7, 30)], last.Master.Exdates);
        var moved = last.Events.Single(e => e.RecurrenceId is not null);
        Assert.Equal(Z(4, 7, 7, 30), moved.RecurrenceId!.Utc);
        Assert.Equal("Europe/Brussels", moved.RecurrenceId.Tzid);
        Assert.Equal(2, moved.Sequence);
        Assert.Single(moved.Attendees);
        var occurrences = last.Master.Occurrences!;
        Assert.Equal([Z(1, 6, 8, 30), Z(2, 3, 8, 30), Z(3, 3, 8, 30), Z(4, 8, 12), Z(6, 2, 7, 30)], occurrences.Select(o => o.Start));
        Assert.True(occurrences[3].Moved);
        Assert.Equal(Z(4, 7, 7, 30), occurrences[3].RecurrenceId);
        Assert.Equal(Z(4, 8, 14), occurrences[3].End);

        // Ours agrees (the cancelled one is kept, flagged).
        var ours = CalendarTime.Occurrences(entry).Where(o => !o.Cancelled).Select(o => o.Start);
        Assert.Equal(occurrences.Select(o => o.Start), ours);
    }

    [Fact]
    public async Task Moving_an_occurrence_back_to_its_rule_time_removes_the_exception()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 1, 6, 9, 30), CalendarTime.FromLocal(2026, 1, 6, 12, 0),
            recurrence: Recurrence.MonthlyOnWeekday(1, DayOfWeek.Tuesday, 3)), [Alice]);
        await bed.Db.SaveChangesAsync();
        var feb = CalendarTime.FromLocal(2026, 2, 3, 9, 30);
        await bed.Calendar().MoveOccurrenceAsync(entry, feb, feb.AddHours(1), feb.AddHours(3));
        await bed.Db.SaveChangesAsync();
        await bed.Calendar().MoveOccurrenceAsync(entry, feb, feb, feb.AddMinutes(150));
        await bed.Db.SaveChangesAsync();
        Assert.Empty(bed.NewDb().CalendarOccurrenceExceptions);
        var last = await IcalJs.ParseAsync((await bed.MailsAsync())[^1].Ics);
        Assert.Single(last.Events);
        Assert.Equal(2, last.Master.Sequence);
    }

    [Fact]
    public async Task Rules_that_do_not_fit_are_refused()
    {
        await using var bed = await CreateAsync();
        // 7 January 2026 is a Wednesday, not the first Tuesday.
        var wrongStart = Spec(CalendarTime.FromLocal(2026, 1, 7, 9, 30), CalendarTime.FromLocal(2026, 1, 7, 12, 0), recurrence: Recurrence.MonthlyOnWeekday(1, DayOfWeek.Tuesday, 6));
        Assert.Equal("Calendar.Error.StartNotInRecurrence", (await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().ScheduleAsync(wrongStart, [Alice]))).TextKey);
        var endless = Spec(CalendarTime.FromLocal(2026, 1, 6, 9, 30), CalendarTime.FromLocal(2026, 1, 6, 12, 0), recurrence: Recurrence.MonthlyOnWeekday(1, DayOfWeek.Tuesday, 6) with { Count = null });
        Assert.Equal("Calendar.Error.RecurrenceUnbounded", (await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().ScheduleAsync(endless, [Alice]))).TextKey);
        var tooMany = Spec(CalendarTime.FromLocal(2026, 1, 6, 9, 30), CalendarTime.FromLocal(2026, 1, 6, 12, 0), recurrence: Recurrence.Weekly(Recurrence.MaxOccurrences + 1, 1, DayOfWeek.Tuesday));
        Assert.Equal("Error.OutOfRange", (await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().ScheduleAsync(tooMany, [Alice]))).TextKey);

        var series = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 1, 6, 9, 30), CalendarTime.FromLocal(2026, 1, 6, 12, 0),
            recurrence: Recurrence.MonthlyOnWeekday(1, DayOfWeek.Tuesday, 3)), [Alice]);
        var single = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 1, 6, 9, 30), CalendarTime.FromLocal(2026, 1, 6, 12, 0)), [Alice]);
        Assert.Equal("Calendar.Error.NoSuchOccurrence", (await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().CancelOccurrenceAsync(series, CalendarTime.FromLocal(2026, 1, 13, 9, 30)))).TextKey);
        Assert.Equal("Calendar.Error.NotASeries", (await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().CancelOccurrenceAsync(single, single.Start))).TextKey);
        Assert.Equal("Error.EndBeforeStart", (await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().MoveOccurrenceAsync(series, series.Start, series.Start.AddHours(2), series.Start.AddHours(1)))).TextKey);
    }

    [Fact]
    public async Task Changing_the_series_time_drops_occurrence_changes_that_no_longer_match()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 1, 6, 9, 30), CalendarTime.FromLocal(2026, 1, 6, 12, 0),
            recurrence: Recurrence.MonthlyOnWeekday(1, DayOfWeek.Tuesday, 3)), [Alice]);
        await bed.Db.SaveChangesAsync();
        await bed.Calendar().CancelOccurrenceAsync(entry, CalendarTime.FromLocal(2026, 2, 3, 9, 30));
        await bed.Db.SaveChangesAsync();
        await bed.Calendar().UpdateAsync(entry, CalendarEntrySpec.From(entry) with { Start = CalendarTime.FromLocal(2026, 1, 6, 13, 0), End = CalendarTime.FromLocal(2026, 1, 6, 15, 0) });
        await bed.Db.SaveChangesAsync();
        Assert.Empty(bed.NewDb().CalendarOccurrenceExceptions);
        var last = await IcalJs.ParseAsync((await bed.MailsAsync())[^1].Ics);
        Assert.Empty(last.Master.Exdates);
        Assert.Equal(3, last.Master.Occurrences!.Count);
    }
}
