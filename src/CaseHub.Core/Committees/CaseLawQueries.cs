using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Committees;

/// <summary>Filters of the internal case-law library (all optional).</summary>
public sealed record CaseLawFilter(string? Query = null, LegalCategory? Category = null, AidType? AidType = null, CommitteeDecision? Decision = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>A reference decision with its case and session (jurisprudence interne).</summary>
public sealed record CaseLawEntry(CommitteeSessionCase Decision, ExerciseCase Case, string SessionTitle, DateTimeOffset SessionDate, Guid SessionId)
{
    public double? AgreementIndex => Agreement.ModalShare([Decision.GrantCount, Decision.RefuseCount, Decision.DeferCount]);
}

/// <summary>Agreement of one session: mean modal share over its decided cases and Fleiss' kappa across them.</summary>
public sealed record SessionAgreement(Guid SessionId, string Title, DateTimeOffset Date, int Cases, double? MeanModalShare, double? Kappa);

/// <summary>The internal case-law library and the convergence of decisions over time.</summary>
public sealed class CaseLawQueries(CaseHubDbContext db, TextCatalog texts)
{
    public const int MaxResults = 500;

    public async Task<List<CaseLawEntry>> SearchAsync(CaseLawFilter filter, CancellationToken ct = default)
    {
        var q = from sc in db.CommitteeSessionCases.AsNoTracking()
                join s in db.CommitteeSessions on sc.SessionId equals s.Id
                join r in db.Rooms on s.RoomId equals r.Id
                join c in db.ExerciseCases on sc.CaseId equals c.Id
                where sc.DecidedAt != null && r.Status != RoomStatus.Cancelled
                select new { sc, c, r.Title, r.ScheduledStart, SessionId = s.Id };
        if (filter.Category is { } cat) q = q.Where(x => x.c.LegalCategory == cat);
        if (filter.AidType is { } aid) q = q.Where(x => x.c.AidType == aid);
        if (filter.Decision is { } d) q = q.Where(x => x.sc.Reference == d);
        if (filter.From is { } from) q = q.Where(x => x.sc.DecidedAt >= from);
        if (filter.To is { } to) q = q.Where(x => x.sc.DecidedAt < to);
        foreach (var word in (filter.Query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(8))
        {
            var w = word.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // EF Core translates string.ToLower() to SQL lower(); the culture and StringComparison overloads do not translate
            q = q.Where(x => x.c.Code.ToLower().Contains(w) || x.c.Title.ToLower().Contains(w) || x.c.Narrative.ToLower().Contains(w)
                             || x.c.Request.ToLower().Contains(w) || x.c.Household.ToLower().Contains(w) || x.c.Resources.ToLower().Contains(w)
                             || (x.sc.Rationale != null && x.sc.Rationale.ToLower().Contains(w))
                             || (x.sc.ReferenceConditions != null && x.sc.ReferenceConditions.ToLower().Contains(w)));
#pragma warning restore CA1304, CA1311, CA1862
        }
        var rows = await q.OrderByDescending(x => x.sc.DecidedAt).Take(MaxResults).ToListAsync(ct);
        return rows.Select(x => new CaseLawEntry(x.sc, x.c, x.Title, x.ScheduledStart, x.SessionId)).ToList();
    }

    /// <summary>The entries as a table for CSV or Excel (<see cref="Exports.Exporter"/>): amounts, months and the
    /// agreement index are real numbers, the decision date a real date.</summary>
    public Exports.ExportTable ToTable(IEnumerable<CaseLawEntry> entries, string language)
    {
        string H(string key) => texts.Get(key, language);
        var table = new Exports.ExportTable("Committees.Export.CaseLawSheet",
            new("Committees.Case.Code"), new("Committees.Case.Title"), new("Committees.Case.LegalCategory"), new("Committees.Case.AidType"),
            new("Committees.Law.Date", Exports.ExportKind.Date), new("Committees.Law.Session"), new("Committees.Law.Decision"),
            new("Committees.Ballot.Amount", Exports.ExportKind.Number), new("Committees.Ballot.Months", Exports.ExportKind.WholeNumber),
            new("Committees.Ballot.Conditions"), new("Committees.Law.Spread"), new("Committees.Law.Agreement", Exports.ExportKind.Number),
            new("Committees.Law.Rationale"));
        foreach (var e in entries)
        {
            var d = e.Decision;
            table.Add(e.Case.Code, e.Case.Title, H("Committees.Category." + e.Case.LegalCategory), H("Committees.Aid." + e.Case.AidType),
                Calendar.CalendarTime.LocalDate(d.DecidedAt!.Value), e.SessionTitle, H("Committees.Decision." + d.Reference),
                d.ReferenceAmountCents is { } a ? a / 100m : null, d.ReferenceMonths, d.ReferenceConditions,
                $"{d.GrantCount}/{d.RefuseCount}/{d.DeferCount}", e.AgreementIndex is { } ai ? Math.Round(ai, 2) : null, d.Rationale);
        }
        return table;
    }

    /// <summary>Agreement per session, oldest first (only sessions with at least one reference decision).</summary>
    public async Task<List<SessionAgreement>> ConvergenceAsync(CancellationToken ct = default)
    {
        var rows = await (from sc in db.CommitteeSessionCases.AsNoTracking()
                          join s in db.CommitteeSessions on sc.SessionId equals s.Id
                          join r in db.Rooms on s.RoomId equals r.Id
                          where sc.DecidedAt != null && r.Status != RoomStatus.Cancelled
                          select new { s.Id, r.Title, r.ScheduledStart, sc.GrantCount, sc.RefuseCount, sc.DeferCount }).ToListAsync(ct);
        return rows.GroupBy(x => (x.Id, x.Title, x.ScheduledStart)).Select(g =>
        {
            var counts = g.Select(x => (IReadOnlyList<int>)[x.GrantCount, x.RefuseCount, x.DeferCount]).ToList();
            var shares = counts.Select(Agreement.ModalShare).Where(v => v is not null).Select(v => v!.Value).ToList();
            return new SessionAgreement(g.Key.Id, g.Key.Title, g.Key.ScheduledStart, counts.Count, shares.Count == 0 ? null : shares.Average(), Agreement.FleissKappa(counts));
        }).OrderBy(s => s.Date).ToList();
    }
}
