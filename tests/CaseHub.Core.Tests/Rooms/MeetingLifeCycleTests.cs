using CaseHub.Core.Calendar;
using CaseHub.Core.Committees;
using CaseHub.Core.Common;
using CaseHub.Core.Conferences;
using CaseHub.Core.Rooms;
using CaseHub.Core.Tests.Committees;
using CaseHub.Core.Tests.Conferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.Rooms;

/// <summary>
/// The meetings' one life cycle (issue #20 point 1) on a case conference and a comité à blanc session: move, cancel,
/// add and remove people, change the chair; each change reaches exactly the people concerned with the right calendar
/// method and a higher SEQUENCE, and the meeting type's own rules (who organises, who may be invited) hold.
/// </summary>
public class MeetingLifeCycleTests
{
    /// <summary>Everyone in the conference's room, the facilitator included (who gets a copy of each invitation).</summary>
    private static readonly string[] Everyone = ["ai@cpas.test", "as@cpas.test", "fac@cpas.test", "pw@partner.test"];

    private static MeetingRef Room(CoreTestHost<ConferenceCast> bed) => MeetingRef.OfRoom(bed.Cast.RoomId);

    private static Task Meetings(CoreTestHost bed, Func<MeetingScheduler, Task> f) => bed.InScopeAsync(f);

    private static MeetingMove Move(CoreTestHost bed, int days, int hour, string? place = "Salle 4")
    {
        var day = CalendarTime.LocalDate(bed.Clock.GetUtcNow()).AddDays(days);
        return new MeetingMove(CalendarTime.FromLocal(day, new TimeOnly(hour, 0)), CalendarTime.FromLocal(day, new TimeOnly(hour + 1, 0)), place, null);
    }

    /// <summary>The calendar part with its folded lines joined (RFC 5545 folds at 75 octets).</summary>
    private static string Unfolded(SentMail m) => m.Ics.Replace("\r\n ", "", StringComparison.Ordinal);

    [Fact]
    public async Task Moving_a_conference_sends_everyone_invited_an_update_with_a_higher_sequence_and_keeps_the_positions()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.WriteAsync(bed.Cast.As, "Santé d'abord.", Visibility.AllParticipants);
        var invitations = (await bed.MailsAsync()).Where(m => m.Kind == "CalendarInvitation").ToList();
        Assert.Equal(Everyone, invitations.Select(m => m.To).Order(StringComparer.Ordinal));
        // The invitation leads to where people prepare (the conference page), not to the live room.
        Assert.All(invitations, m => Assert.Contains($"/conferences/{bed.Cast.ConferenceId}", Unfolded(m)));
        Assert.All(invitations, m => Assert.DoesNotContain("/live", Unfolded(m)));
        var before = await bed.MailCountAsync();

        var move = Move(bed, 3, 14);
        await Meetings(bed, s => s.MoveAsync(Room(bed), bed.Cast.Facilitator, move));

        var updates = (await bed.MailsAsync()).Skip(before).ToList();
        Assert.Equal(Everyone, updates.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(updates, m => Assert.Equal("CalendarUpdate", m.Kind));
        Assert.All(updates, m => Assert.Equal("REQUEST", m.Method));
        foreach (var u in updates) Assert.True(u.Sequence > invitations.Single(i => i.To == u.To).Sequence);
        var dutch = updates.Single(m => m.To == "pw@partner.test");
        Assert.Contains("Datum en uur", dutch.Text); // the one line saying what changed, in the partner's language
        Assert.Contains("Salle 4", dutch.Text);
        var room = await bed.DbAsync(db => db.Rooms.SingleAsync(r => r.Id == bed.Cast.RoomId));
        Assert.Equal(move.Start, room.ScheduledStart);
        Assert.Equal(1, await bed.DbAsync(db => db.ConferencePositions.CountAsync(p => p.ConferenceId == bed.Cast.ConferenceId)));

        // Moving again: strictly higher again.
        await Meetings(bed, s => s.MoveAsync(Room(bed), bed.Cast.Facilitator, Move(bed, 4, 9)));
        var second = (await bed.MailsToAsync("pw@partner.test", "CalendarUpdate")).Last();
        Assert.True(second.Sequence > dutch.Sequence);
    }

