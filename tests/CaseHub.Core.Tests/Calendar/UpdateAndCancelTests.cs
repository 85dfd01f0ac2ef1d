using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using static CaseHub.Core.Tests.Calendar.CalendarSetup;

namespace CaseHub.Core.Tests.Calendar;

/// <summary>Updates (same UID, higher SEQUENCE, what changed), removals and cancellations, checked with ical.js.</summary>
public class UpdateAndCancelTests
{
    private static readonly DateTimeOffset Start = CalendarTime.FromLocal(2026, 4, 14, 9, 30);
    private static readonly DateTimeOffset End = CalendarTime.FromLocal(2026, 4, 14, 12, 0);

    [Fact]
    public async Task An_update_keeps_the_uid_raises_the_sequence_and_says_what_changed_in_each_language()
    {
        await using var bed = await CreateAsync();
        var spec = Spec(Start, End);
        var entry = await bed.Calendar().ScheduleAsync(spec, [Alice, Bram]);
        await bed.Db.SaveChangesAsync();

        // A later unit of work, as a feature would do it: find, change, commit.
        var db = bed.NewDb();
        var service = bed.NewService(db);
        var loaded = (await service.FindAsync(spec.OwnerType, spec.OwnerId))!;
        var changed = await service.UpdateAsync(loaded, CalendarEntrySpec.From(loaded) with
        {
            Start = CalendarTime.FromLocal(2026, 4, 16, 14, 0),
            End = CalendarTime.FromLocal(2026, 4, 16, 16, 0),
            Location = "Antenne Nord, salle 1",
        });
        Assert.True(changed);
        await db.SaveChangesAsync();

        var mails = await bed.MailsAsync();
        Assert.Equal(4, mails.Count);
        var updates = mails.Skip(2).ToList();
        Assert.All(updates, m => Assert.Equal("REQUEST", m.Method));
        var fr = updates.Single(m => m.To == Alice.Email);
        var nl = updates.Single(m => m.To == Bram.Email);
        Assert.StartsWith("Modifié : ", fr.Subject);
        Assert.Contains("mardi 14 avril 2026, 09:30–12:00", fr.Html);
        Assert.Contains("jeudi 16 avril 2026, 14:00–16:00", fr.Html);
        Assert.Contains("CPAS, salle 2", fr.Html);
        Assert.Contains("Antenne Nord, salle 1", fr.Html);
        Assert.StartsWith("Gewijzigd: ", nl.Subject);
        Assert.Contains("dinsdag 14 april 2026, 09:30–12:00", nl.Html);
        Assert.Contains("donderdag 16 april 2026, 14:00–16:00", nl.Html);

        var parsed = await IcalJs.ParseAsync(mails.Select(m => m.Ics));
        Assert.All(parsed, p => Assert.Equal(entry.Uid, p.Master.Uid));
        Assert.Equal([0, 0, 1, 1], parsed.Select(p => p.Master.Sequence!.Value));
        Assert.Equal(new DateTimeOffset(2026, 4, 16, 12, 0, 0, TimeSpan.Zero), parsed[2].Master.Dtstart!.Utc);
        Assert.Equal("Antenne Nord, salle 1", parsed[3].Master.Location);
        Assert.Equal(1, (await bed.NewDb().CalendarEntries.SingleAsync()).Sequence);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_sends_nothing()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(Start, End), [Alice]);
        await bed.Db.SaveChangesAsync();
        Assert.False(await bed.Calendar().UpdateAsync(entry, CalendarEntrySpec.From(entry), [Alice]));
        await bed.Db.SaveChangesAsync();
        Assert.Single(await bed.MailsAsync());
        Assert.Equal(0, entry.Sequence);
    }

    [Fact]
    public async Task A_removed_invitee_gets_a_CANCEL_for_themselves_only_and_a_new_one_gets_a_REQUEST()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(Start, End) with { ShowInviteeList = true }, [Alice, Bram]);
        await bed.Db.SaveChangesAsync();

        await bed.Calendar().UpdateAsync(entry, CalendarEntrySpec.From(entry), [Alice, Carla]);
        await bed.Db.SaveChangesAsync();

        var mails = (await bed.MailsAsync()).Skip(2).ToList();
        // Alice is not disturbed (nothing about the meeting changed); Bram is told he is no longer expected; Carla is invited.
        Assert.Equal(2, mails.Count);
        var cancel = mails.Single(m => m.To == Bram.Email);
        var invite = mails.Single(m => m.To == Carla.Email);
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Equal("REQUEST", invite.Method);
        Assert.StartsWith("Uw aanwezigheid is niet meer nodig", cancel.Subject);

        var (c, r) = (await IcalJs.ParseAsync([cancel.Ics, invite.Ics])) switch { var l => (l[0], l[1]) };
        Assert.Equal("CANCEL", c.Method);
        Assert.Equal(entry.Uid, c.Master.Uid);
        Assert.Equal(1, c.Master.Sequence);
        Assert.Null(c.Master.Status); // RFC 5546: STATUS:CANCELLED is for cancelling the whole event, not for uninviting one person.
        Assert.Equal(Bram.Email, Assert.Single(c.Master.Attendees).Email);
        Assert.Equal([Alice.Email, Carla.Email], r.Master.Attendees.Select(a => a.Email).Order());
        Assert.Equal(1, r.Master.Sequence);

        var stored = await bed.NewDb().CalendarInvitees.SingleAsync(i => i.Email == Bram.Email);
        Assert.NotNull(stored.RemovedAt);
    }

    [Fact]
    public async Task Invite_and_uninvite_helpers_touch_only_the_people_named()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(Start, End), [Alice]);
        await bed.Db.SaveChangesAsync();
        await bed.Calendar().InviteAsync(entry, [Bram, Alice]);
        await bed.Db.SaveChangesAsync();
        await bed.Calendar().UninviteAsync(entry, ["AI.Bram@cpas-demo.test"]);
        await bed.Db.SaveChangesAsync();
        var mails = await bed.MailsAsync();
        Assert.Equal([(Alice.Email, "REQUEST"), (Bram.Email, "REQUEST"), (Bram.Email, "CANCEL")], mails.Select(m => (m.To, m.Method)));
        Assert.Equal(2, entry.Sequence);
        // Invited again: the same row comes back, with a fresh answer.
        await bed.Calendar().InviteAsync(entry, [Bram]);
        await bed.Db.SaveChangesAsync();
        Assert.Equal(2, await bed.NewDb().CalendarInvitees.CountAsync());
        Assert.Null((await bed.NewDb().CalendarInvitees.SingleAsync(i => i.Email == Bram.Email)).RemovedAt);
    }

    [Fact]
    public async Task Cancelling_sends_a_CANCEL_with_STATUS_CANCELLED_and_a_higher_sequence_to_everyone()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(Start, End), [Alice, Bram, Carla]);
        await bed.Db.SaveChangesAsync();
        await bed.Calendar().UpdateAsync(entry, CalendarEntrySpec.From(entry), [Alice, Bram]);
        await bed.Calendar().CancelAsync(entry, "Le facilitateur est malade.");
        await bed.Db.SaveChangesAsync();

        var cancels = (await bed.MailsAsync()).Where(m => m.Kind == "CalendarCancel").ToList();
        Assert.Equal(new[] { Alice.Email, Bram.Email }.Order(), cancels.Select(m => m.To).Order());
        Assert.All(cancels, m => Assert.Equal("CANCEL", m.Method));
        Assert.Contains("Le facilitateur est malade.", cancels.Single(m => m.To == Alice.Email).Html);
        Assert.StartsWith("Annulé : ", cancels.Single(m => m.To == Alice.Email).Subject);
        var parsed = await IcalJs.ParseAsync(cancels.Select(m => m.Ics));
        Assert.All(parsed, p =>
        {
            Assert.Equal("CANCEL", p.Method);
            Assert.Equal(entry.Uid, p.Master.Uid);
            Assert.Equal(2, p.Master.Sequence);
            Assert.Equal("CANCELLED", p.Master.Status);
        });

        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().UpdateAsync(entry, CalendarEntrySpec.From(entry) with { Location = "Ailleurs" }));
        Assert.Equal("Calendar.Error.EntryCancelled", ex.TextKey);
    }
}
