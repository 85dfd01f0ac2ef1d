using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.DatePolls;
using CaseHub.Core.Rooms;
using CaseHub.Core.Tests.Conferences;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.DatePolls;

/// <summary>
/// "Find a date together" (issue #20 point 3) on a case conference: the facilitator proposes slots, the AS and the AI
/// answer signed in, the partner through a personal link; the best slot comes first; picking it moves the meeting
/// through the one life cycle (calendar updates read with ical.js, right across the spring DST change).
/// </summary>
public class DatePollTests
{
    private static DatePollSlotInput Slot(int month, int day, int hour, int minutes = 60)
    {
        var start = CalendarTime.FromLocal(2026, month, day, hour, 0);
        return new DatePollSlotInput(start, start.AddMinutes(minutes));
    }

    /// <summary>Sunday 29 March 2026: Brussels goes from UTC+1 to UTC+2 at 02:00 that night.</summary>
    private static readonly DatePollSlotInput DstSunday = Slot(3, 29, 10);

    private static Task<Guid> OpenAsync(CoreTestHost<ConferenceCast> bed, IReadOnlyList<DatePollSlotInput> slots, bool hide = false, Guid? by = null)
        => bed.InScopeAsync<DatePollService, Guid>(s => s.OpenAsync(bed.Cast.RoomId, by ?? bed.Cast.Facilitator, slots, hide));

    private static Task<DatePollView> ViewAsync(CoreTestHost bed, DatePollAccess access, string lang = "fr")
        => bed.InScopeAsync<DatePollService, DatePollView>(s => s.ViewAsync(access, lang));

    private static Task Polls(CoreTestHost bed, Func<DatePollService, Task> f) => bed.InScopeAsync(f);

    private static async Task<DomainException> RefusedAsync(Func<Task> action) => await Assert.ThrowsAsync<DomainException>(action);

    [Fact]
    public async Task Staff_and_a_partner_answer_the_best_slot_comes_first_and_picking_it_moves_the_meeting_with_calendar_updates_right_across_dst()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var invitations = (await bed.MailsAsync()).Where(m => m.Kind == "CalendarInvitation").ToList();
        var before = await bed.MailCountAsync();
        var tuesday = Slot(3, 10, 14);
        var pollId = await OpenAsync(bed, [tuesday, DstSunday, Slot(3, 11, 9)]);

