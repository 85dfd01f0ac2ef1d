using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Rooms;

/// <summary>Meetings:* settings (the life cycle every meeting type shares).</summary>
public sealed class MeetingOptions
{
    public const string Section = "Meetings";

    /// <summary>Days before a meeting when those who have not prepared yet are reminded (once); 0 = no reminder.</summary>
    [Range(0, 30)] public int PreparationReminderDays { get; set; } = 2;

    /// <summary>How often each node looks for reminders to send.</summary>
    [Range(10, 86400)] public int JobIntervalSeconds { get; set; } = 300;
}

/// <summary>
/// The preparation reminder: <see cref="MeetingOptions.PreparationReminderDays"/> days before a meeting, each
/// participant who has something to prepare and has not (what that means is the meeting type's, see
/// <see cref="IMeetingType.PreparedAsync"/>) gets one mail in their language with the link to the preparation page.
/// Once per person and meeting: the row is claimed with a conditional update, so nodes running the job together never
/// both send (and the outbox de-duplicates as well). People invited after the reminder point are left alone: their
/// invitation, just sent, already leads to the preparation page.
/// </summary>
public sealed partial class PreparationReminders(CaseHubDbContext db, CalendarService calendar, MeetingTypes types, Outbox outbox, TextCatalog texts,
    IOptions<AppOptions> app, IOptions<MeetingOptions> options, TimeProvider clock, ILogger<PreparationReminders> log)
{
    /// <returns>How many reminders were queued.</returns>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var days = options.Value.PreparationReminderDays;
        if (days == 0) return 0;
        var now = clock.GetUtcNow();
        var lead = TimeSpan.FromDays(days);
        var until = now + lead;
        var roomIds = await db.Rooms.AsNoTracking()
            .Where(r => r.Status == RoomStatus.Scheduled && r.ScheduledStart > now && r.ScheduledStart <= until)
            .Where(r => db.RoomParticipants.Any(p => p.RoomId == r.Id && p.PreparationRemindedAt == null))
            .OrderBy(r => r.ScheduledStart).Select(r => r.Id).Take(200).ToListAsync(ct);
        var sent = 0;
        foreach (var roomId in roomIds)
        {
            db.ChangeTracker.Clear();
            var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct);
            var meeting = await MeetingLoader.ForRoomAsync(calendar, types, room, ct);
            var participants = await MeetingLoader.ParticipantsAsync(db, roomId, tracked: false, ct);
            var prepared = await meeting.Type.PreparedAsync(meeting, participants, ct);
            var remindAt = room.ScheduledStart - lead;
            var due = participants.Where(p => p.PreparationRemindedAt is null && p.InvitedAt <= remindAt && prepared.TryGetValue(p.UserId, out var done) && !done).ToList();
            if (due.Count == 0) continue;
            var dueIds = due.Select(d => d.UserId).ToList();
            var users = await db.Users.AsNoTracking().Where(u => dueIds.Contains(u.Id) && u.Email != null && u.ErasedAt == null).ToListAsync(ct);
            var link = app.Value.Link(await meeting.Type.PreparationPathAsync(meeting, ct));
            foreach (var user in users)
            {
                if (await db.RoomParticipants.Where(p => p.RoomId == roomId && p.UserId == user.Id && p.PreparationRemindedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.PreparationRemindedAt, now), ct) == 0) continue;
                var l = user.Language;
                var body = new MailBody()
                    .Paragraph(texts.Format("Calendar.Mail.Greeting", l, MailBody.Escape(user.DisplayName)))
                    .Paragraph(texts.Format("Meetings.Mail.Reminder.Intro", l, MailBody.Escape(room.Title), MailBody.Escape(CalendarTime.FormatRange(room.ScheduledStart, room.ScheduledEnd, l))))
                    .Paragraph(texts.Format("Meetings.Mail.Reminder.What", l, texts.Get(meeting.Type.PreparationTextKey, l)))
                    .Paragraph(texts.Format("Meetings.Mail.Reminder.Link", l, link));
                await outbox.EnqueueAsync(db, new MailRequest
                {
                    ToAddress = user.Email!, ToName = user.DisplayName, Language = l, Kind = "MeetingPreparationReminder",
                    DedupKey = $"meeting-preparation:{roomId}:{user.Id}",
                    Subject = texts.Format("Meetings.Mail.Reminder.Subject", l, room.Title, CalendarTime.FormatDate(room.ScheduledStart, l)),
                    BodyMarkdown = body.ToString(),
                }, ct);
                await db.SaveChangesAsync(ct);
                sent++;
            }
        }
        if (sent > 0) LogSent(log, sent);
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting preparation: {Count} reminder(s) queued")]
    private static partial void LogSent(ILogger logger, int count);
}

/// <summary>Runs <see cref="PreparationReminders"/> every <see cref="MeetingOptions.JobIntervalSeconds"/>.</summary>
public sealed class PreparationReminderWorker(IServiceScopeFactory scopes, IOptions<MeetingOptions> options, WorkerClock pacing, ILogger<PreparationReminderWorker> log)
    : PeriodicWorker(pacing, log)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.JobIntervalSeconds);

    protected override async Task<bool> RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PreparationReminders>().RunAsync(ct);
        return false;
    }
}
