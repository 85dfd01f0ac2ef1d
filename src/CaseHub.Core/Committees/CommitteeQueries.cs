using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Committees;

/// <summary>A comité à blanc as the list of the user's sessions shows it.</summary>
public sealed record CommitteeSessionRow(Guid Id, string Title, DateTimeOffset Start, RoomStatus Status, int Cases, int Decided, bool Chair);

/// <summary>What the comité à blanc pages list: the user's sessions and the library of exercise cases.</summary>
public sealed class CommitteeQueries(CaseHubDbContext db)
{
    /// <summary>The sessions the user sits in (not cancelled), newest first.</summary>
    public Task<List<CommitteeSessionRow>> SessionsOfAsync(Guid userId, int take = 200, CancellationToken ct = default)
        => (from s in db.CommitteeSessions.AsNoTracking()
            join r in db.Rooms on s.RoomId equals r.Id
            join p in db.RoomParticipants on r.Id equals p.RoomId
            where p.UserId == userId && r.Status != RoomStatus.Cancelled
            orderby r.ScheduledStart descending
            select new CommitteeSessionRow(s.Id, r.Title, r.ScheduledStart, r.Status, s.Cases.Count, s.Cases.Count(c => c.DecidedAt != null), p.Role == RoomRole.Chair))
            .Take(take).ToListAsync(ct);

    /// <summary>The library (archived cases or the others), by code, with their kept PII findings.</summary>
    public Task<List<ExerciseCase>> CasesAsync(bool archived, int take = 500, CancellationToken ct = default)
        => db.ExerciseCases.AsNoTracking().Include(c => c.PiiOverrides).Where(c => c.Archived == archived).OrderBy(c => c.Code).Take(take).ToListAsync(ct);

    /// <summary>The cases a new session may use (not archived), by code.</summary>
    public Task<List<ExerciseCase>> UsableCasesAsync(CancellationToken ct = default)
        => db.ExerciseCases.AsNoTracking().Where(c => !c.Archived).OrderBy(c => c.Code).ToListAsync(ct);

    /// <summary>In how many sessions each of the cases was used (cases never used are left out).</summary>
    public Task<Dictionary<Guid, int>> SessionCountsAsync(IEnumerable<Guid> caseIds, CancellationToken ct = default)
    {
        var ids = caseIds.ToList();
        return db.CommitteeSessionCases.Where(c => ids.Contains(c.CaseId)).GroupBy(c => c.CaseId)
            .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
    }

    /// <summary>One exercise case (with its attachments and kept findings when <paramref name="withDetails"/>), or 404.</summary>
    public async Task<ExerciseCase> CaseAsync(Guid id, bool withDetails, CancellationToken ct = default)
    {
        var query = db.ExerciseCases.AsNoTracking();
        if (withDetails) query = query.Include(c => c.Attachments).Include(c => c.PiiOverrides);
        return await query.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw DomainException.NotFound();
    }
}
