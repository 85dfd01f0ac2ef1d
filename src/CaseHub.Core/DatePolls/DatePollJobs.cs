using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.DatePolls;

/// <summary>DatePolls:* settings.</summary>
public sealed class DatePollOptions
{
    public const string Section = "DatePolls";

    /// <summary>Days after a poll opened when those who have not answered get their one reminder; 0 = no reminder.</summary>
    [Range(0, 30)] public int ReminderDays { get; set; } = 2;

    /// <summary>How often each node looks for reminders to send and polls to close.</summary>
    [Range(10, 86400)] public int JobIntervalSeconds { get; set; } = 300;
}

/// <summary>What one round of <see cref="DatePollJobs"/> did.</summary>
public sealed record DatePollRound(int Reminded, int Closed);

/// <summary>
/// The polls' two timed steps. <b>Close</b>: an open poll whose slots have all begun, or whose meeting was cancelled or
/// has started (or, without a room, whose provisional date has passed), closes without a pick; its links then only show
/// that. <b>Remind</b>: <see cref="DatePollOptions.ReminderDays"/> after a poll opened, each person asked who has not
/// answered a single slot gets one reminder with their link. Both are conditional updates (claim, then mail), so nodes
/// running the job together never both send; the outbox de-duplicates as well. A partner's reminder carries a fresh
/// link that replaces the first one (only hashes are stored, so the first cannot be repeated; the reminder only goes to
/// someone who has not used it).
/// </summary>
public sealed partial class DatePollJobs(CaseHubDbContext db, DatePollService polls, People people, CalendarService calendar,
    IOptions<DatePollOptions> options, TimeProvider clock, ILogger<DatePollJobs> log)
{
    public async Task<DatePollRound> RunAsync(CancellationToken ct = default)
    {
        var closed = await CloseAsync(ct);
        var reminded = await RemindAsync(ct);
        if (closed + reminded > 0) LogRound(log, reminded, closed);
        return new DatePollRound(reminded, closed);
    }

    private async Task<int> CloseAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var over = await db.DatePolls.Where(p => p.Status == DatePollStatus.Open)
            .Where(p => !db.DatePollSlots.Any(s => s.PollId == p.Id && s.Start > now)
                        || (p.MeetingIsRoom && !db.Rooms.Any(r => r.Id == p.MeetingId && r.Status == RoomStatus.Scheduled))
                        || (!p.MeetingIsRoom && !db.CalendarEntries.Any(e => e.Id == p.MeetingId && e.Status == CalendarEntryStatus.Scheduled && e.Start > now)))
            .Select(p => p.Id).Take(500).ToListAsync(ct);
        var closed = 0;
        foreach (var id in over)
            closed += await db.DatePolls.Where(p => p.Id == id && p.Status == DatePollStatus.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, DatePollStatus.Closed).SetProperty(p => p.ClosedAt, now), ct);
        return closed;
    }

    private async Task<int> RemindAsync(CancellationToken ct)
    {
        var days = options.Value.ReminderDays;
        if (days == 0) return 0;
        var now = clock.GetUtcNow();
        var openedBefore = now - TimeSpan.FromDays(days);
        var due = await db.DatePollInvitees.AsNoTracking()
            .Where(i => i.AnsweredAt == null && i.RemindedAt == null)
            .Where(i => db.DatePolls.Any(p => p.Id == i.PollId && p.Status == DatePollStatus.Open && p.CreatedAt <= openedBefore))
            .OrderBy(i => i.PollId).Take(500).ToListAsync(ct);
        var sent = 0;
        foreach (var group in due.GroupBy(i => i.PollId))
        {
            db.ChangeTracker.Clear();
            var poll = await db.DatePolls.AsNoTracking().Include(p => p.Slots).FirstAsync(p => p.Id == group.Key, ct);
            var title = poll.MeetingIsRoom
                ? await db.Rooms.AsNoTracking().Where(r => r.Id == poll.MeetingId).Select(r => r.Title).FirstOrDefaultAsync(ct)
                : null;
            var entry = poll.MeetingIsRoom ? null : await calendar.GetAsync(poll.MeetingId, ct);
            var organiser = await people.GetAsync(poll.OrganiserId, ct);
            foreach (var invitee in group)
            {
                if (await db.DatePollInvitees.Where(i => i.Id == invitee.Id && i.RemindedAt == null && i.AnsweredAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(i => i.RemindedAt, now), ct) == 0) continue;
                string? token = null;
                if (invitee.TokenHash is not null)
                {
                    // A fresh link for the reminder: the first one's text is not stored. It replaces the unused first link.
                    token = SecureToken.New();
                    var tracked = await db.DatePollInvitees.FirstAsync(i => i.Id == invitee.Id, ct);
                    tracked.TokenHash = SecureToken.Hash(token);
                }
                await polls.MailAsync(poll, invitee, token, title ?? entry?.Title.For(invitee.Language) ?? "—", organiser.DisplayName, reminder: true, ct);
                await db.SaveChangesAsync(ct);
                sent++;
            }
        }
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Date polls: {Reminded} reminder(s) queued, {Closed} poll(s) closed")]
    private static partial void LogRound(ILogger logger, int reminded, int closed);
}

/// <summary>Runs <see cref="DatePollJobs"/> every <see cref="DatePollOptions.JobIntervalSeconds"/>.</summary>
public sealed class DatePollWorker(IServiceScopeFactory scopes, IOptions<DatePollOptions> options, WorkerClock pacing, ILogger<DatePollWorker> log)
    : PeriodicWorker(pacing, log)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.JobIntervalSeconds);

    protected override async Task<bool> RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatePollJobs>().RunAsync(ct);
        return false;
    }
}