    [Fact]
    public async Task Only_the_facilitator_organises_a_conference_and_bad_dates_are_refused_with_nothing_changed()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var before = await bed.MailCountAsync();
        var notOrganiser = await Assert.ThrowsAsync<DomainException>(() => Meetings(bed, s => s.MoveAsync(Room(bed), bed.Cast.As, Move(bed, 3, 14))));
        Assert.True(notOrganiser.IsForbidden);
        Assert.Equal("Meetings.Error.NotOrganiser", notOrganiser.TextKey);
        var outsider = await Assert.ThrowsAsync<DomainException>(() => Meetings(bed, s => s.CancelAsync(Room(bed), bed.Cast.Outsider, "Pas à moi")));
        Assert.True(outsider.IsNotFound);

        var past = Move(bed, -1, 10);
        var pastEx = await Assert.ThrowsAsync<DomainException>(() => Meetings(bed, s => s.MoveAsync(Room(bed), bed.Cast.Facilitator, past)));
        Assert.Equal("Meetings.Error.DateRange", pastEx.TextKey);
        var ok = Move(bed, 3, 14);
        var backwards = await Assert.ThrowsAsync<DomainException>(() => Meetings(bed, s => s.MoveAsync(Room(bed), bed.Cast.Facilitator, ok with { End = ok.Start.AddHours(-1) })));
        Assert.Equal("Error.EndBeforeStart", backwards.TextKey);
        var noReason = await Assert.ThrowsAsync<DomainException>(() => Meetings(bed, s => s.CancelAsync(Room(bed), bed.Cast.Facilitator, " ")));
        Assert.Equal("Reason", noReason.Field);

