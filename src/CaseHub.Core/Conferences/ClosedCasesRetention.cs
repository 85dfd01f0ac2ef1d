using CaseHub.Core.Data;
using CaseHub.Core.Retention;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Conferences;

/// <summary>
/// Closed conference cases are deleted, not anonymised: the case code links back to the person's social file at the
/// CPAS, so any remnant (orientation, dates, positions) would stay pseudonymous personal data about a person in
/// difficulty, and the CPAS keeps its own decisions in that file. The audit trail keeps that the case existed (ids only).
/// </summary>
internal sealed class ClosedCasesRule(IOptions<RetentionOptions> options) : IRetentionRule
{
    public string Key => "Retention.Rule.ClosedCases";
    public int Days => options.Value.ClosedCasesDays;

    public Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => Forecast.OfAsync(db.ConferenceCases.Where(c => c.ClosedAt != null).Select(c => c.ClosedAt!.Value), Days, now, ct);

    public async Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromDays(Days);
        var cases = await db.ConferenceCases.AsNoTracking().Where(c => c.ClosedAt != null && c.ClosedAt < cutoff).Select(c => c.Id).ToListAsync(ct);
        var purged = 0;
        foreach (var caseId in cases)
        {
            // One transaction per case: a crash leaves whole cases, and the next run (on any node) finishes the rest.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var rooms = await db.Conferences.Where(c => c.CaseId == caseId).Select(c => c.RoomId).ToListAsync(ct);
            var noteKeys = rooms.Select(Room.NotesKeyFor).ToList();
            await db.NoteDocuments.Where(d => noteKeys.Contains(d.Key)).ExecuteDeleteAsync(ct);
            await db.CalendarEntries.Where(e => e.OwnerType == MeetingScheduler.CalendarOwnerType && rooms.Contains(e.OwnerId)).ExecuteDeleteAsync(ct);
            // Conferences (positions, points), members and handovers cascade from the case; the rooms go after them.
            var deleted = await db.ConferenceCases.Where(c => c.Id == caseId && c.ClosedAt != null && c.ClosedAt < cutoff).ExecuteDeleteAsync(ct);
            if (deleted == 1)
            {
                await db.RoomConnections.Where(c => rooms.Contains(c.RoomId)).ExecuteDeleteAsync(ct);
                await db.Rooms.Where(r => rooms.Contains(r.Id)).ExecuteDeleteAsync(ct);
            }
            await tx.CommitAsync(ct);
            purged += deleted;
        }
        return purged;
    }
}
