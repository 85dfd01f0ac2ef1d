using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.Intervision;

/// <summary>Synthetic colleagues of one team (alternately French and Dutch speaking); the first is the animateur.</summary>
internal sealed record IntervisionCast(List<Guid> People)
{
    public Guid Animateur => People[0];
}

/// <summary>Intervision tests: the host with a recording intervision broadcaster and the <see cref="IntervisionCast"/>.</summary>
internal static class IntervisionSetup
{
    public static Task<CoreTestHost<IntervisionCast>> CreateAsync(int people = 5) => CoreTestHost.CreateAsync("intervision", bed => SeedAsync(bed, people),
        configure: s => s.AddSingleton<RecordingBroadcaster>().AddSingleton<IRoomBroadcaster>(sp => sp.GetRequiredService<RecordingBroadcaster>()));

    private static Task<IntervisionCast> SeedAsync(CoreTestHost bed, int people) => bed.DbAsync(async db =>
    {
        string[] names = ["Ada Animatrice", "Bram Collègue", "Chloé Collègue", "Dirk Collega", "Eva Collègue", "Fien Collega"];
        var cast = new IntervisionCast([]);
        for (var i = 0; i < people; i++)
        {
            var u = new AppUser { DisplayName = names[i], Email = $"p{i}@cpas-test.test", UserName = $"p{i}@cpas-test.test", Language = i % 2 == 0 ? "fr" : "nl" };
            db.Users.Add(u);
            cast.People.Add(u.Id);
        }
        await db.SaveChangesAsync();
        return cast;
    });

    public static Task<T> Teams<T>(this CoreTestHost bed, Func<IntervisionTeams, Task<T>> action) => bed.InScopeAsync(action);
    public static Task Teams(this CoreTestHost bed, Func<IntervisionTeams, Task> action) => bed.InScopeAsync(action);
    public static Task<T> Templates<T>(this CoreTestHost bed, Func<IntervisionTemplates, Task<T>> action) => bed.InScopeAsync(action);
    public static Task Templates(this CoreTestHost bed, Func<IntervisionTemplates, Task> action) => bed.InScopeAsync(action);
    public static Task<T> Scheduling<T>(this CoreTestHost bed, Func<IntervisionScheduling, Task<T>> action) => bed.InScopeAsync(action);
    public static Task Scheduling(this CoreTestHost bed, Func<IntervisionScheduling, Task> action) => bed.InScopeAsync(action);
    public static Task<T> Sessions<T>(this CoreTestHost bed, Func<IntervisionSessions, Task<T>> action) => bed.InScopeAsync(action);
    public static Task Sessions(this CoreTestHost bed, Func<IntervisionSessions, Task> action) => bed.InScopeAsync(action);
    public static Task<T> Record<T>(this CoreTestHost bed, Func<IntervisionRecord, Task<T>> action) => bed.InScopeAsync(action);
    public static Task Record(this CoreTestHost bed, Func<IntervisionRecord, Task> action) => bed.InScopeAsync(action);
    public static Task<T> Cards<T>(this CoreTestHost bed, Func<IntervisionCards, Task<T>> action) => bed.InScopeAsync(action);
    public static Task Cards(this CoreTestHost bed, Func<IntervisionCards, Task> action) => bed.InScopeAsync(action);
    public static Task<T> Engine<T>(this CoreTestHost bed, Func<RoomEngine, Task<T>> action) => bed.InScopeAsync(action);

    public static Task<IntervisionTeam> TeamAsync(this CoreTestHost<IntervisionCast> bed)
        => bed.Teams(s => s.CreateTeamAsync("Équipe test", bed.Cast.Animateur, bed.Cast.People));

    /// <summary>A team and a monthly series of <paramref name="count"/> group-analysis sessions starting next week.</summary>
    public static async Task<(IntervisionTeam Team, IntervisionSeries Series, List<IntervisionSession> Sessions)> SeriesAsync(this CoreTestHost<IntervisionCast> bed,
        int count = 4, string protocol = IntervisionProtocols.GroupAnalysis)
    {
        var team = await bed.TeamAsync();
        var animateur = bed.Cast.Animateur;
        var series = await bed.Scheduling(s => s.CreateSeriesAsync(new SeriesSpec(team.Id, "Intervision mensuelle", protocol, null, animateur,
            CalendarTime.FromLocal(2026, 3, 10, 9, 30), 180, "Salle 2", count > 1 ? Recurrence.MonthlyOnWeekday(2, DayOfWeek.Tuesday, count) : null), animateur));
        return (team, series, await bed.SessionsAsync(series.Id));
    }

    public static Task<List<IntervisionSession>> SessionsAsync(this CoreTestHost bed, Guid seriesId)
        => bed.DbAsync(db => db.IntervisionSessions.AsNoTracking().Where(s => s.SeriesId == seriesId).OrderBy(s => s.Occurrence).ToListAsync());

    /// <summary>Everyone accepts the rule; the animateur starts the room and goes to phase <paramref name="phase"/>.</summary>
    public static async Task<IntervisionSession> LiveAtPhaseAsync(this CoreTestHost<IntervisionCast> bed, IntervisionSession session, int phase)
    {
        foreach (var p in bed.Cast.People) await bed.Sessions(s => s.AcknowledgeAsync(session.Id, p));
        bed.Clock.SetUtcNow(session.Start);
        await bed.Engine(e => e.StartAsync(session.RoomId, bed.Cast.Animateur));
        if (phase > 0) await bed.Engine(e => e.GoToPhaseAsync(session.RoomId, bed.Cast.Animateur, 0, phase));
        return session;
    }
}

/// <summary>Keeps every intervision broadcast as JSON, as a client would receive it (room patches and presence are dropped).</summary>
internal sealed class RecordingBroadcaster : IRoomBroadcaster
{
    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    public List<string> Sent { get; } = [];

    public Task PatchAsync(Guid roomId, RoomPatch patch) => Task.CompletedTask;
    public Task PresenceAsync(Guid roomId, IReadOnlyList<ParticipantView> participants) => Task.CompletedTask;
    public Task RemovedAsync(Guid roomId, Guid userId, IReadOnlyList<string> connectionIds) => Task.CompletedTask;

    public Task FeatureAsync(Guid roomId, RoomFeatureChange change)
    {
        if (change is IntervisionChanged { View: var view })
            lock (Sent) Sent.Add(System.Text.Json.JsonSerializer.Serialize(view, WebJson));
        return Task.CompletedTask;
    }
}
