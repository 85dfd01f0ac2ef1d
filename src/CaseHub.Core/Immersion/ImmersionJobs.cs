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

namespace CaseHub.Core.Immersion;

public sealed class ImmersionOptions
{
    public const string Section = "Immersion";

    /// <summary>Reminders go this many days before the offers and the preferences deadlines (0: none).</summary>
    [Range(0, 60)] public double ReminderDaysBefore { get; set; } = 3;

    /// <summary>How often each node looks for reminders and questionnaires to send.</summary>
    [Range(5, 86_400)] public int JobIntervalSeconds { get; set; } = 600;
}

/// <summary>
/// The timed side of an immersion campaign: a reminder before the offers deadline to partners who published nothing,
/// one before the preferences deadline to participants who ranked nothing, and the feedback questionnaire the day after
/// each person's immersion. Decided by the injected clock. Each mail is claimed by its outbox dedup key (unique in the
/// database) in its own small unit of work, so several nodes can run the job at once and a rerun sends nothing twice.
/// </summary>
public sealed partial class ImmersionJobs(
    CaseHubDbContext db, Outbox outbox, TextCatalog texts, ImmersionDebrief debrief, IOptions<ImmersionOptions> options,
    IOptions<AppOptions> app, TimeProvider clock, ILogger<ImmersionJobs> log)
{
    private TimeSpan Lead => TimeSpan.FromDays(options.Value.ReminderDaysBefore);

    /// <summary>Partners without any offer, in the last days before the offers deadline. Returns how many were queued now.</summary>
    public async Task<int> SendOfferRemindersAsync(CancellationToken ct = default)
    {
        if (Lead <= TimeSpan.Zero) return 0;
        var now = clock.GetUtcNow();
        var until = now + Lead;
        var campaigns = await db.ImmersionCampaigns.AsNoTracking().Where(c => c.OffersDeadline > now && c.OffersDeadline <= until).ToListAsync(ct);
        var sent = 0;
        foreach (var c in campaigns)
        {
            var partners = await db.ImmersionPartners.AsNoTracking()
                .Where(p => p.CampaignId == c.Id && !db.ImmersionOffers.Any(o => o.PartnerId == p.Id)).ToListAsync(ct);
            foreach (var p in partners)
                if (await QueueOnceAsync(OfferReminder(c, p), ct)) sent++;
        }
        if (sent > 0) LogSent(log, "offers-reminder", sent);
        return sent;
    }

    /// <summary>Participants who ranked nothing, in the last days before the preferences deadline. Returns how many were queued now.</summary>
    public async Task<int> SendPreferenceRemindersAsync(CancellationToken ct = default)
    {
        if (Lead <= TimeSpan.Zero) return 0;
        var now = clock.GetUtcNow();
        var until = now + Lead;
        var campaigns = await db.ImmersionCampaigns.AsNoTracking().Where(c => c.PreferencesDeadline > now && c.PreferencesDeadline <= until).ToListAsync(ct);
        var sent = 0;
        foreach (var c in campaigns)
        {
            var people = await db.ImmersionParticipants.AsNoTracking()
                .Where(p => p.CampaignId == c.Id && p.PreferencesAt == null && p.Email != "").ToListAsync(ct);
            foreach (var p in people)
                if (await QueueOnceAsync(PreferenceReminder(c, p), ct)) sent++;
        }
        if (sent > 0) LogSent(log, "preferences-reminder", sent);
        return sent;
    }

    /// <summary>
    /// The questionnaire to everyone whose (published) immersion day is over, from the day after, each once. Only
    /// campaigns whose period ended less than a month ago are looked at. Returns how many were asked now.
    /// </summary>
    public async Task<int> SendFeedbackAsync(CancellationToken ct = default)
    {
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        var since = today.AddDays(-30);
        var ids = await db.ImmersionCampaigns.AsNoTracking()
            .Where(c => c.PublishedAt != null && c.PeriodStart < today && c.PeriodEnd >= since).Select(c => c.Id).ToListAsync(ct);
        var sent = 0;
        foreach (var id in ids)
        {
            try
            {
                sent += await debrief.SendFeedbackAsync(id, ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another node asked the same people at the same moment: theirs went out
            }
        }
        if (sent > 0) LogSent(log, "feedback", sent);
        return sent;
    }

    /// <summary>Queues one mail and saves at once; false when its dedup key was already taken (here or by another node).</summary>
    private async Task<bool> QueueOnceAsync(MailRequest mail, CancellationToken ct)
    {
        try
        {
            if (!await outbox.EnqueueAsync(db, mail, ct)) return false;
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // the unique dedup key: another node queued it first
            return false;
        }
    }

    private MailRequest OfferReminder(ImmersionCampaign c, ImmersionPartner p)
    {
        var l = p.Language;
        var body = new MailBody()
            .Paragraph(texts.Format("Immersion.Mail.Hello", l, MailBody.Escape(p.ContactName)))
            .Paragraph(texts.Format("Immersion.Mail.OffersReminder.Body", l, MailBody.Escape(c.Name), CalendarTime.FormatDateTime(c.OffersDeadline, l),
                CalendarTime.FormatDate(p.InvitedAt, l)))
            .Paragraph(texts.Format("Immersion.Mail.Reminder.Contact", l, MailBody.Escape(c.ContactName), c.ContactEmail));
        return new MailRequest
        {
            ToAddress = p.ContactEmail, ToName = p.ContactName, Language = l, Kind = "ImmersionOffersReminder",
            Subject = texts.Format("Immersion.Mail.OffersReminder.Subject", l, c.Name), BodyMarkdown = body.ToString(),
            // The deadline is part of the key: a postponed deadline reminds again.
            DedupKey = $"immersion:offers-reminder:{p.Id}:{c.OffersDeadline.ToUnixTimeSeconds()}",
        };
    }

    private MailRequest PreferenceReminder(ImmersionCampaign c, ImmersionParticipant p)
    {
        var l = p.Language;
        var body = new MailBody()
            .Paragraph(texts.Format("Immersion.Mail.Hello", l, MailBody.Escape(p.Name)))
            .Paragraph(texts.Format("Immersion.Mail.PreferencesReminder.Body", l, MailBody.Escape(c.Name), CalendarTime.FormatDateTime(c.PreferencesDeadline, l)))
            .Link(app.Value.Link(ImmersionLinks.ChoosePath(c.Id)))
            .Paragraph(texts.Format("Immersion.Mail.Reminder.Contact", l, MailBody.Escape(c.ContactName), c.ContactEmail));
        return new MailRequest
        {
            ToAddress = p.Email, ToName = p.Name, Language = l, Kind = "ImmersionPreferencesReminder",
            Subject = texts.Format("Immersion.Mail.PreferencesReminder.Subject", l, c.Name), BodyMarkdown = body.ToString(),
            DedupKey = $"immersion:preferences-reminder:{p.Id}:{c.PreferencesDeadline.ToUnixTimeSeconds()}",
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Immersion: {Count} {Kind} mail(s) queued")]
    private static partial void LogSent(ILogger logger, string kind, int count);
}

/// <summary>Runs <see cref="ImmersionJobs"/> on every node every <see cref="ImmersionOptions.JobIntervalSeconds"/>.</summary>
public sealed class ImmersionWorker(IServiceScopeFactory scopes, IOptions<ImmersionOptions> options, WorkerClock pacing, ILogger<ImmersionWorker> log)
    : PeriodicWorker(pacing, log)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.JobIntervalSeconds);

    protected override async Task<bool> RoundAsync(CancellationToken ct)
    {
        await Step("offers-reminder", jobs => jobs.SendOfferRemindersAsync(ct), ct);
        await Step("preferences-reminder", jobs => jobs.SendPreferenceRemindersAsync(ct), ct);
        await Step("feedback", jobs => jobs.SendFeedbackAsync(ct), ct);
        return false;
    }

    /// <summary>Each step in its own scope: a failed step leaves nothing half-tracked for the next.</summary>
    private Task Step(string name, Func<ImmersionJobs, Task<int>> step, CancellationToken ct) => StepAsync(name, async () =>
    {
        await using var scope = scopes.CreateAsyncScope();
        await step(scope.ServiceProvider.GetRequiredService<ImmersionJobs>());
    }, ct);
}
