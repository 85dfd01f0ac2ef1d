using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.Intervision;

/// <summary>A series lives on: newcomers, moved or cancelled sessions, the narrator's reaction, a summary corrected after the meeting.</summary>
public class IntervisionUpkeepTests
{
    private static Task<List<Mail.OutboxMessage>> MailsAsync(CoreTestHost<IntervisionCast> bed, string? kind = null)
        => bed.DbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => kind == null || m.Kind == kind).ToListAsync());

    [Fact]
    public async Task A_newcomer_joins_the_future_sessions_is_invited_and_takes_turns_while_hand_made_roles_are_kept()
    {
        await using var bed = await IntervisionSetup.CreateAsync(people: 6);
        var (a, b, c, d, e, newcomer) = (bed.Cast.People[0], bed.Cast.People[1], bed.Cast.People[2], bed.Cast.People[3], bed.Cast.People[4], bed.Cast.People[5]);
        var team = await bed.Teams(s => s.CreateTeamAsync("Équipe test", a, [b, c, d, e]));
        var series = await bed.Scheduling(s => s.CreateSeriesAsync(new SeriesSpec(team.Id, "Intervision mensuelle", IntervisionProtocols.GroupAnalysis, null, a,
            CalendarTime.FromLocal(2026, 3, 10, 9, 30), 180, "Salle 2", Recurrence.MonthlyOnWeekday(2, DayOfWeek.Tuesday, 4)), a));
        var before = await bed.SessionsAsync(series.Id);
        Assert.Equal([b, c, d, e], before.Select(s => s.NarratorId));
        Assert.Equal([c, d, e, b], before.Select(s => s.RapporteurId));
        // Session 3 (index 2) had its roles changed by hand; session 1 (index 0) has already begun.
        await bed.Scheduling(s => s.SetRolesAsync(before[2].Id, a, b, c));
        bed.Clock.SetUtcNow(before[0].Start.AddMinutes(30));
        var mailsBefore = (await MailsAsync(bed)).Count;

        await bed.Teams(s => s.AddMemberAsync(team.Id, a, newcomer));

        var after = await bed.SessionsAsync(series.Id);
        Assert.Equal((b, c), (after[0].NarratorId, after[0].RapporteurId)); // begun: untouched
        Assert.Equal((c, d), (after[1].NarratorId, after[1].RapporteurId)); // the rotation with the newcomer last: still c then d
        Assert.Equal((b, c), (after[2].NarratorId, after[2].RapporteurId)); // the animateur's choice is kept
        Assert.Equal((e, newcomer), (after[3].NarratorId, after[3].RapporteurId)); // the newcomer takes their turn

        var participants = await bed.DbAsync(db => db.RoomParticipants.AsNoTracking().Where(p => p.UserId == newcomer).Select(p => new { p.RoomId, p.Role, p.ProtocolRole }).ToListAsync());
        Assert.Equal(after.Skip(1).Select(s => s.RoomId).Order(), participants.Select(p => p.RoomId).Order());
        Assert.All(participants, p => Assert.Equal(RoomRole.Participant, p.Role));
        Assert.Equal(IntervisionProtocols.Rapporteur, participants.Single(p => p.RoomId == after[3].RoomId).ProtocolRole);
        var roles = await bed.DbAsync(db => db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == after[3].RoomId && p.ProtocolRole != null).ToDictionaryAsync(p => p.UserId, p => p.ProtocolRole));
        Assert.Equal(new Dictionary<Guid, string?> { [e] = IntervisionProtocols.Narrator, [newcomer] = IntervisionProtocols.Rapporteur }, roles);

        // One invitation to the series, to the newcomer only.
        var entry = await bed.DbAsync(db => db.CalendarEntries.Include(x => x.Invitees).SingleAsync(x => x.OwnerId == series.Id));
        Assert.Contains(entry.Invitees, i => i.UserId == newcomer);
        var sent = (await MailsAsync(bed)).Skip(mailsBefore).ToList();
        Assert.Equal(["p5@cpas-test.test"], sent.Select(m => m.ToAddress));
        Assert.Contains("RRULE:FREQ=MONTHLY", Calendar(sent[0]));

        // A later series carries the rotation on over the five of them: the newcomer narrates next.
        var next = await bed.Scheduling(s => s.CreateSeriesAsync(new SeriesSpec(team.Id, "Consultation", IntervisionProtocols.PeerConsultation, null, a,
            CalendarTime.FromLocal(2026, 8, 4, 14, 0), 60, null, null), a));
        Assert.Equal((newcomer, b), ((await bed.SessionsAsync(next.Id))[0].NarratorId, (await bed.SessionsAsync(next.Id))[0].RapporteurId));
    }

    [Fact]
    public async Task Moving_or_cancelling_one_session_moves_its_room_and_sends_the_calendar_update_to_everyone()
    {
        await using var bed = await IntervisionSetup.CreateAsync();
        var (_, series, sessions) = await bed.SeriesAsync(count: 3);
        var mailsBefore = (await MailsAsync(bed)).Count;
        var newStart = CalendarTime.FromLocal(2026, 4, 16, 13, 0);

        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.Scheduling(s => s.MoveSessionAsync(sessions[1].Id, bed.Cast.People[2], newStart)))).IsForbidden);
        await bed.Scheduling(s => s.MoveSessionAsync(sessions[1].Id, bed.Cast.Animateur, newStart));

        var moved = (await bed.SessionsAsync(series.Id))[1];
        Assert.Equal(newStart, moved.Start);
        var room = await bed.DbAsync(db => db.Rooms.AsNoTracking().SingleAsync(r => r.Id == moved.RoomId));
        Assert.Equal((newStart, newStart.AddMinutes(180)), (room.ScheduledStart, room.ScheduledEnd));
        var entry = await bed.DbAsync(db => db.CalendarEntries.Include(x => x.Exceptions).AsNoTracking().SingleAsync(x => x.OwnerId == series.Id));
        var exception = Assert.Single(entry.Exceptions);
        Assert.Equal((sessions[1].Start, newStart, false), (exception.OriginalStart, exception.NewStart!.Value, exception.Cancelled));
        var updates = (await MailsAsync(bed)).Skip(mailsBefore).ToList();
        Assert.Equal(5, updates.Count); // every invitee
        Assert.All(updates, m => Assert.Contains("RECURRENCE-ID", Calendar(m)));

        // Moving it again keeps the occurrence's identity (its start in the rule).
        await bed.Scheduling(s => s.MoveSessionAsync(sessions[1].Id, bed.Cast.Animateur, newStart.AddHours(1)));
        entry = await bed.DbAsync(db => db.CalendarEntries.Include(x => x.Exceptions).AsNoTracking().SingleAsync(x => x.OwnerId == series.Id));
        Assert.Equal(sessions[1].Start, Assert.Single(entry.Exceptions).OriginalStart);

        var beforeCancel = (await MailsAsync(bed)).Count;
        await bed.Scheduling(s => s.CancelSessionAsync(sessions[2].Id, bed.Cast.Animateur, "Formation le même jour"));
        Assert.Equal(RoomStatus.Cancelled, await bed.DbAsync(db => db.Rooms.Where(r => r.Id == sessions[2].RoomId).Select(r => r.Status).SingleAsync()));
        entry = await bed.DbAsync(db => db.CalendarEntries.Include(x => x.Exceptions).AsNoTracking().SingleAsync(x => x.OwnerId == series.Id));
        Assert.True(entry.Exceptions.Single(x => x.OriginalStart == sessions[2].Start).Cancelled);
        Assert.Equal(5, (await MailsAsync(bed)).Count - beforeCancel);
        // A cancelled session can no longer be moved.
        Assert.Equal("Meetings.Error.Cancelled", (await Assert.ThrowsAsync<DomainException>(() => bed.Scheduling(s => s.MoveSessionAsync(sessions[2].Id, bed.Cast.Animateur, newStart)))).TextKey);
    }

    [Fact]
    public async Task The_narrator_writes_a_private_reaction_in_the_reaction_phase_and_the_group_sees_it_once_shared()
    {
        await using var bed = await IntervisionSetup.CreateAsync();
        var (_, _, sessions) = await bed.SeriesAsync(count: 1);
        var s = await bed.LiveAtPhaseAsync(sessions[0], 3); // interpretations
        var other = bed.Cast.People.First(p => p != s.NarratorId && p != bed.Cast.Animateur);

        Assert.Equal("Intervision.Error.NotReactionPhase", (await Assert.ThrowsAsync<DomainException>(() => bed.Record(x => x.SaveReactionAsync(s.RoomId, s.NarratorId, "Trop tôt", false)))).TextKey);
        await bed.Engine(e => e.GoToPhaseAsync(s.RoomId, bed.Cast.Animateur, 3, 4)); // narrator's reaction
        Assert.Equal("Intervision.Error.NarratorOnly", (await Assert.ThrowsAsync<DomainException>(() => bed.Record(x => x.SaveReactionAsync(s.RoomId, other, "Pas moi", false)))).TextKey);
        Assert.Equal("Phone", (await Assert.ThrowsAsync<DomainException>(() => bed.Record(x => x.SaveReactionAsync(s.RoomId, s.NarratorId, "Rappeler au 0470 12 34 56", false)))).Pii());

        await bed.Record(x => x.SaveReactionAsync(s.RoomId, s.NarratorId, "brouillon-reaction-4417", false));
        var othersView = await bed.Cards(c => c.ViewAsync(s.RoomId, other));
        Assert.Null(othersView.Live.Reaction);
        Assert.Null(othersView.MyReaction);
        var narratorView = await bed.Cards(c => c.ViewAsync(s.RoomId, s.NarratorId));
        Assert.Equal(new MyReactionView("brouillon-reaction-4417", false), narratorView.MyReaction);
        Assert.Null(narratorView.Live.Reaction);

        await bed.Record(x => x.SaveReactionAsync(s.RoomId, s.NarratorId, "Ce qui m'a aidé : le cadre", true));
        Assert.Equal("Ce qui m'a aidé : le cadre", (await bed.Cards(c => c.ViewAsync(s.RoomId, other))).Live.Reaction);
    }

    [Fact]
    public async Task A_summary_corrected_after_the_meeting_goes_out_again_as_updated_minutes_once_per_saved_change()
    {
        await using var bed = await IntervisionSetup.CreateAsync();
        var (_, _, sessions) = await bed.SeriesAsync(count: 1);
        var s = await bed.LiveAtPhaseAsync(sessions[0], 6);
        await bed.Record(x => x.SaveSummaryAsync(s.Id, s.RapporteurId, new SummaryInput("Premier jet", null, null)));
        await bed.ScopeAsync(sp => sp.GetRequiredService<RoomEngine>().CloseAsync(s.RoomId, bed.Cast.Animateur, sp.GetRequiredService<IRoomNotes>(), sp.GetRequiredService<MinutesService>()));
        Assert.Equal(5, (await MailsAsync(bed, "Minutes")).Count);
        Assert.Empty(await MailsAsync(bed, "MinutesUpdated"));

        bed.Clock.Advance(TimeSpan.FromHours(2));
        await bed.Record(x => x.SaveSummaryAsync(s.Id, s.RapporteurId, new SummaryInput("Version relue-7731", "Une piste", null)));
        var updated = await MailsAsync(bed, "MinutesUpdated");
        Assert.Equal(5, updated.Count);
        Assert.All(updated, m => Assert.Contains("relue-7731", DecodedText(m)));

        // Saving the same text again sends nothing; the next real change goes out once more.
        bed.Clock.Advance(TimeSpan.FromMinutes(3));
        await bed.Record(x => x.SaveSummaryAsync(s.Id, s.RapporteurId, new SummaryInput("Version relue-7731", "Une piste", null)));
        Assert.Equal(5, (await MailsAsync(bed, "MinutesUpdated")).Count);
        await bed.Record(x => x.SaveSummaryAsync(s.Id, s.RapporteurId, new SummaryInput("Version relue-7731", "Une piste", "Et ensuite ?")));
        Assert.Equal(10, (await MailsAsync(bed, "MinutesUpdated")).Count);
    }

    private static string Calendar(Mail.OutboxMessage m)
    {
        using var stream = new MemoryStream(m.Mime);
        return string.Join("\n", MimeKit.MimeMessage.Load(stream).BodyParts.OfType<MimeKit.TextPart>().Where(p => p.ContentType.MediaSubtype == "calendar").Select(p => p.Text));
    }

    private static string DecodedText(Mail.OutboxMessage m)
    {
        using var stream = new MemoryStream(m.Mime);
        return MimeKit.MimeMessage.Load(stream).TextBody ?? "";
    }
}