        // Everyone of the meeting but the facilitator is asked, in their language; only the partner gets a personal link.
        var asked = (await bed.MailsAsync()).Skip(before).ToList();
        Assert.Equal(["ai@cpas.test", "as@cpas.test", "pw@partner.test"], asked.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(asked, m => Assert.Equal("DatePollInvitation", m.Kind));
        var partnerMail = asked.Single(m => m.To == "pw@partner.test");
        Assert.Contains("Wanneer kunt u?", partnerMail.Subject);
        Assert.Contains("29 maart 2026", partnerMail.Text);
        var token = partnerMail.Token("/polls/answer/");
        Assert.NotNull(token);
        Assert.Null(asked.Single(m => m.To == "as@cpas.test").Token("/polls/answer/"));
        Assert.Contains($"{CoreTestHost.BaseUrl}/polls/{pollId}", asked.Single(m => m.To == "as@cpas.test").Text);
        // Only the hash of the link is stored.
        Assert.DoesNotContain(await bed.DbAsync(db => db.DatePollInvitees.Select(i => i.TokenHash).ToListAsync()), h => h == token);

        var view = await ViewAsync(bed, DatePollAccess.SignedIn(pollId, bed.Cast.As));
        var (sTuesday, sSunday, sWednesday) = (view.Slots[0].Id, view.Slots[2].Id, view.Slots[1].Id);
        Assert.Equal(DstSunday.Start, view.Slots[2].Start);
        await Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.As), sSunday, DatePollChoice.Yes));
        await Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.As), sTuesday, DatePollChoice.Yes));
        await Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.As), sTuesday, DatePollChoice.IfNeedBe)); // changed mind
        await Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.Ai), sSunday, DatePollChoice.IfNeedBe));
        await Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.Ai), sTuesday, DatePollChoice.No));
        await Polls(bed, s => s.AnswerAllAsync(DatePollAccess.Link(token), new Dictionary<Guid, DatePollChoice> { [sSunday] = DatePollChoice.Yes, [sWednesday] = DatePollChoice.No }));
        await Polls(bed, s => s.CommentAsync(DatePollAccess.Link(token), "Liever 's ochtends."));

        // The partner sees the others' answers (not hidden) and their own line first.
        var partnerView = await ViewAsync(bed, DatePollAccess.Link(token), "nl");
        Assert.False(partnerView.IsOrganiser);
        Assert.True(partnerView.Rows[0].IsMe);
        Assert.Equal(3, partnerView.Rows.Count);
        // The organiser's grid: best first (3 available on Sunday), then Tuesday (1 if need be), then Wednesday.
        var grid = await ViewAsync(bed, DatePollAccess.SignedIn(pollId, bed.Cast.Facilitator));
        Assert.True(grid.IsOrganiser);
        Assert.Null(grid.Me);
        Assert.Equal([sSunday, sTuesday, sWednesday], grid.Ranked.Select(s => s.Id));
        Assert.Equal((2, 1, 0), (grid.Ranked[0].Yes, grid.Ranked[0].IfNeedBe, grid.Ranked[0].No));
        Assert.Equal((0, 1, 1), (grid.Ranked[1].Yes, grid.Ranked[1].IfNeedBe, grid.Ranked[1].No));
        Assert.Contains(grid.Rows, r => r.Comment == "Liever 's ochtends.");

        // Only whoever organises picks.
        Assert.True((await RefusedAsync(() => Polls(bed, s => s.PickAsync(pollId, bed.Cast.As, sSunday)))).IsForbidden);
        var beforePick = await bed.MailCountAsync();
        await Polls(bed, s => s.PickAsync(pollId, bed.Cast.Facilitator, sSunday));

        var room = await bed.DbAsync(db => db.Rooms.SingleAsync(r => r.Id == bed.Cast.RoomId));
        Assert.Equal(DstSunday.Start, room.ScheduledStart);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 0, 0, TimeSpan.Zero), room.ScheduledStart); // 10:00 in Brussels summer time
        var updates = (await bed.MailsAsync()).Skip(beforePick).ToList();
        Assert.Equal(["ai@cpas.test", "as@cpas.test", "fac@cpas.test", "pw@partner.test"], updates.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(updates, m => Assert.Equal("CalendarUpdate", m.Kind));
        var parsed = await IcalJs.ParseAsync(updates.Select(m => m.Ics));
        for (var n = 0; n < updates.Count; n++)
        {
            var e = parsed[n].Master;
            Assert.Equal("REQUEST", parsed[n].Method);
            Assert.True(e.Sequence > invitations.Single(i => i.To == updates[n].To).Sequence);
            Assert.Equal("Europe/Brussels", e.Dtstart!.Tzid);
            Assert.True(e.Dtstart.ZoneResolved);
            Assert.StartsWith("2026-03-29T10:00:00", e.Dtstart.Local, StringComparison.Ordinal);
            Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 0, 0, TimeSpan.Zero), e.Dtstart.Utc);
            Assert.Equal(new DateTimeOffset(2026, 3, 29, 9, 0, 0, TimeSpan.Zero), e.Dtend!.Utc);
        }

        // Closed: the link shows the outcome and answers nothing; the answers are all still there.
        var closed = await ViewAsync(bed, DatePollAccess.Link(token), "nl");
        Assert.Equal(DatePollStatus.Picked, closed.Status);
        Assert.Equal(sSunday, closed.Picked!.Id);
        Assert.Equal("Polls.Error.Closed", (await RefusedAsync(() => Polls(bed, s => s.AnswerAsync(DatePollAccess.Link(token), sTuesday, DatePollChoice.Yes)))).TextKey);
        Assert.Equal("Polls.Error.Closed", (await RefusedAsync(() => Polls(bed, s => s.PickAsync(pollId, bed.Cast.Facilitator, sTuesday)))).TextKey);
        Assert.Equal(6, await bed.DbAsync(db => db.DatePollAnswers.CountAsync()));
        Assert.Equal(DatePollChoice.IfNeedBe, await bed.DbAsync(db => db.DatePollAnswers.Where(a => a.SlotId == sTuesday && db.DatePollInvitees.Any(i => i.Id == a.InviteeId && i.UserId == bed.Cast.As)).Select(a => a.Choice).SingleAsync()));
    }

    [Fact]
    public async Task Picking_the_meetings_provisional_time_sends_a_date_confirmed_mail_and_no_calendar_change()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var room = await bed.DbAsync(db => db.Rooms.AsNoTracking().SingleAsync(r => r.Id == bed.Cast.RoomId));
        var pollId = await OpenAsync(bed, [new DatePollSlotInput(room.ScheduledStart, room.ScheduledEnd), DstSunday]);
        var slot = (await ViewAsync(bed, DatePollAccess.SignedIn(pollId, bed.Cast.Facilitator))).Slots[0].Id;
        var before = await bed.MailCountAsync();
        await Polls(bed, s => s.PickAsync(pollId, bed.Cast.Facilitator, slot));
        var mails = (await bed.MailsAsync()).Skip(before).ToList();
        Assert.Equal(["ai@cpas.test", "as@cpas.test", "pw@partner.test"], mails.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.Equal("DatePollChosen", m.Kind));
        Assert.Contains("Datum vastgelegd", mails.Single(m => m.To == "pw@partner.test").Subject);
    }

    [Fact]
    public async Task Bad_polls_and_bad_answers_are_refused_with_their_own_message_and_nothing_stored()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var before = await bed.MailCountAsync();
        var now = bed.Clock.GetUtcNow();
        Assert.Equal("Polls.Error.NoSlots", (await RefusedAsync(() => OpenAsync(bed, []))).TextKey);
        var backwards = new DatePollSlotInput(DstSunday.End, DstSunday.Start);
        var e = await RefusedAsync(() => OpenAsync(bed, [DstSunday, backwards]));
        Assert.Equal(("Polls.Error.EndBeforeStart", "Slots[1]"), (e.TextKey, e.Field));
        Assert.Equal("Polls.Error.SlotDateRange", (await RefusedAsync(() => OpenAsync(bed, [new DatePollSlotInput(now.AddDays(-1), now.AddDays(-1).AddHours(1))]))).TextKey);
        Assert.Equal("Polls.Error.SlotDateRange", (await RefusedAsync(() => OpenAsync(bed, [new DatePollSlotInput(now.AddYears(3), now.AddYears(3).AddHours(1))]))).TextKey);
        var duplicate = await RefusedAsync(() => OpenAsync(bed, [DstSunday, Slot(3, 10, 9), DstSunday]));
        Assert.Equal("Polls.Error.Overlap", duplicate.TextKey);
        Assert.Equal([1, 3], duplicate.Args.Cast<int>());
        Assert.Equal("Polls.Error.Overlap", (await RefusedAsync(() => OpenAsync(bed, [Slot(3, 10, 9, 90), Slot(3, 10, 10)]))).TextKey);
        // Someone who does not organise the conference: not allowed; someone outside it: not found.
        Assert.True((await RefusedAsync(() => OpenAsync(bed, [DstSunday], by: bed.Cast.As))).IsForbidden);
        Assert.True((await RefusedAsync(() => OpenAsync(bed, [DstSunday], by: bed.Cast.Outsider))).IsNotFound);
        Assert.Equal(0, await bed.DbAsync(db => db.DatePolls.CountAsync()));
        Assert.Equal(before, await bed.MailCountAsync());

        var pollId = await OpenAsync(bed, [DstSunday, Slot(3, 10, 9)]);
        Assert.Equal("Polls.Error.AlreadyOpen", (await RefusedAsync(() => OpenAsync(bed, [Slot(3, 12, 9)]))).TextKey);
        var slot = (await ViewAsync(bed, DatePollAccess.SignedIn(pollId, bed.Cast.As))).Slots[0].Id;
        Assert.Equal("Polls.Error.UnknownSlot", (await RefusedAsync(() => Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.As), Guid.NewGuid(), DatePollChoice.Yes)))).TextKey);
        Assert.Equal("Polls.Error.Choice", (await RefusedAsync(() => Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.As), slot, (DatePollChoice)7)))).TextKey);
        Assert.True((await RefusedAsync(() => Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.Outsider), slot, DatePollChoice.Yes)))).IsNotFound);
        Assert.True((await RefusedAsync(() => Polls(bed, s => s.AnswerAsync(DatePollAccess.Link("not-a-token"), slot, DatePollChoice.Yes)))).IsNotFound);
        Assert.True((await RefusedAsync(() => Polls(bed, s => s.AnswerAsync(DatePollAccess.Link(SecureToken.New()), slot, DatePollChoice.Yes)))).IsNotFound);
        // The facilitator organises but was not asked: nothing to answer.
        Assert.Equal("Polls.Error.NotInvited", (await RefusedAsync(() => Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.Facilitator), slot, DatePollChoice.Yes)))).TextKey);
        // Someone removed from the meeting since: signed in, the poll is gone for them as the meeting is (not found);
        // through their link, refused with its message.
        var partnerToken = (await bed.MailsToAsync("pw@partner.test", "DatePollInvitation")).Single().Token("/polls/answer/");
        await bed.InScopeAsync<MeetingScheduler>(s => s.RemoveParticipantAsync(MeetingRef.OfRoom(bed.Cast.RoomId), bed.Cast.Facilitator, bed.Cast.Ai));
        await bed.InScopeAsync<MeetingScheduler>(s => s.RemoveParticipantAsync(MeetingRef.OfRoom(bed.Cast.RoomId), bed.Cast.Facilitator, bed.Cast.Partner));
        Assert.True((await RefusedAsync(() => Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.Ai), slot, DatePollChoice.Yes)))).IsNotFound);
        var removed = await RefusedAsync(() => Polls(bed, s => s.AnswerAsync(DatePollAccess.Link(partnerToken), slot, DatePollChoice.Yes)));
        Assert.Equal(("Polls.Error.NotInvited", true), (removed.TextKey, removed.IsForbidden));
        Assert.Equal(0, await bed.DbAsync(db => db.DatePollAnswers.CountAsync()));
        // A pick without a slot of the poll.
        Assert.Equal("Polls.Error.PickSlot", (await RefusedAsync(() => Polls(bed, s => s.PickAsync(pollId, bed.Cast.Facilitator, Guid.NewGuid())))).TextKey);
        Assert.Equal(DatePollStatus.Open, await bed.DbAsync(db => db.DatePolls.Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_programme_meeting_without_a_room_is_polled_too_and_an_address_without_an_account_answers_by_its_link()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var coordinator = await bed.AddUserAsync("coord@cpas.test", "Cora Coord", role: CaseHub.Core.Accounts.Roles.Coordinator);
        var day = CalendarTime.FromLocal(2026, 3, 20, 9, 0);
        var entry = await bed.ScopeAsync(async sp =>
        {
            var e = await sp.GetRequiredService<CalendarService>().ScheduleAsync(new CalendarEntrySpec
            {
                OwnerType = CaseHub.Core.Immersion.ImmersionLinks.EventOwnerType, OwnerId = Guid.CreateVersion7(), Start = day, End = day.AddHours(2),
                Title = LocalizedText.Same("Speed-meeting"), OrganizerName = "Cora Coord", OrganizerEmail = "coord@cpas.test", OrganizerUserId = coordinator.Id,
            }, [new InviteeSpec("asbl@partner.test", "ASBL Horizon", "nl"), new InviteeSpec("as@cpas.test", "Asma Sociale", "fr", bed.Cast.As)]);
            await sp.GetRequiredService<CaseHub.Core.Data.CaseHubDbContext>().SaveChangesAsync();
            return e;
        });
        var before = await bed.MailCountAsync();
        var pollId = await bed.InScopeAsync<DatePollService, Guid>(s => s.OpenAsync(entry.Id, coordinator.Id, [new DatePollSlotInput(day, day.AddHours(2)), DstSunday], false));
        var mails = (await bed.MailsAsync()).Skip(before).ToList();
        Assert.Equal(["as@cpas.test", "asbl@partner.test"], mails.Select(m => m.To).Order(StringComparer.Ordinal));
        var token = mails.Single(m => m.To == "asbl@partner.test").Token("/polls/answer/");
        Assert.NotNull(token);
        var view = await ViewAsync(bed, DatePollAccess.Link(token), "nl");
        Assert.Equal("Speed-meeting", view.Title);
        await Polls(bed, s => s.AnswerAsync(DatePollAccess.Link(token), view.Slots[1].Id, DatePollChoice.Yes));
        await Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.As), view.Slots[1].Id, DatePollChoice.Yes));
        before = await bed.MailCountAsync();
        await Polls(bed, s => s.PickAsync(pollId, coordinator.Id, view.Slots[1].Id));
        Assert.Equal(DstSunday.Start, await bed.DbAsync(db => db.CalendarEntries.Where(e => e.Id == entry.Id).Select(e => e.Start).SingleAsync()));
        var updates = (await bed.MailsAsync()).Skip(before).Where(m => m.Kind == "CalendarUpdate").ToList();
        Assert.Contains(updates, m => m.To == "asbl@partner.test");
        var ics = await IcalJs.ParseAsync(updates.Single(m => m.To == "asbl@partner.test").Ics);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 0, 0, TimeSpan.Zero), ics.Master.Dtstart!.Utc);
    }

    [Fact]
    public async Task Hidden_answers_show_each_invitee_only_their_own_line_and_the_organiser_everything()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var pollId = await OpenAsync(bed, [DstSunday], hide: true);
        var slot = (await ViewAsync(bed, DatePollAccess.SignedIn(pollId, bed.Cast.As))).Slots[0].Id;
        await Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.As), slot, DatePollChoice.Yes));
        await Polls(bed, s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.Ai), slot, DatePollChoice.No));
        var ai = await ViewAsync(bed, DatePollAccess.SignedIn(pollId, bed.Cast.Ai));
        Assert.False(ai.ShowsOthers);
        Assert.Equal([bed.Cast.Ai], await bed.DbAsync(db => db.DatePollInvitees.Where(i => ai.Rows.Select(r => r.InviteeId).Contains(i.Id)).Select(i => i.UserId!.Value).ToListAsync()));
        Assert.Equal((0, 0, 1), (ai.Slots[0].Yes, ai.Slots[0].IfNeedBe, ai.Slots[0].No));
        var organiser = await ViewAsync(bed, DatePollAccess.SignedIn(pollId, bed.Cast.Facilitator));
        Assert.True(organiser.ShowsOthers);
        Assert.Equal(3, organiser.Rows.Count);
        Assert.Equal((1, 0, 1), (organiser.Slots[0].Yes, organiser.Slots[0].IfNeedBe, organiser.Slots[0].No));
    }
}

