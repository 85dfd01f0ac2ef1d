using CaseHub.Core.Audit;
using CaseHub.Core.Conferences;
using CaseHub.Core.Data;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Feedback;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Retention;

/// <summary>What is due now for one kind of data, and when the next item falls due.</summary>
public sealed record RetentionForecast(int DueNow, DateTimeOffset? NextDueAt);

/// <summary>One kind of personal data with its retention period. Purging must be idempotent and safe on several nodes.</summary>
public interface IRetentionRule
{
    /// <summary>Text key of the data type's name (fr/nl/en), e.g. "Retention.Rule.SentMail".</summary>
    string Key { get; }
    int Days { get; }
    Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct);
    Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct);
}

internal static class Forecast
{
    /// <summary>Counts items older than the cut-off and finds the oldest younger one (its own due date).</summary>
    public static async Task<RetentionForecast> OfAsync(IQueryable<DateTimeOffset> moments, int days, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromDays(days);
        var due = await moments.CountAsync(m => m < cutoff, ct);
        var next = await moments.Where(m => m >= cutoff).OrderBy(m => m).Select(m => (DateTimeOffset?)m).FirstOrDefaultAsync(ct);
        return new RetentionForecast(due, next?.AddDays(days));
    }
}

internal sealed class SentMailRule(IOptions<RetentionOptions> options) : IRetentionRule
{
    public string Key => "Retention.Rule.SentMail";
    public int Days => options.Value.SentMailDays;

    public Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => Forecast.OfAsync(db.OutboxMessages.Where(m => m.SentAt != null).Select(m => m.SentAt!.Value), Days, now, ct);

    public Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromDays(Days);
        return db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(ct);
    }
}

internal sealed class FeedbackAnswersRule(IOptions<RetentionOptions> options) : IRetentionRule
{
    public string Key => "Retention.Rule.FeedbackAnswers";
    public int Days => options.Value.FeedbackAnswersDays;

    // Anonymous answers carry no date of their own (it could identify them): they age with their questionnaire.
    private static IQueryable<FeedbackResponse> OlderThan(CaseHubDbContext db, DateTimeOffset cutoff)
        => db.FeedbackResponses.Where(r => (r.SubmittedAt ?? db.FeedbackForms.Where(f => f.Id == r.FormId).Select(f => f.ClosesAt ?? f.CreatedAt).First()) < cutoff);

    public Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => Forecast.OfAsync(db.FeedbackResponses.Select(r => r.SubmittedAt ?? db.FeedbackForms.Where(f => f.Id == r.FormId).Select(f => f.ClosesAt ?? f.CreatedAt).First()), Days, now, ct);

    public Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => OlderThan(db, now - TimeSpan.FromDays(Days)).ExecuteDeleteAsync(ct); // answers cascade
}

internal sealed class RoomNotesRule(IOptions<RetentionOptions> options) : IRetentionRule
{
    public string Key => "Retention.Rule.RoomNotes";
    public int Days => options.Value.RoomNotesDays;

    public async Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        // Matched in memory: the notes key holds the room id as .NET writes it, which SQL text conversion of a Guid
        // does not reproduce on every provider (SQLite stores Guids upper-case).
        var closed = await db.Rooms.AsNoTracking().Where(r => r.ClosedAt != null).Select(r => new { r.Id, r.ClosedAt }).ToListAsync(ct);
        var keys = (await db.NoteDocuments.AsNoTracking().Where(d => d.Key.StartsWith("room:")).Select(d => d.Key).ToListAsync(ct)).ToHashSet();
        var moments = closed.Where(r => keys.Contains(Room.NotesKeyFor(r.Id))).Select(r => r.ClosedAt!.Value).ToList();
        var cutoff = now - TimeSpan.FromDays(Days);
        var next = moments.Where(m => m >= cutoff).DefaultIfEmpty().Min();
        return new RetentionForecast(moments.Count(m => m < cutoff), next == default ? null : next.AddDays(Days));
    }

    public async Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromDays(Days);
        var rooms = await db.Rooms.AsNoTracking().Where(r => r.ClosedAt != null && r.ClosedAt < cutoff).Select(r => r.Id).ToListAsync(ct);
        var keys = rooms.Select(Room.NotesKeyFor).ToList();
        var purged = 0;
        foreach (var chunk in keys.Chunk(200))
            purged += await db.NoteDocuments.Where(d => chunk.Contains(d.Key)).ExecuteDeleteAsync(ct); // updates cascade
        return purged;
    }
}

internal sealed class DiscoveryBookingsRule(IOptions<DiscoveryDayOptions> options, DiscoveryDayJobs jobs) : IRetentionRule
{
    public string Key => "Retention.Rule.DiscoveryBookings";
    public int Days => options.Value.PurgeAfterDays;

    public Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => Forecast.OfAsync(db.DiscoveryDays.Where(d => d.PurgedAt == null && db.DiscoveryBookings.Any(b => b.DayId == d.Id)).Select(d => d.End), Days, now, ct);

    public Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct) => jobs.PurgeAsync(ct);
}

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

internal sealed class AuditRule(IOptions<RetentionOptions> options) : IRetentionRule
{
    public string Key => "Retention.Rule.Audit";
    public int Days => options.Value.AuditDays;

    public Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => Forecast.OfAsync(db.AuditEntries.Where(e => e.Seq != null).Select(e => e.At), Days, now, ct);

    public Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => AuditChain.PruneAsync(db, now - TimeSpan.FromDays(Days), ct);
}