        Assert.Equal(before, await bed.MailCountAsync());
        var room = await bed.DbAsync(db => db.Rooms.SingleAsync(r => r.Id == bed.Cast.RoomId));
        Assert.Equal(RoomStatus.Scheduled, room.Status);
        Assert.Equal("Salle 2", room.Location);
    }

    [Fact]
    public async Task Only_case_members_may_join_a_conference_a_late_invitee_alone_is_invited_and_a_removed_one_alone_gets_a_cancel_and_loses_access()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var before = await bed.MailCountAsync();
        var notMember = await Assert.ThrowsAsync<DomainException>(() => Meetings(bed, s => s.AddParticipantAsync(Room(bed), bed.Cast.Facilitator, bed.Cast.Outsider, RoomRole.Participant)));
        Assert.Equal("Conference.Error.NotCaseMember", notMember.TextKey);
        Assert.Equal(before, await bed.MailCountAsync());
        Assert.False(await bed.DbAsync(db => db.RoomParticipants.AnyAsync(p => p.RoomId == bed.Cast.RoomId && p.UserId == bed.Cast.Outsider)));

        // Once a member of the case, the colleague can be added: only they get a mail (an invitation).
        await bed.Cases(s => s.AddMemberAsync(bed.Cast.CaseId, bed.Cast.Facilitator, bed.Cast.Outsider, CaseParty.SocialWorker));
        await Meetings(bed, s => s.AddParticipantAsync(Room(bed), bed.Cast.Facilitator, bed.Cast.Outsider, RoomRole.Participant));
        var added = (await bed.MailsAsync()).Skip(before).ToList();
        var invitation = Assert.Single(added);
        Assert.Equal("out@cpas.test", invitation.To);
        Assert.Equal("CalendarInvitation", invitation.Kind);
        Assert.Contains($"/conferences/{bed.Cast.ConferenceId}", Unfolded(invitation));
        await bed.Engine(e => e.RequireMemberAsync(bed.Cast.RoomId, bed.Cast.Outsider));

        // Removed: a CANCEL for them alone, and the room (hub, pages and notes all check it) no longer knows them.
        var mid = await bed.MailCountAsync();
        await Meetings(bed, s => s.RemoveParticipantAsync(Room(bed), bed.Cast.Facilitator, bed.Cast.Outsider));
        var removed = (await bed.MailsAsync()).Skip(mid).ToList();
        var cancel = Assert.Single(removed);
        Assert.Equal("out@cpas.test", cancel.To);
        Assert.Equal("CANCEL", cancel.Method);
        Assert.True(cancel.Sequence > invitation.Sequence);
        var gone = await Assert.ThrowsAsync<DomainException>(() => bed.Engine(e => e.RequireMemberAsync(bed.Cast.RoomId, bed.Cast.Outsider)));
        Assert.True(gone.IsNotFound);
        var view = await Assert.ThrowsAsync<DomainException>(() => bed.Conferences(s => s.ViewAsync(bed.Cast.ConferenceId, bed.Cast.Outsider)));
        Assert.True(view.IsNotFound || view.IsForbidden);
    }

    [Fact]
    public async Task The_chair_cannot_be_removed_and_a_new_chair_is_an_update_for_everyone()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var removeChair = await Assert.ThrowsAsync<DomainException>(() => Meetings(bed, s => s.RemoveParticipantAsync(Room(bed), bed.Cast.Facilitator, bed.Cast.Facilitator)));
        Assert.StartsWith("Meetings.Error.Remove", removeChair.TextKey);
        var before = await bed.MailCountAsync();
        await Meetings(bed, s => s.ChangeChairAsync(Room(bed), bed.Cast.Facilitator, bed.Cast.As));
        var updates = (await bed.MailsAsync()).Skip(before).ToList();
        Assert.Equal(Everyone, updates.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(updates, m => Assert.Equal("CalendarUpdate", m.Kind));
        Assert.All(updates, m => Assert.Contains("ROLE=CHAIR", Unfolded(m)));
        var ai = updates.Single(m => m.To == "ai@cpas.test").Text;
        Assert.Contains("Présidence", ai); // the one line saying what changed
        Assert.Contains("Asma Sociale", ai);
        // The new chair cannot be removed either.
        await Assert.ThrowsAsync<DomainException>(() => Meetings(bed, s => s.RemoveParticipantAsync(Room(bed), bed.Cast.Facilitator, bed.Cast.As)));
    }

    [Fact]
    public async Task A_cancelled_conference_sends_everyone_a_cancel_with_the_reason_and_its_room_refuses_entry_and_changes()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        var before = await bed.MailCountAsync();
        await Meetings(bed, s => s.CancelAsync(Room(bed), bed.Cast.Facilitator, "La personne a déménagé"));
        var cancels = (await bed.MailsAsync()).Skip(before).ToList();
        Assert.Equal(Everyone, cancels.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(cancels, m => Assert.Equal("CANCEL", m.Method));
        Assert.All(cancels, m => Assert.Contains("déménagé", m.Text));
        Assert.Equal(RoomStatus.Cancelled, await bed.DbAsync(db => db.Rooms.Where(r => r.Id == bed.Cast.RoomId).Select(r => r.Status).SingleAsync()));
        await Assert.ThrowsAsync<DomainException>(() => bed.ScopeAsync(sp => sp.GetRequiredService<RoomEngine>().JoinAsync(bed.Cast.RoomId, bed.Cast.As, "conn-as")));
        var again = await Assert.ThrowsAsync<DomainException>(() => Meetings(bed, s => s.MoveAsync(Room(bed), bed.Cast.Facilitator, Move(bed, 3, 14))));
        Assert.Equal("Meetings.Error.Cancelled", again.TextKey);
    }

    [Fact]
    public async Task A_comite_a_blanc_session_takes_only_staff_members()
    {
        await using var bed = await CommitteeSetup.CreateAsync();
        var now = bed.Clock.GetUtcNow();
        var a = (await bed.SaveCaseAsync(CommitteeSetup.CaseInput("Garantie locative après une séparation"))).Saved!;
        var session = await bed.Committees(s => s.CreateSessionAsync(new CommitteeSessionInput
        {
            Title = "Comité à blanc (cycle de vie)", Start = now.AddDays(3), End = now.AddDays(3).AddHours(2), CaseIds = [a.Id], MemberIds = [bed.Cast.Members[0], bed.Cast.Members[1]],
        }, bed.Cast.Chair));
        var r = MeetingRef.OfRoom(session.RoomId);
        var partner = await Assert.ThrowsAsync<DomainException>(() => Meetings(bed, s => s.AddParticipantAsync(r, bed.Cast.Chair, bed.Cast.Partner, RoomRole.Participant)));
        Assert.Equal("Committees.Error.MembersStaffOnly", partner.TextKey);
        await Meetings(bed, s => s.AddParticipantAsync(r, bed.Cast.Chair, bed.Cast.Members[2], RoomRole.Participant));
        var panel = await bed.InScopeAsync<MeetingScheduler, MeetingPanel>(s => s.PanelAsync(r, bed.Cast.Chair));
        Assert.True(panel.CanOrganise);
        Assert.Contains(panel.People, p => p.Id == bed.Cast.Members[2]);
        Assert.DoesNotContain(panel.Invitable, p => p.Id == bed.Cast.Partner);
        // A member is not the organiser.
        var member = await Assert.ThrowsAsync<DomainException>(() => Meetings(bed, s => s.MoveAsync(r, bed.Cast.Members[0], Move(bed, 5, 10))));
        Assert.True(member.IsForbidden);
    }
}

