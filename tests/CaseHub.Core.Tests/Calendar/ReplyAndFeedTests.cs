using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using static CaseHub.Core.Tests.Calendar.CalendarSetup;

namespace CaseHub.Core.Tests.Calendar;

public class ReplyAndFeedTests
{
    private static readonly DateTimeOffset Start = CalendarTime.FromLocal(2026, 4, 14, 9, 30);
    private static readonly DateTimeOffset End = CalendarTime.FromLocal(2026, 4, 14, 12, 0);

    [Fact]
    public async Task A_reply_link_records_the_answer_and_tells_only_the_owners_listener_and_can_be_changed()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(Start, End), [Alice, Bram]);
        await bed.Db.SaveChangesAsync();
        var mail = (await bed.MailsAsync()).Single(m => m.To == Alice.Email);

        // Finding the context (what the GET page does) records nothing.
        var service = bed.NewService(bed.NewDb());
        var context = await service.FindReplyAsync(mail.ReplyToken("no"));
        Assert.Equal(entry.Id, context.Entry.Id);
        Assert.Equal(Alice.Email, context.Invitee.Email);
        Assert.Empty(bed.Listener().Calls);

        await bed.NewService(bed.NewDb()).RecordReplyAsync(mail.ReplyToken("no"), CalendarResponse.Declined, "  Formation ce jour-là.  ");
        var alice = await bed.NewDb().CalendarInvitees.SingleAsync(i => i.Email == Alice.Email);
        Assert.Equal(CalendarResponse.Declined, alice.Response);
        Assert.Equal("Formation ce jour-là.", alice.DeclineReason);
        Assert.Equal(bed.Clock.GetUtcNow(), alice.RespondedAt);
        Assert.Equal([(entry.Id, Alice.Email, CalendarResponse.Declined, (string?)"Formation ce jour-là.")], bed.Listener().Calls);
        Assert.Empty(bed.OtherListener().Calls);

        // Yes after No: the answer changes and the reason goes.
        await bed.NewService(bed.NewDb()).RecordReplyAsync(mail.ReplyToken("yes"), CalendarResponse.Accepted, null);
        alice = await bed.NewDb().CalendarInvitees.SingleAsync(i => i.Email == Alice.Email);
        Assert.Equal(CalendarResponse.Accepted, alice.Response);
        Assert.Null(alice.DeclineReason);
        Assert.Equal(2, bed.Listener().Calls.Count);
        Assert.Equal(CalendarResponse.NeedsAction, (await bed.NewDb().CalendarInvitees.SingleAsync(i => i.Email == Bram.Email)).Response);
    }

    [Fact]
    public async Task An_update_mail_shows_the_current_answer_and_the_older_mails_links_still_work()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(Start, End), [Alice]);
        await bed.Db.SaveChangesAsync();
        var first = Assert.Single(await bed.MailsAsync());
        await bed.NewService(bed.NewDb()).RecordReplyAsync(first.ReplyToken("maybe"), CalendarResponse.Tentative, null);

        var db = bed.NewDb();
        var service = bed.NewService(db);
        var loaded = (await service.GetAsync(entry.Id))!;
        await service.UpdateAsync(loaded, CalendarEntrySpec.From(loaded) with { Location = "Salle du conseil" });
        await db.SaveChangesAsync();
        var update = (await bed.MailsAsync())[1];
        Assert.Contains("Votre réponse actuelle : peut-être", update.Html);
        var ics = await IcalJs.ParseAsync(update.Ics);
        Assert.Equal("TENTATIVE", ics.Master.Attendees.Single().Partstat);

        await bed.NewService(bed.NewDb()).RecordReplyAsync(first.ReplyToken("yes"), CalendarResponse.Accepted, null);
        await bed.NewService(bed.NewDb()).RecordReplyAsync(update.ReplyToken("no"), CalendarResponse.Declined, null);
        Assert.Equal(CalendarResponse.Declined, (await bed.NewDb().CalendarInvitees.SingleAsync()).Response);
    }

    [Fact]
    public async Task Wrong_tokens_removed_invitees_cancelled_entries_and_long_reasons_are_refused()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(Start, End), [Alice, Bram]);
        await bed.Db.SaveChangesAsync();
        var mails = await bed.MailsAsync();
        var aliceToken = mails.Single(m => m.To == Alice.Email).ReplyToken("no");
        var bramToken = mails.Single(m => m.To == Bram.Email).ReplyToken("no");

        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().RecordReplyAsync("nope", CalendarResponse.Accepted, null))).IsNotFound);
        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().RecordReplyAsync(SecureToken.New(), CalendarResponse.Accepted, null))).IsNotFound);
        Assert.Equal("Error.TooLong", (await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().RecordReplyAsync(aliceToken, CalendarResponse.Declined, new string('x', 501)))).TextKey);
        Assert.Equal("Calendar.Error.InvalidAnswer", (await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().RecordReplyAsync(aliceToken, CalendarResponse.NeedsAction, null))).TextKey);

        await bed.Calendar().UninviteAsync(entry, [Bram.Email]);
        await bed.Db.SaveChangesAsync();
        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.NewService(bed.NewDb()).RecordReplyAsync(bramToken, CalendarResponse.Accepted, null))).IsNotFound);

        await bed.Calendar().CancelAsync(entry, null);
        await bed.Db.SaveChangesAsync();
        Assert.Equal("Calendar.Error.EntryCancelled", (await Assert.ThrowsAsync<DomainException>(() => bed.NewService(bed.NewDb()).RecordReplyAsync(aliceToken, CalendarResponse.Accepted, null))).TextKey);
        Assert.Empty(bed.Listener().Calls);
    }

    [Fact]
    public async Task A_users_feed_holds_what_they_are_invited_to_or_organise_and_follows_regenerate_and_revoke()
    {
        await using var bed = await CreateAsync();
        var alice = await bed.AddUserAsync(Alice.Email, Alice.Name);
        var bram = await bed.AddUserAsync(Bram.Email, Bram.Name, "nl");
        var invited = await bed.Calendar().ScheduleAsync(Spec(Start, End, "Invitée"), [Alice with { UserId = alice.Id }, Bram with { UserId = bram.Id }]);
        var organised = await bed.Calendar().ScheduleAsync(Spec(Start.AddDays(1), End.AddDays(1), "Organisée") with { OrganizerUserId = alice.Id }, [Bram with { UserId = bram.Id }]);
        var byAddress = await bed.Calendar().ScheduleAsync(Spec(Start.AddDays(2), End.AddDays(2), "Par adresse"), [Alice]);
        var removed = await bed.Calendar().ScheduleAsync(Spec(Start.AddDays(3), End.AddDays(3), "Retirée"), [Alice with { UserId = alice.Id }, Bram]);
        var cancelled = await bed.Calendar().ScheduleAsync(Spec(Start.AddDays(4), End.AddDays(4), "Annulée"), [Alice with { UserId = alice.Id }]);
        var series = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 1, 6, 9, 30), CalendarTime.FromLocal(2026, 1, 6, 12, 0), "Série",
            Recurrence.MonthlyOnWeekday(1, DayOfWeek.Tuesday, 6)), [Alice with { UserId = alice.Id }]);
        await bed.Calendar().ScheduleAsync(Spec(Start, End, "Pas pour elle"), [Bram with { UserId = bram.Id }]);
        await bed.Db.SaveChangesAsync();
        await bed.Calendar().UninviteAsync(removed, [Alice.Email]);
        await bed.Calendar().CancelAsync(cancelled, null);
        await bed.Calendar().CancelOccurrenceAsync(series, CalendarTime.FromLocal(2026, 3, 3, 9, 30));
        await bed.Db.SaveChangesAsync();

        var created = await bed.Calendar().GetOrCreateFeedTokenAsync(alice.Id);
        Assert.True(created.Created);
        Assert.True(SecureToken.LooksValid(created.Token));
        Assert.Equal(FeedTokenResult.AlreadyExists, await bed.Calendar().GetOrCreateFeedTokenAsync(alice.Id));
        Assert.True(await bed.Calendar().HasFeedAsync(alice.Id));
        Assert.DoesNotContain(created.Token!, (await bed.NewDb().CalendarFeeds.SingleAsync()).TokenHash);

        var feedText = await bed.NewService(bed.NewDb()).BuildUserFeedAsync(created.Token);
        var feed = await IcalJs.ParseAsync(feedText!);
        Assert.Equal("PUBLISH", feed.Method);
        Assert.Equal("Mon agenda CaseHub", feed.Calname);
        var masters = feed.Events.Where(e => e.RecurrenceId is null).ToList();
        Assert.Equal(["Annulée", "Invitée", "Organisée", "Par adresse", "Série"], masters.Select(e => e.Summary).Order());
        Assert.Equal("CANCELLED", masters.Single(e => e.Summary == "Annulée").Status);
        Assert.Equal(cancelled.Uid, masters.Single(e => e.Summary == "Annulée").Uid);
        Assert.All(feed.Events, e => Assert.Empty(e.Attendees));
        Assert.Equal(5, masters.Single(e => e.Summary == "Série").Occurrences!.Count);
        Assert.Equal(invited.Uid, masters.Single(e => e.Summary == "Invitée").Uid);
        Assert.Equal(organised.Uid, masters.Single(e => e.Summary == "Organisée").Uid);
        Assert.Equal(byAddress.Uid, masters.Single(e => e.Summary == "Par adresse").Uid);

        // Cancelled entries leave the feed after a while.
        bed.Clock.Advance(CalendarService.CancelledKeptInFeeds + TimeSpan.FromDays(1));
        var later = await IcalJs.ParseAsync((await bed.NewService(bed.NewDb()).BuildUserFeedAsync(created.Token))!);
        Assert.DoesNotContain(later.Events, e => e.Summary == "Annulée");

        var regenerated = await bed.NewService(bed.NewDb()).RegenerateFeedTokenAsync(alice.Id);
        Assert.Null(await bed.NewService(bed.NewDb()).BuildUserFeedAsync(created.Token));
        Assert.NotNull(await bed.NewService(bed.NewDb()).BuildUserFeedAsync(regenerated));
        Assert.True(await bed.NewService(bed.NewDb()).RevokeFeedAsync(alice.Id));
        Assert.Null(await bed.NewService(bed.NewDb()).BuildUserFeedAsync(regenerated));
        Assert.False(await bed.NewService(bed.NewDb()).HasFeedAsync(alice.Id));
        Assert.Null(await bed.Calendar().BuildUserFeedAsync("not-a-token"));
        Assert.Null(await bed.Calendar().BuildUserFeedAsync(SecureToken.New()));

        // Bram's feed is in Dutch.
        var bramFeed = await IcalJs.ParseAsync((await bed.Calendar().BuildUserFeedAsync((await bed.Calendar().GetOrCreateFeedTokenAsync(bram.Id)).Token))!);
        Assert.Equal("Mijn CaseHub-agenda", bramFeed.Calname);
        Assert.Contains("In CaseHub:", bramFeed.Events.First(e => e.Summary == "Invitée").Description);
    }

    [Fact]
    public async Task Public_feeds_and_download_files_are_PUBLISH_without_attendees()
    {
        await using var bed = await CreateAsync();
        var day1 = await bed.Calendar().ScheduleAsync(Spec(Start, End, "Journée découverte : service ISP") with { OwnerType = "discovery-day" }, []);
        var day2 = await bed.Calendar().ScheduleAsync(Spec(Start.AddDays(7), End.AddDays(7), "Journée découverte : accueil") with { OwnerType = "discovery-day" }, [Alice]);
        await bed.Db.SaveChangesAsync();

        var files = await IcalJs.ParseAsync([bed.Calendar().BuildPublicFeed([day1, day2], "Journées découverte"), bed.Calendar().BuildEventFile(day2, "nl")]);
        var feed = files[0];
        Assert.Equal("PUBLISH", feed.Method);
        Assert.Equal("Journées découverte", feed.Calname);
        Assert.Equal(2, feed.Events.Count);
        Assert.All(feed.Events, e => { Assert.Null(e.Organizer); Assert.Empty(e.Attendees); Assert.True(e.Dtstart!.ZoneResolved); });
        var file = files[1];
        Assert.Equal("PUBLISH", file.Method);
        Assert.Equal(day2.Uid, file.Master.Uid);
        Assert.Empty(file.Master.Attendees);
        Assert.Equal($"mailto:{Sender}", file.Master.Organizer!.SentBy);
        Assert.Contains("In CaseHub:", file.Master.Description);
    }

    [Fact]
    public async Task The_download_file_is_only_for_invitees_and_the_organiser()
    {
        await using var bed = await CreateAsync();
        var alice = await bed.AddUserAsync(Alice.Email, Alice.Name);
        var bram = await bed.AddUserAsync(Bram.Email, Bram.Name, "nl");
        var carla = await bed.AddUserAsync(Carla.Email, Carla.Name, "en");
        var entry = await bed.Calendar().ScheduleAsync(Spec(Start, End) with { OrganizerUserId = carla.Id }, [Alice with { UserId = alice.Id }]);
        await bed.Db.SaveChangesAsync();
        Assert.NotNull(await bed.Calendar().BuildEventFileForUserAsync(entry.Id, alice.Id));
        Assert.NotNull(await bed.Calendar().BuildEventFileForUserAsync(entry.Id, carla.Id));
        Assert.Null(await bed.Calendar().BuildEventFileForUserAsync(entry.Id, bram.Id));
        Assert.Null(await bed.Calendar().BuildEventFileForUserAsync(Guid.NewGuid(), alice.Id));
    }
}