/// <summary>The poll's reminder and close job with a controlled clock.</summary>
public class DatePollJobTests
{
    private static Task<DatePollRound> RunAsync(CoreTestHost bed) => bed.InScopeAsync<DatePollJobs, DatePollRound>(j => j.RunAsync());

    [Fact]
    public async Task Two_days_after_opening_only_those_who_have_not_answered_get_one_reminder_and_the_poll_closes_when_its_slots_have_passed()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var tenth = CalendarTime.FromLocal(2026, 3, 10, 9, 0);
        var pollId = await bed.InScopeAsync<DatePollService, Guid>(s => s.OpenAsync(bed.Cast.RoomId, bed.Cast.Facilitator,
            [new DatePollSlotInput(tenth, tenth.AddHours(1)), new DatePollSlotInput(tenth.AddDays(1), tenth.AddDays(1).AddHours(1))], false));
        var firstToken = (await bed.MailsToAsync("pw@partner.test", "DatePollInvitation")).Single().Token("/polls/answer/");
        var slot = (await bed.InScopeAsync<DatePollService, DatePollView>(s => s.ViewAsync(DatePollAccess.SignedIn(pollId, bed.Cast.As), "fr"))).Slots[0].Id;
        await bed.InScopeAsync<DatePollService>(s => s.AnswerAsync(DatePollAccess.SignedIn(pollId, bed.Cast.As), slot, DatePollChoice.Yes));

