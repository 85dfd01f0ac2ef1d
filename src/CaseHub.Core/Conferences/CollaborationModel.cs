using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Conferences
{
    /// <summary>How the first-line social service (SSG) and the insertion service (ISP) share a case (seed 003, 3.2).</summary>
    public enum CollaborationModel
    {
        /// <summary>Not chosen yet.</summary>
        None = 0,
        /// <summary>"Au suivant": first line investigates, the committee decides, the ISP takes over; the AS stays
        /// référent and writes a yearly joint report with the ISP.</summary>
        PassItOn = 1,
        /// <summary>"Cogestion": an AS referent and an AI referent consult each other regularly.</summary>
        CoManagement = 2,
    }

    public enum FollowUpKind
    {
        /// <summary>The model was chosen or changed.</summary>
        ModelSet = 0,
        /// <summary>The AS and AI referents consulted each other (co-management).</summary>
        Consultation = 1,
        /// <summary>The yearly joint report of the AS and the ISP was written (pass it on).</summary>
        JointReport = 2,
    }

    /// <summary>One step of a case's follow-up: the model set, a consultation held, a joint report written (the timeline shows them).</summary>
    public class CaseFollowUpEntry
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid CaseId { get; set; }
        public FollowUpKind Kind { get; set; }
        public CollaborationModel Model { get; set; }
        /// <summary>The day it happened (for a model: the day it was set).</summary>
        public DateOnly Date { get; set; }
        public Guid UserId { get; set; }
        public DateTimeOffset At { get; set; }
    }

    internal sealed class CaseFollowUpEntryConfiguration : IEntityTypeConfiguration<CaseFollowUpEntry>
    {
        public void Configure(EntityTypeBuilder<CaseFollowUpEntry> b)
        {
            b.ToTable("CaseFollowUps");
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => x.CaseId);
            b.HasOne<ConferenceCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    /// <summary>The case's model as its page shows it.</summary>
    /// <param name="Referents">Who the model makes referent(s) (names, with their party).</param>
    /// <param name="NextKind">What the next follow-up is (a consultation or the joint report), if any.</param>
    public sealed record CollaborationView(CollaborationModel Model, int? ConsultationWeeks, DateOnly? NextFollowUp, FollowUpKind? NextKind, bool Due,
        IReadOnlyList<(Guid UserId, string Name, CaseParty Party)> Referents, bool CanSet, bool CanRecord, int DefaultWeeks);

    /// <summary>A follow-up that is due (or soon) on a case where the reader is a referent: their home page lists it.</summary>
    public sealed record FollowUpDue(Guid CaseId, string CaseCode, FollowUpKind Kind, DateOnly Due);

    /// <summary>
    /// The collaboration model of a case, set by its facilitator or its team lead. The model decides who the referents
    /// are (pass it on: the AS; co-management: the AS and the AI) and proposes the follow-up that goes with it: the
    /// yearly joint report (pass it on) or consultations at a cadence (co-management). A reminder goes to the referents
    /// shortly before each due date; recording the report or the consultation sets the next one.
    /// </summary>
    public sealed partial class CollaborationService(CaseHubDbContext db, CaseService cases, People people, Outbox outbox, TextCatalog texts,
        IOptions<AppOptions> app, IOptions<ConferenceOptions> options, Audit.AuditLog audit, TimeProvider clock, ILogger<CollaborationService> log)
    {
        /// <summary>The parties a model makes referents of the case.</summary>
        public static IReadOnlyList<CaseParty> ReferentParties(CollaborationModel model) => model switch
        {
            CollaborationModel.CoManagement => [CaseParty.SocialWorker, CaseParty.InsertionAgent],
            // Pass it on, and by default: the AS of the first line stays référent.
            _ => [CaseParty.SocialWorker],
        };

        /// <summary>The follow-up a model proposes.</summary>
        public static FollowUpKind? FollowUpOf(CollaborationModel model) => model switch
        {
            CollaborationModel.PassItOn => FollowUpKind.JointReport,
            CollaborationModel.CoManagement => FollowUpKind.Consultation,
            _ => null,
        };

        /// <summary>When the follow-up after one on <paramref name="from"/> is due.</summary>
        public static DateOnly? NextDue(CollaborationModel model, int? weeks, DateOnly from) => model switch
        {
            CollaborationModel.PassItOn => from.AddYears(1),
            CollaborationModel.CoManagement => from.AddDays(7 * (weeks ?? ConferenceOptions.DefaultConsultationWeeksValue)),
            _ => null,
        };

        /// <summary>The facilitator of the case, or a team lead on it.</summary>
        private async Task<ConferenceCase> RequireSetterAsync(Guid caseId, Guid userId, CancellationToken ct)
        {
            var member = await cases.RequireMemberAsync(caseId, userId, ct);
            var c = await db.ConferenceCases.FirstAsync(x => x.Id == caseId, ct);
            if (c.FacilitatorId != userId && member.Party != CaseParty.TeamLead) throw DomainException.Forbidden();
            return c;
        }

        /// <summary>Sets (or clears, with None) the case's model. Co-management needs a cadence of 1 to 26 weeks (empty: the default).</summary>
        public async Task SetModelAsync(Guid caseId, Guid userId, string? model, int? consultationWeeks, CancellationToken ct = default)
        {
            var c = await RequireSetterAsync(caseId, userId, ct);
            var value = ParseModel(model);
            int? weeks = null;
            if (value == CollaborationModel.CoManagement)
            {
                weeks = consultationWeeks ?? options.Value.DefaultConsultationWeeks;
                if (weeks is < 1 or > 26) throw new DomainException("Conference.Error.ConsultationWeeks", 1, 26) { Field = "ConsultationWeeks" };
            }
            if (c.Model == value && c.ConsultationWeeks == weeks) return;
            var today = CalendarTime.LocalDate(clock.GetUtcNow());
            // A changed cadence counts from the last consultation (or from today when none was held yet).
            var last = value == CollaborationModel.CoManagement && c.Model == CollaborationModel.CoManagement
                ? await db.CaseFollowUps.Where(f => f.CaseId == caseId && f.Kind == FollowUpKind.Consultation).OrderByDescending(f => f.Date).Select(f => (DateOnly?)f.Date).FirstOrDefaultAsync(ct)
                : null;
            c.Model = value;
            c.ConsultationWeeks = weeks;
            c.NextFollowUp = NextDue(value, weeks, last ?? today);
            c.FollowUpRemindedFor = null;
            db.CaseFollowUps.Add(new CaseFollowUpEntry { CaseId = caseId, Kind = FollowUpKind.ModelSet, Model = value, Date = today, UserId = userId, At = clock.GetUtcNow() });
            audit.Record(db, userId, "Conferences.ModelSet", "Case", caseId, $"model={value}" + (weeks is { } w ? $" weeks={w}" : ""));
            await db.SaveChangesAsync(ct);
        }

        private static CollaborationModel ParseModel(string? value)
            => !string.IsNullOrWhiteSpace(value) && value.Length <= 40 && !value.Trim().All(char.IsDigit)
               && Enum.TryParse<CollaborationModel>(value.Trim(), true, out var m) && Enum.IsDefined(m)
                ? m : throw new DomainException("Conference.Error.Model") { Field = "Model" };

        /// <summary>A referent (or the facilitator, or a team lead) records that the model's follow-up happened on <paramref name="date"/>.</summary>
        public async Task RecordAsync(Guid caseId, Guid userId, string? kind, DateOnly? date, CancellationToken ct = default)
        {
            var member = await cases.RequireMemberAsync(caseId, userId, ct);
            var c = await db.ConferenceCases.FirstAsync(x => x.Id == caseId, ct);
            if (!member.IsCpas) throw DomainException.Forbidden();
            var value = !string.IsNullOrWhiteSpace(kind) && kind.Length <= 40 && Enum.TryParse<FollowUpKind>(kind.Trim(), true, out var k) && Enum.IsDefined(k) && !kind.Trim().All(char.IsDigit)
                ? k : throw new DomainException("Conference.Error.FollowUpKind") { Field = "Kind" };
            if (FollowUpOf(c.Model) != value) throw new DomainException("Conference.Error.FollowUpKind") { Field = "Kind" };
            var today = CalendarTime.LocalDate(clock.GetUtcNow());
            if (date is not { } day || day > today || day < today.AddYears(-1)) throw new DomainException("Conference.Error.FollowUpDate") { Field = "Date" };
            db.CaseFollowUps.Add(new CaseFollowUpEntry { CaseId = caseId, Kind = value, Model = c.Model, Date = day, UserId = userId, At = clock.GetUtcNow() });
            var next = NextDue(c.Model, c.ConsultationWeeks, day);
            if (next > c.NextFollowUp || c.NextFollowUp is null)
            {
                c.NextFollowUp = next;
                c.FollowUpRemindedFor = null;
            }
            audit.Record(db, userId, "Conferences.FollowUpRecorded", "Case", caseId, $"kind={value}");
            await db.SaveChangesAsync(ct);
        }

        public async Task<CollaborationView> ViewAsync(Guid caseId, Guid userId, CancellationToken ct = default)
        {
            var member = await cases.RequireMemberAsync(caseId, userId, ct);
            var c = await db.ConferenceCases.AsNoTracking().FirstAsync(x => x.Id == caseId, ct);
            var parties = ReferentParties(c.Model);
            var referents = await db.CaseMembers.AsNoTracking().Where(m => m.CaseId == caseId && parties.Contains(m.Party))
                .Select(m => new { m.UserId, m.User!.DisplayName, m.Party }).ToListAsync(ct);
            var today = CalendarTime.LocalDate(clock.GetUtcNow());
            return new CollaborationView(c.Model, c.ConsultationWeeks, c.NextFollowUp, FollowUpOf(c.Model), c.NextFollowUp is { } d && d <= today.AddDays(options.Value.FollowUpReminderDays),
                referents.OrderBy(r => r.Party).ThenBy(r => r.DisplayName).Select(r => (r.UserId, r.DisplayName, r.Party)).ToList(),
                c.FacilitatorId == userId || member.Party == CaseParty.TeamLead, member.IsCpas && c.Model != CollaborationModel.None, options.Value.DefaultConsultationWeeks);
        }

        /// <summary>The follow-ups entries of a case (for its timeline).</summary>
        public Task<List<CaseFollowUpEntry>> EntriesAsync(Guid caseId, CancellationToken ct = default)
            => db.CaseFollowUps.AsNoTracking().Where(f => f.CaseId == caseId).ToListAsync(ct);

        /// <summary>Follow-ups due within the reminder window on open cases where <paramref name="userId"/> is a referent.</summary>
        public async Task<List<FollowUpDue>> DueForAsync(Guid userId, CancellationToken ct = default)
        {
            var soon = CalendarTime.LocalDate(clock.GetUtcNow()).AddDays(options.Value.FollowUpReminderDays);
            var rows = await (from c in db.ConferenceCases.AsNoTracking()
                              join m in db.CaseMembers.AsNoTracking() on c.Id equals m.CaseId
                              where m.UserId == userId && c.ClosedAt == null && c.Model != CollaborationModel.None && c.NextFollowUp != null && c.NextFollowUp <= soon
                              select new { c.Id, c.Code, c.Model, c.NextFollowUp, m.Party }).ToListAsync(ct);
            return rows.Where(r => ReferentParties(r.Model).Contains(r.Party)).OrderBy(r => r.NextFollowUp)
                .Select(r => new FollowUpDue(r.Id, r.Code, FollowUpOf(r.Model)!.Value, r.NextFollowUp!.Value)).ToList();
        }

        /// <summary>
        /// Reminds the referents of follow-ups due within <see cref="ConferenceOptions.FollowUpReminderDays"/> days (once per
        /// due date: each case is claimed with a conditional update, so two nodes never both send). Returns how many cases.
        /// </summary>
        public async Task<int> RunAsync(CancellationToken ct = default)
        {
            var now = clock.GetUtcNow();
            var soon = CalendarTime.LocalDate(now).AddDays(options.Value.FollowUpReminderDays);
            var due = await db.ConferenceCases.AsNoTracking()
                .Where(c => c.ClosedAt == null && c.Model != CollaborationModel.None && c.NextFollowUp != null && c.NextFollowUp <= soon
                            && (c.FollowUpRemindedFor == null || c.FollowUpRemindedFor != c.NextFollowUp))
                .Select(c => new { c.Id, c.Code, c.Model, c.NextFollowUp, c.FollowUpRemindedFor }).ToListAsync(ct);
            var sent = 0;
            foreach (var c in due)
            {
                var date = c.NextFollowUp!.Value;
                var claimed = await db.ConferenceCases.Where(x => x.Id == c.Id && x.NextFollowUp == date && x.FollowUpRemindedFor == c.FollowUpRemindedFor)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.FollowUpRemindedFor, date), ct);
                if (claimed == 0) continue;
                var parties = ReferentParties(c.Model);
                // Pass it on: the joint report is written by the AS with the ISP, so the AI hears of it too.
                if (c.Model == CollaborationModel.PassItOn) parties = [CaseParty.SocialWorker, CaseParty.InsertionAgent];
                var ids = await db.CaseMembers.AsNoTracking().Where(m => m.CaseId == c.Id && parties.Contains(m.Party)).Select(m => m.UserId).ToListAsync(ct);
                var kind = FollowUpOf(c.Model)!.Value;
                foreach (var to in await people.ReachableAsync(ids, ct))
                {
                    var culture = Languages.Culture(to.Language);
                    var key = "Conference.Mail.FollowUp." + kind;
                    await outbox.EnqueueAsync(db, new MailRequest
                    {
                        ToAddress = to.Email!, ToName = to.Name, Language = to.Language, Kind = "CaseFollowUp",
                        DedupKey = $"case-followup:{c.Id}:{date:yyyyMMdd}:{to.Id}",
                        Subject = texts.Format(key + ".Subject", to.Language, c.Code),
                        BodyMarkdown = new MailBody().Paragraph(texts.Format(key + ".Body", to.Language, MailBody.Escape(to.Name), c.Code,
                            date.ToString("d MMMM yyyy", culture), app.Value.Link($"/conferences/cases/{c.Id}"))).ToString(),
                    }, ct);
                }
                await db.SaveChangesAsync(ct);
                sent++;
            }
            if (sent > 0) LogReminded(log, sent);
            return sent;
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Case follow-up: {Count} case(s) reminded")]
        private static partial void LogReminded(ILogger logger, int count);
    }

    /// <summary>Looks for follow-ups to remind on every node (idempotent: each due date is claimed once).</summary>
    public sealed class CaseFollowUpWorker(IServiceScopeFactory scopes, IOptions<ConferenceOptions> options, WorkerClock pacing, ILogger<CaseFollowUpWorker> log)
        : PeriodicWorker(pacing, log)
    {
        protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.JobIntervalSeconds);

        protected override async Task<bool> RoundAsync(CancellationToken ct)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CollaborationService>().RunAsync(ct);
            return false;
        }
    }
}

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<Conferences.CaseFollowUpEntry> CaseFollowUps => Set<Conferences.CaseFollowUpEntry>();
    }
}
