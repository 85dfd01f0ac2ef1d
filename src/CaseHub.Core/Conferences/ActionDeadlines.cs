using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Conferences
{
    /// <summary>Why a deadline cannot move (seed 003: an art. 60 job lost because information did not pass in time).</summary>
    public enum DeadlineKind
    {
        EmployerStart = 0,
        AidExpiry = 1,
        /// <summary>The 30-day legal period for the committee's decision.</summary>
        LegalDecision = 2,
        Other = 3,
    }

    /// <summary>A hard external deadline on a conference's action item: the owner is reminded as it nears; when it
    /// passes with the action still open, the facilitator and the owner's team lead are alerted.</summary>
    public class ActionDeadline
    {
        public Guid ActionId { get; set; }
        public Guid ConferenceId { get; set; }
        public DeadlineKind Kind { get; set; }
        public DateOnly Deadline { get; set; }
        public DateTimeOffset? RemindedAt { get; set; }
        public DateTimeOffset? EscalatedAt { get; set; }
    }

    internal sealed class ActionDeadlineConfiguration : IEntityTypeConfiguration<ActionDeadline>
    {
        public void Configure(EntityTypeBuilder<ActionDeadline> b)
        {
            b.HasKey(x => x.ActionId);
            b.HasOne<ActionItem>().WithOne().HasForeignKey<ActionDeadline>(x => x.ActionId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<Conference>().WithMany().HasForeignKey(x => x.ConferenceId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(x => x.Deadline);
        }
    }

    /// <summary>Hard deadlines: set by the facilitator, followed by a job (idempotent, safe on several nodes).</summary>
    public sealed partial class DeadlineService(CaseHubDbContext db, ConferenceService conferences, Outbox outbox, TextCatalog texts,
        IOptions<AppOptions> app, IOptions<ConferenceOptions> options, TimeProvider clock, ILogger<DeadlineService> log)
    {
        public async Task SetAsync(Guid roomId, Guid userId, Guid actionId, DeadlineKind kind, DateOnly deadline, CancellationToken ct = default)
        {
            var conference = await conferences.RequireChairAsync(roomId, userId, ct);
            if (!Enum.IsDefined(kind)) throw new DomainException("Error.InvalidValue");
            var action = await db.ActionItems.FirstOrDefaultAsync(a => a.Id == actionId && a.RoomId == roomId, ct) ?? throw DomainException.NotFound();
            if (action.OwnerId is null) throw new DomainException("Conference.Error.DeadlineNeedsOwner");
            var today = CalendarTime.LocalDate(clock.GetUtcNow());
            if (deadline < today || deadline > today.AddYears(2)) throw new DomainException("Conference.Error.ReviewDate");
            var row = await db.ActionDeadlines.FirstOrDefaultAsync(d => d.ActionId == actionId, ct);
            if (row is null) db.ActionDeadlines.Add(row = new ActionDeadline { ActionId = actionId, ConferenceId = conference.Id });
            if (row.Deadline != deadline) { row.RemindedAt = null; row.EscalatedAt = null; }
            row.Kind = kind;
            row.Deadline = deadline;
            await db.SaveChangesAsync(ct);
        }

        /// <summary>Reminds owners of deadlines within <see cref="ConferenceOptions.DeadlineReminderDays"/> days and
        /// escalates passed ones. Each row is claimed with a conditional update, so two nodes never both send.</summary>
        public async Task<int> RunAsync(CancellationToken ct = default)
        {
            var now = clock.GetUtcNow();
            var today = CalendarTime.LocalDate(now);
            var soon = today.AddDays(options.Value.DeadlineReminderDays);
            var sent = 0;
            var due = await db.ActionDeadlines.AsNoTracking()
                .Join(db.ActionItems, d => d.ActionId, a => a.Id, (d, a) => new { d, a })
                .Where(x => x.a.Status == ActionStatus.Open && x.a.OwnerId != null
                            && ((x.d.RemindedAt == null && x.d.Deadline <= soon) || (x.d.EscalatedAt == null && x.d.Deadline < today)))
                .Select(x => new { x.d.ActionId, x.d.ConferenceId, x.d.Deadline, x.d.Kind, x.d.RemindedAt, x.d.EscalatedAt, x.a.Text, OwnerId = x.a.OwnerId!.Value })
                .ToListAsync(ct);
            foreach (var x in due)
            {
                var conference = await db.Conferences.AsNoTracking().FirstAsync(c => c.Id == x.ConferenceId, ct);
                var c = await db.ConferenceCases.AsNoTracking().FirstAsync(k => k.Id == conference.CaseId, ct);
                var link = app.Value.Link($"/conferences/cases/{c.Id}");
                if (x.Deadline < today && x.EscalatedAt is null)
                {
                    if (await db.ActionDeadlines.Where(d => d.ActionId == x.ActionId && d.EscalatedAt == null).ExecuteUpdateAsync(s => s.SetProperty(d => d.EscalatedAt, now), ct) == 0) continue;
                    var owner = await db.Users.AsNoTracking().FirstAsync(u => u.Id == x.OwnerId, ct);
                    var lead = owner.ServiceId is { } sid ? await db.Services.Where(s => s.Id == sid).Select(s => s.LeadUserId).FirstOrDefaultAsync(ct) : null;
                    var to = new[] { (Guid?)c.FacilitatorId, x.OwnerId, lead }.Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
                    foreach (var u in await db.Users.AsNoTracking().Where(u => to.Contains(u.Id) && u.Email != null && u.ErasedAt == null).ToListAsync(ct))
                        await MailAsync(u, "Conference.Mail.Overdue", x.ActionId, "overdue", c.Code, x.Text, x.Deadline, x.Kind, link, ct);
                }
                else if (x.RemindedAt is null)
                {
                    if (await db.ActionDeadlines.Where(d => d.ActionId == x.ActionId && d.RemindedAt == null).ExecuteUpdateAsync(s => s.SetProperty(d => d.RemindedAt, now), ct) == 0) continue;
                    var owner = await db.Users.AsNoTracking().FirstAsync(u => u.Id == x.OwnerId, ct);
                    if (owner.Email is not null && owner.ErasedAt is null)
                        await MailAsync(owner, "Conference.Mail.Reminder", x.ActionId, "remind", c.Code, x.Text, x.Deadline, x.Kind, link, ct);
                }
                await db.SaveChangesAsync(ct);
                sent++;
            }
            if (sent > 0) LogSent(log, sent);
            return sent;
        }

        private Task<bool> MailAsync(Accounts.AppUser to, string key, Guid actionId, string step, string code, string text, DateOnly deadline, DeadlineKind kind, string link, CancellationToken ct)
        {
            var culture = Languages.Culture(to.Language);
            // The action's text is escaped as in the minutes (one line), as the mail always was.
            var body = new MailBody().Paragraph(texts.Format(key + ".Body", to.Language, to.DisplayName, code, MinutesService.Escape(text), deadline.ToString("d MMMM yyyy", culture),
                texts.Get("Conference.DeadlineKind." + kind, to.Language), link)).ToString();
            return outbox.EnqueueAsync(db, new MailRequest
            {
                ToAddress = to.Email!, ToName = to.DisplayName, Language = to.Language, Kind = "ConferenceDeadline",
                DedupKey = $"conference-deadline:{step}:{actionId}:{deadline:yyyyMMdd}:{to.Id}",
                Subject = texts.Format(key + ".Subject", to.Language, code, deadline.ToString("d MMMM", culture)),
                BodyMarkdown = body,
            }, ct);
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Conference deadlines: {Count} reminder(s)/alert(s) queued")]
        private static partial void LogSent(ILogger logger, int count);
    }

    /// <summary>Runs the deadline job every <see cref="ConferenceOptions.JobIntervalSeconds"/>.</summary>
    public sealed class ConferenceDeadlineWorker(IServiceScopeFactory scopes, IOptions<ConferenceOptions> options, WorkerClock pacing, ILogger<ConferenceDeadlineWorker> log)
        : PeriodicWorker(pacing, log)
    {
        protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.JobIntervalSeconds);

        protected override async Task<bool> RoundAsync(CancellationToken ct)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DeadlineService>().RunAsync(ct);
            return false;
        }
    }
}

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<Conferences.ActionDeadline> ActionDeadlines => Set<Conferences.ActionDeadline>();
    }
}
