using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.Intervision;

/// <summary>Method templates, series with a recurring invitation and rotating narrator and rapporteur.</summary>
public class IntervisionSeriesTests
{
    [Fact]
    public async Task A_series_sends_one_recurring_invitation_and_creates_a_room_per_session_with_rotating_roles()
    {
        await using var bed = await IntervisionSetup.CreateAsync();
        var (team, series, sessions) = await bed.SeriesAsync(count: 4);

        Assert.Equal(4, sessions.Count);
        Assert.Equal([bed.Cast.People[1], bed.Cast.People[2], bed.Cast.People[3], bed.Cast.People[4]], sessions.Select(s => s.NarratorId));
        Assert.Equal([bed.Cast.People[2], bed.Cast.People[3], bed.Cast.People[4], bed.Cast.People[1]], sessions.Select(s => s.RapporteurId));
        // Monthly on the second Tuesday, 09:30 Brussels time.
        Assert.All(sessions, s => Assert.Equal(DayOfWeek.Tuesday, CalendarTime.ToLocal(s.Start).DayOfWeek));
        Assert.Equal([3, 4, 5, 6], sessions.Select(s => CalendarTime.ToLocal(s.Start).Month));

        var entry = await bed.DbAsync(db => db.CalendarEntries.Include(e => e.Invitees).SingleAsync(e => e.OwnerId == series.Id));
        Assert.Equal(IntervisionScheduling.CalendarOwnerType, entry.OwnerType);
        Assert.Equal("FREQ=MONTHLY;COUNT=4;BYDAY=2TU", entry.Recurrence!.ToRule());
        Assert.Equal(5, entry.Invitees.Count);

        var second = sessions[1];
        var participants = await bed.DbAsync(db => db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == second.RoomId).ToListAsync());
        Assert.Equal(RoomRole.Chair, participants.Single(p => p.UserId == bed.Cast.Animateur).Role);
        Assert.Equal(IntervisionProtocols.Narrator, participants.Single(p => p.UserId == second.NarratorId).ProtocolRole);
        Assert.Equal(IntervisionProtocols.Rapporteur, participants.Single(p => p.UserId == second.RapporteurId).ProtocolRole);
        Assert.Equal(2, participants.Count(p => p.ProtocolRole is not null));
        var room = await bed.DbAsync(db => db.Rooms.AsNoTracking().SingleAsync(r => r.Id == second.RoomId));
        Assert.Equal((IntervisionSessions.ContextType, (Guid?)second.Id), (room.ContextType, room.ContextId));

        // A later series of the same team carries on the rotation where the first stopped.
        var next = await bed.Scheduling(s => s.CreateSeriesAsync(new SeriesSpec(team.Id, "Consultation", IntervisionProtocols.PeerConsultation, null, bed.Cast.Animateur,
            CalendarTime.FromLocal(2026, 8, 4, 14, 0), 60, null, null), bed.Cast.Animateur));
        Assert.Equal(bed.Cast.People[1], (await bed.SessionsAsync(next.Id)).Single().NarratorId);
    }

    [Fact]
    public async Task The_animateur_can_swap_roles_for_one_session_and_nobody_else_can()
    {
        await using var bed = await IntervisionSetup.CreateAsync();
        var (_, _, sessions) = await bed.SeriesAsync(count: 2);
        var s = sessions[0];
        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Scheduling(x => x.SetRolesAsync(s.Id, bed.Cast.People[2], bed.Cast.People[2], bed.Cast.People[3])));
        Assert.True(ex.IsForbidden);
        Assert.Equal("Intervision.Error.SamePerson", (await Assert.ThrowsAsync<DomainException>(() => bed.Scheduling(x => x.SetRolesAsync(s.Id, bed.Cast.Animateur, bed.Cast.People[3], bed.Cast.People[3])))).TextKey);

        await bed.Scheduling(x => x.SetRolesAsync(s.Id, bed.Cast.Animateur, bed.Cast.People[4], bed.Cast.People[3]));
        var after = (await bed.SessionsAsync(s.SeriesId))[0];
        Assert.Equal((bed.Cast.People[4], bed.Cast.People[3]), (after.NarratorId, after.RapporteurId));
        var roles = await bed.DbAsync(db => db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == s.RoomId && p.ProtocolRole != null).ToDictionaryAsync(p => p.UserId, p => p.ProtocolRole));
        Assert.Equal(2, roles.Count);
        Assert.Equal(IntervisionProtocols.Narrator, roles[bed.Cast.People[4]]);
        // The next session keeps its own rotation.
        Assert.Equal(sessions[1].NarratorId, (await bed.SessionsAsync(s.SeriesId))[1].NarratorId);
    }

    [Fact]
    public async Task A_facilitators_own_method_drives_the_phase_plan_of_the_sessions()
    {
        await using var bed = await IntervisionSetup.CreateAsync();
        var team = await bed.TeamAsync();
        var template = await bed.Templates(s => s.CreateTemplateAsync(team.Id, bed.Cast.Animateur, "Flash 45", IntervisionProtocols.GroupAnalysis,
            [new PhaseSpec("narration", null, 10), new PhaseSpec("questions", null, 10), new PhaseSpec("proposals", null, 20), new PhaseSpec("evaluation", null, 5)]));
        Assert.Equal("Rooms.Error.UnknownPhase", (await Assert.ThrowsAsync<DomainException>(() => bed.Templates(s => s.CreateTemplateAsync(team.Id, bed.Cast.Animateur, "X", IntervisionProtocols.PeerConsultation,
            [new PhaseSpec("choice", null, 10)])))).TextKey);

        var series = await bed.Scheduling(s => s.CreateSeriesAsync(new SeriesSpec(team.Id, "Flash", "", template.Id, bed.Cast.Animateur,
            CalendarTime.FromLocal(2026, 3, 12, 14, 0), 45, null, null), bed.Cast.Animateur));
        var session = (await bed.SessionsAsync(series.Id)).Single();
        var phases = await bed.DbAsync(db => db.RoomPhases.AsNoTracking().Where(p => p.RoomId == session.RoomId).OrderBy(p => p.Order).ToListAsync());
        Assert.Equal(["narration", "questions", "proposals", "evaluation"], phases.Select(p => p.TemplateKey));
        Assert.Equal([10, 10, 20, 5], phases.Select(p => p.PlannedMinutes));
    }

    [Fact]
    public async Task Non_members_are_not_told_a_team_or_session_exists()
    {
        await using var bed = await IntervisionSetup.CreateAsync(people: 6);
        var team = await bed.Teams(s => s.CreateTeamAsync("Petite équipe", bed.Cast.Animateur, [bed.Cast.People[1], bed.Cast.People[2]]));
        var outsider = bed.Cast.People[5];
        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.Teams(s => s.RequireTeamMemberAsync(team.Id, outsider)))).IsNotFound);
        var series = await bed.Scheduling(s => s.CreateSeriesAsync(new SeriesSpec(team.Id, "Intervision", IntervisionProtocols.PeerConsultation, null, bed.Cast.Animateur,
            CalendarTime.FromLocal(2026, 3, 12, 14, 0), 60, null, null), bed.Cast.Animateur));
        var session = (await bed.SessionsAsync(series.Id)).Single();
        Assert.True((await Assert.ThrowsAsync<DomainException>(() => bed.Sessions(s => s.AcknowledgeAsync(session.Id, outsider)))).IsNotFound);
    }
}
