using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Demo;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Intervision;

/// <summary>Demo mode: an intervision team of the demo CPAS with a monthly group-analysis series and a short peer consultation.</summary>
public sealed class IntervisionDemo(IntervisionTeams teams, IntervisionScheduling scheduling, TimeProvider clock) : IDemoContributor
{
    public int Order => 60;

    public async Task SeedAsync(CaseHubDbContext db, CancellationToken ct)
    {
        string[] emails = ["facilitator@demo.casehub.test", "as@demo.casehub.test", "ai@demo.casehub.test", "coordination@demo.casehub.test", "conseiller@demo.casehub.test"];
        var users = await db.Users.AsNoTracking().Where(u => emails.Contains(u.Email)).ToListAsync(ct);
        var ordered = emails.Select(e => users.FirstOrDefault(u => u.Email == e)).Where(u => u is not null).Select(u => u!.Id).ToList();
        if (ordered.Count < 3) return;
        var animateur = ordered[0];
        var team = await teams.CreateTeamAsync("Intervision du service social (démo)", animateur, ordered, ct);

        // Every first Tuesday of the month, 9:30–12:30, six times.
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        var first = month;
        while (first.DayOfWeek != DayOfWeek.Tuesday) first = first.AddDays(1);
        await scheduling.CreateSeriesAsync(new SeriesSpec(team.Id, "Intervision mensuelle (démo)", IntervisionProtocols.GroupAnalysis, null, animateur,
            CalendarTime.FromLocal(first, new TimeOnly(9, 30)), 180, "Salle 2, antenne Nord (démo)",
            Recurrence.MonthlyOnWeekday(1, DayOfWeek.Tuesday, 6)), animateur, ct);

        var soon = today.AddDays(2);
        await scheduling.CreateSeriesAsync(new SeriesSpec(team.Id, "Consultation entre pairs (démo)", IntervisionProtocols.PeerConsultation, null, animateur,
            CalendarTime.FromLocal(soon, new TimeOnly(14, 0)), 60, "Salle 2, antenne Nord (démo)", null), animateur, ct);
    }
}
