using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.Intervision;

/// <summary>The speaking rounds of an intervision (questions, interpretations, evaluation): who takes a turn.</summary>
public class IntervisionRoundTests
{
    private const int Questions = 2; // a round phase of the group-analysis method

    [Fact]
    public async Task A_round_goes_through_the_members_present_in_the_room_and_never_the_narrator()
    {
        await using var bed = await IntervisionSetup.CreateAsync(people: 6);
        var (_, _, sessions) = await bed.SeriesAsync(count: 1);
        var session = await bed.LiveAtPhaseAsync(sessions[0], Questions);
        var room = session.RoomId;
        var members = bed.Cast.People;
        var absent = members.Where(p => p != session.AnimateurId && p != session.NarratorId && p != session.RapporteurId).ToList();
        Assert.True(absent.Count >= 3);

        // The animateur, the narrator, the rapporteur and one colleague come in; two colleagues never do; one of those who
        // came is marked excused.
        var came = new List<Guid> { session.AnimateurId, session.NarratorId, session.RapporteurId, absent[0], absent[1] };
        foreach (var (user, i) in came.Select((u, i) => (u, i))) await bed.Engine(e => e.JoinAsync(room, user, $"conn-{i}"));
        await bed.Engine(e => e.SetAttendanceAsync(room, session.AnimateurId, absent[1], Attendance.Excused, null));

        Assert.True(await bed.Engine(e => e.StartRoundAsync(room, session.AnimateurId, null, Guid.NewGuid())));

        var state = RoomLiveState.Deserialize((await bed.DbAsync(db => db.Rooms.AsNoTracking().SingleAsync(r => r.Id == room))).StateJson);
        var order = state.Round!.Order;
        Assert.DoesNotContain(session.NarratorId, order);
        Assert.DoesNotContain(absent[1], order);                 // excused
        Assert.All(absent.Skip(2), a => Assert.DoesNotContain(a, order)); // never came
        Assert.Equal(new[] { session.AnimateurId, session.RapporteurId, absent[0] }.Order(), order.Order());
    }
}
