using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Feedback;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>
/// The timed side of discovery days: lapsed offers pass on, reminders, "still coming?", the feedback questionnaire
/// after the day, and the purge of bookings after the retention period. Every step is decided by the injected clock
/// and claimed in the database with a conditional update before its mail is queued (plus the outbox dedup key), so
/// several nodes can run it at once and a restart repeats nothing.
/// </summary>
public sealed partial class DiscoveryDayJobs(
    CaseHubDbContext db,
    DiscoverySeats seats,
    DiscoveryMails mails,
    FeedbackService feedback,
    CalendarService calendar,
    Outbox outbox,
    IOptions<DiscoveryDayOptions> options,
    TimeProvider clock,
    ILogger<DiscoveryDayJobs> log)
{
    /// <summary>Offers whose time is up pass to the next person (or free the seat). Returns how many lapsed.</summary>
    public async Task<int> ExpireOffersAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var days = await db.DiscoveryBookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Offered && b.OfferExpiresAt <= now)
            .Select(b => b.DayId).Distinct().ToListAsync(ct);
        var total = 0;
        foreach (var dayId in days) total += await seats.ExpireOffersAsync(dayId, ct);
        return total;
    }

    /// <summary>
    /// Reminders (default 7 days and 1 day before) to confirmed people. Only the latest one due is sent (a job that was
    /// stopped for a week does not send both), and none that was due before the person had their seat.
    /// </summary>
    public async Task<int> SendRemindersAsync(CancellationToken ct = default)
    {
        var offsets = options.Value.ReminderOffsets;
        if (offsets.Count == 0) return 0;
        var now = clock.GetUtcNow();
        var horizon = now + offsets.Max();
        var smallest = (int)offsets.Min().TotalMinutes;
        var candidates = await db.DiscoveryBookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Confirmed && (b.LastReminderMinutes == null || b.LastReminderMinutes > smallest))
            .Where(b => b.Day!.Status != DiscoveryDayStatus.Cancelled && b.Day.Start > now && b.Day.Start <= horizon)
            .Select(b => new { b.Id, b.DayId, b.ConfirmedAt, b.LastReminderMinutes, b.Day!.Start })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var c in candidates)
        {
            var due = offsets.Where(o => c.Start - o <= now && (c.ConfirmedAt ?? now) < c.Start - o).Select(o => (TimeSpan?)o).Min();
            if (due is not { } offset) continue;
            var minutes = (int)offset.TotalMinutes;
            if (c.LastReminderMinutes is { } last && last <= minutes) continue;
            if (await ClaimAndSendAsync(c.DayId,
                    claim: q => q.Where(b => b.Id == c.Id && b.Status == BookingStatus.Confirmed && (b.LastReminderMinutes == null || b.LastReminderMinutes > minutes))
                        .ExecuteUpdateAsync(s => s.SetProperty(b => b.LastReminderMinutes, minutes), ct),
                    bookingId: c.Id, mail: (day, b, token) => mails.Reminder(day, b, token, offset), ct))
                sent++;
        }
        if (sent > 0) LogSent(log, "reminder", sent);
        return sent;
    }

    /// <summary>"Still coming?" a few days before, to confirmed people who had their seat by then and have not answered.</summary>
    public async Task<int> SendStillComingAsync(CancellationToken ct = default)
    {
        var offset = options.Value.StillComingOffset;
        if (offset <= TimeSpan.Zero) return 0;
        var now = clock.GetUtcNow();
        var horizon = now + offset;
        var candidates = await db.DiscoveryBookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Confirmed && b.StillComingSentAt == null && b.StillComing == null)
            .Where(b => b.Day!.Status != DiscoveryDayStatus.Cancelled && b.Day.Start > now && b.Day.Start <= horizon)
            .Select(b => new { b.Id, b.DayId, b.ConfirmedAt, b.Day!.Start })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var c in candidates.Where(c => (c.ConfirmedAt ?? now) < c.Start - offset))
        {
            if (await ClaimAndSendAsync(c.DayId,
                    claim: q => q.Where(b => b.Id == c.Id && b.Status == BookingStatus.Confirmed && b.StillComingSentAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(b => b.StillComingSentAt, now), ct),
                    bookingId: c.Id, mail: mails.StillComing, ct))
                sent++;
        }
        if (sent > 0) LogSent(log, "still-coming", sent);
        return sent;
    }

    /// <summary>Claims one booking's mail with a conditional update, then queues it, in one transaction.</summary>
    private async Task<bool> ClaimAndSendAsync(Guid dayId, Func<IQueryable<DiscoveryBooking>, Task<int>> claim, Guid bookingId,
        Func<DiscoveryDay, DiscoveryBooking, string, MailRequest> mail, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await claim(db.DiscoveryBookings) != 1) return false;
            var day = await db.DiscoveryDays.AsNoTracking().Include(d => d.Programme).FirstAsync(d => d.Id == dayId, ct);
            var b = await db.DiscoveryBookings.AsNoTracking().FirstAsync(x => x.Id == bookingId, ct);
            var (token, _) = seats.NewToken(b, clock.GetUtcNow());
            if (!await outbox.EnqueueDraftAsync(db, mail(day, b, token), ct)) return false; // rolled back: sent before (dedup key)
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            await outbox.ComposeDraftsAsync(db, CancellationToken.None); // outside the write transaction (see DiscoverySeats)
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // another node queued the same mail at the same moment
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// After the day (plus the delay), the questionnaire goes to the people checked in, or to everyone confirmed when
    /// nobody was checked in. Days that ended more than two weeks ago are skipped (never a late surprise after an upgrade).
    /// </summary>
    public async Task<int> SendFeedbackAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var readyBefore = now - TimeSpan.FromHours(options.Value.FeedbackDelayHours);
        var notBefore = now - TimeSpan.FromDays(14);
        var days = await db.DiscoveryDays.AsNoTracking()
            .Where(d => d.Status != DiscoveryDayStatus.Cancelled && d.FeedbackSentAt == null && d.PurgedAt == null && d.FeedbackFormId != null
                        && d.End <= readyBefore && d.End > notBefore)
            .Select(d => new { d.Id, d.FeedbackFormId, d.End }).ToListAsync(ct);
        var sent = 0;
        foreach (var d in days)
        {
            db.ChangeTracker.Clear();
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                if (await db.DiscoveryDays.Where(x => x.Id == d.Id && x.FeedbackSentAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.FeedbackSentAt, now), ct) != 1)
                    continue;
                var closes = d.End + TimeSpan.FromDays(options.Value.FeedbackOpenDays);
                await db.FeedbackForms.Where(f => f.Id == d.FeedbackFormId).ExecuteUpdateAsync(s => s.SetProperty(f => f.ClosesAt, closes), ct);
                var confirmed = await db.DiscoveryBookings.AsNoTracking().Where(b => b.DayId == d.Id && b.Status == BookingStatus.Confirmed).ToListAsync(ct);
                var people = confirmed.Any(b => b.CheckedInAt != null) ? confirmed.Where(b => b.CheckedInAt != null) : confirmed;
                sent += await feedback.InviteAsync(d.FeedbackFormId!.Value, people.Select(b => new FeedbackRecipient(b.Id.ToString(), b.Email, b.Name, b.Language)), ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                // another node sent it at the same moment
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        if (sent > 0) LogSent(log, "feedback", sent);
        return sent;
    }

    /// <summary>
    /// Deletes the bookings (names, addresses, needs, links) and the calendar invitees of days that ended more than the
    /// retention period ago, and the feedback links; the day and its anonymous, aggregated answers stay. Idempotent.
    /// </summary>
    public async Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var before = now - TimeSpan.FromDays(options.Value.PurgeAfterDays);
        var days = await db.DiscoveryDays.AsNoTracking().Where(d => d.PurgedAt == null && d.End < before)
            .Select(d => new { d.Id, d.CalendarEntryId, d.FeedbackFormId }).ToListAsync(ct);
        var purged = 0;
        foreach (var d in days)
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await db.DiscoveryDays.Where(x => x.Id == d.Id && x.PurgedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.PurgedAt, now), ct) != 1)
                continue;
            await db.DiscoveryBookingTokens.Where(t => db.DiscoveryBookings.Any(b => b.Id == t.BookingId && b.DayId == d.Id)).ExecuteDeleteAsync(ct);
            await db.DiscoveryBookings.Where(b => b.DayId == d.Id).ExecuteDeleteAsync(ct);
            await calendar.ForgetInviteesAsync(d.CalendarEntryId, ct);
            if (d.FeedbackFormId is { } formId) await feedback.PurgeRecipientsAsync(formId, ct);
            await tx.CommitAsync(ct);
            purged++;
        }
        if (purged > 0) LogPurged(log, purged);
        return purged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery days: {Count} {Kind} mail(s) queued")]
    private static partial void LogSent(ILogger logger, string kind, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery days: bookings of {Count} day(s) purged")]
    private static partial void LogPurged(ILogger logger, int count);
}

/// <summary>Runs <see cref="DiscoveryDayJobs"/> on every node every <see cref="DiscoveryDayOptions.JobIntervalSeconds"/>; the purge once a day.</summary>
public sealed class DiscoveryDayWorker(IServiceScopeFactory scopes, IOptions<DiscoveryDayOptions> options, TimeProvider clock, WorkerClock pacing, ILogger<DiscoveryDayWorker> log)
    : PeriodicWorker(pacing, log)
{
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.JobIntervalSeconds);

    protected override async Task<bool> RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<DiscoveryDayJobs>();
        await StepAsync("offers", () => jobs.ExpireOffersAsync(ct), ct);
        await StepAsync("reminders", () => jobs.SendRemindersAsync(ct), ct);
        await StepAsync("still-coming", () => jobs.SendStillComingAsync(ct), ct);
        await StepAsync("feedback", () => jobs.SendFeedbackAsync(ct), ct);
        if (clock.GetUtcNow() - _lastPurge >= TimeSpan.FromDays(1))
        {
            await StepAsync("purge", () => jobs.PurgeAsync(ct), ct);
            _lastPurge = clock.GetUtcNow();
        }
        return false;
    }
}