        bed.Clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal(new DatePollRound(0, 0), await RunAsync(bed));
        bed.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new DatePollRound(2, 0), await RunAsync(bed));
        var reminders = (await bed.MailsAsync()).Where(m => m.Kind == "DatePollReminder").ToList();
        Assert.Equal(["ai@cpas.test", "pw@partner.test"], reminders.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.Contains("Herinnering", reminders.Single(m => m.To == "pw@partner.test").Subject);
        // One reminder only.
        Assert.Equal(new DatePollRound(0, 0), await RunAsync(bed));
        // The reminder's link replaces the unused first one.
        var token = reminders.Single(m => m.To == "pw@partner.test").Token("/polls/answer/");
        Assert.NotEqual(firstToken, token);
        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DatePollService, DatePollView>(s => s.ViewAsync(DatePollAccess.Link(firstToken), "nl")))).IsNotFound);
        await bed.InScopeAsync<DatePollService>(s => s.AnswerAsync(DatePollAccess.Link(token), slot, DatePollChoice.IfNeedBe));

        // Once every slot has begun, the poll closes without a pick and its link answers nothing more.
        bed.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(new DatePollRound(0, 1), await RunAsync(bed));
        Assert.Equal(DatePollStatus.Closed, await bed.DbAsync(db => db.DatePolls.Select(p => p.Status).SingleAsync()));
        var refused = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<DatePollService>(s => s.AnswerAsync(DatePollAccess.Link(token), slot, DatePollChoice.Yes)));
        Assert.Equal("Polls.Error.Closed", refused.TextKey);
        Assert.Equal(2, await bed.DbAsync(db => db.DatePollAnswers.CountAsync()));
    }

    [Fact]
    public async Task A_cancelled_meeting_closes_its_poll_and_closed_polls_are_purged_with_the_meetings_retention()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var tenth = CalendarTime.FromLocal(2026, 3, 10, 9, 0);
        await bed.InScopeAsync<DatePollService, Guid>(s => s.OpenAsync(bed.Cast.RoomId, bed.Cast.Facilitator, [new DatePollSlotInput(tenth, tenth.AddHours(1))], false));
        await bed.InScopeAsync<MeetingScheduler>(s => s.CancelAsync(MeetingRef.OfRoom(bed.Cast.RoomId), bed.Cast.Facilitator, "Plus nécessaire"));
        Assert.Equal(new DatePollRound(0, 1), await RunAsync(bed));

        bed.Clock.Advance(TimeSpan.FromDays(364));
        Assert.Equal(0, await bed.InScopeAsync<Retention.RetentionService, int>(async r => (await r.PurgeAsync()).Values.Sum()));
        Assert.Equal(1, await bed.DbAsync(db => db.DatePolls.CountAsync()));
        bed.Clock.Advance(TimeSpan.FromDays(2));
        await bed.InScopeAsync<Retention.RetentionService, int>(async r => (await r.PurgeAsync()).Values.Sum());
        Assert.Equal(0, await bed.DbAsync(db => db.DatePolls.CountAsync()));
        Assert.Equal(0, await bed.DbAsync(db => db.DatePollInvitees.CountAsync()));
        Assert.Equal(0, await bed.DbAsync(db => db.DatePollSlots.CountAsync()));
    }
}
