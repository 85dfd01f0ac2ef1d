using CaseHub.Core.Data;
using CaseHub.Core.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.DatePolls;

/// <summary>
/// A closed poll's answers and comments go with the meeting's own retention: Retention:RoomNotesDays after the poll
/// closed (picked, or closed because its slots passed or the meeting was cancelled), the period the meeting's live
/// notes are kept. Kept until then so the organiser can still see who could only come "if need be".
/// </summary>
internal sealed class DatePollRule(IOptions<RetentionOptions> options) : IRetentionRule
{
    public string Key => "Retention.Rule.DatePolls";
    public int Days => options.Value.RoomNotesDays;

    public async Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromDays(Days);
        var closed = await db.DatePolls.AsNoTracking().Where(p => p.ClosedAt != null).Select(p => p.ClosedAt!.Value).ToListAsync(ct);
        var next = closed.Where(c => c >= cutoff).DefaultIfEmpty().Min();
        return new RetentionForecast(closed.Count(c => c < cutoff), next == default ? null : next.AddDays(Days));
    }

    public async Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromDays(Days);
        var ids = await db.DatePolls.Where(p => p.ClosedAt != null && p.ClosedAt < cutoff).Select(p => p.Id).ToListAsync(ct);
        var purged = 0;
        foreach (var chunk in ids.Chunk(200))
        {
            // Answers, invitees and slots go by cascade; deleted explicitly so SQLite without FK enforcement purges them too.
            await db.DatePollAnswers.Where(a => db.DatePollInvitees.Any(i => i.Id == a.InviteeId && chunk.Contains(i.PollId))).ExecuteDeleteAsync(ct);
            await db.DatePollInvitees.Where(i => chunk.Contains(i.PollId)).ExecuteDeleteAsync(ct);
            await db.DatePollSlots.Where(s => chunk.Contains(s.PollId)).ExecuteDeleteAsync(ct);
            purged += await db.DatePolls.Where(p => chunk.Contains(p.Id)).ExecuteDeleteAsync(ct);
        }
        return purged;
    }
}