/// <summary>The preparation reminder (issue #20 point 2) with a controlled clock.</summary>
public class PreparationReminderTests
{
    /// <summary>A conference five days ahead (invitations leave now, well before the reminder point).</summary>
    private static async Task<Conference> InFiveDaysAsync(CoreTestHost<ConferenceCast> bed)
    {
        var day = CalendarTime.LocalDate(bed.Clock.GetUtcNow()).AddDays(5);
        return await bed.Conferences(s => s.PrepareAsync(bed.Cast.CaseId, bed.Cast.Facilitator, new ConferencePlan(null, CalendarTime.FromLocal(day, new TimeOnly(10, 0)),
            CalendarTime.FromLocal(day, new TimeOnly(11, 0)), "Salle 2", null, "Positions", [bed.Cast.As, bed.Cast.Ai, bed.Cast.Partner], false)));
    }

    private static Task<int> RunAsync(CoreTestHost bed) => bed.InScopeAsync<PreparationReminders, int>(r => r.RunAsync());

    [Fact]
    public async Task Two_days_before_only_those_who_have_not_written_their_position_are_reminded_once_with_the_preparation_link()
    {
        await using var bed = await ConferenceSetup.CreateAsync(withConference: false);
        var conference = await InFiveDaysAsync(bed);
        await bed.Conferences(s => s.SavePositionAsync(conference.Id, bed.Cast.As, new PositionInput("Santé d'abord.", "Orientation santé", null, null, Visibility.AllParticipants, false)));

        // Three and a half days before: too early.
        bed.Clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal(0, await RunAsync(bed));
        bed.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(2, await RunAsync(bed));
        var reminders = (await bed.MailsAsync()).Where(m => m.Kind == "MeetingPreparationReminder").ToList();
        Assert.Equal(["ai@cpas.test", "pw@partner.test"], reminders.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(reminders, m => Assert.Contains($"{CoreTestHost.BaseUrl}/conferences/{conference.Id}", m.Text));
        Assert.Contains("Voor te bereiden", reminders.Single(m => m.To == "pw@partner.test").Subject);
        // Once: a second round sends nothing.
        Assert.Equal(0, await RunAsync(bed));

        // The organiser sees who prepared.
        var prepared = await bed.InScopeAsync<MeetingScheduler, IReadOnlyDictionary<Guid, bool>>(s => s.PreparedAsync(conference.RoomId));
        Assert.True(prepared[bed.Cast.As]);
        Assert.False(prepared[bed.Cast.Ai]);
        Assert.False(prepared.ContainsKey(bed.Cast.Facilitator));
    }

    [Fact]
    public async Task The_reminder_lead_is_configurable_and_zero_turns_it_off()
    {
        await using (var early = await ConferenceSetup.CreateAsync(withConference: false, settings: new Dictionary<string, string?> { ["Meetings:PreparationReminderDays"] = "4" }))
        {
            await InFiveDaysAsync(early);
            early.Clock.Advance(TimeSpan.FromDays(1.5)); // three and a half days before
            Assert.Equal(3, await RunAsync(early));
        }
        await using var off = await ConferenceSetup.CreateAsync(withConference: false, settings: new Dictionary<string, string?> { ["Meetings:PreparationReminderDays"] = "0" });
        await InFiveDaysAsync(off);
        off.Clock.Advance(TimeSpan.FromDays(4.5));
        Assert.Equal(0, await RunAsync(off));
        Assert.DoesNotContain(await off.MailsAsync(), m => m.Kind == "MeetingPreparationReminder");
    }
}
