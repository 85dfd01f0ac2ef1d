using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseHub.Core.Accounts;
using CaseHub.Core.Audit;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Privacy.SubjectRights;

/// <summary>
/// Right of access and portability: everything CaseHub holds about the signed-in person, as JSON and as a readable
/// HTML page. Only what is about them or written by them: never another person's positions, ballots or secrets,
/// and no live link tokens (mail bodies are left out for that reason: they may hold sign-in links).
/// </summary>
public sealed class PersonalDataExporter(CaseHubDbContext db, People people, AuditLog audit, TextCatalog texts, TimeProvider clock)
{
    /// <summary>Exports per person per hour (an export reads a lot; the audit trail is the counter, so it holds on every node).</summary>
    public const int MaxExportsPerHour = 5;

    public const string AuditAction = "SubjectRights.Exported";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Builds the export for <paramref name="userId"/> (themselves only: the caller is the subject), records it in
    /// the audit trail, and refuses beyond <see cref="MaxExportsPerHour"/>.</summary>
    public async Task<PersonalDataExport> ExportAsync(Guid userId, string format, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var since = now - TimeSpan.FromHours(1);
        if (await db.AuditEntries.CountAsync(e => e.ActorId == userId && e.Action == AuditAction && e.At > since, ct) >= MaxExportsPerHour)
            throw new DomainException("SubjectRights.Error.TooOften", MaxExportsPerHour);
        var export = await BuildAsync(userId, ct);
        db.ChangeTracker.Clear();
        audit.Record(db, userId, AuditAction, "User", userId, "format=" + (format == "html" ? "html" : "json"));
        await db.SaveChangesAsync(ct);
        return export;
    }

    public static string ToJson(PersonalDataExport export) => JsonSerializer.Serialize(export, Json);

    /// <summary>The export without auditing or limits (tests, and the HTML/JSON writers).</summary>
    public async Task<PersonalDataExport> BuildAsync(Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.ErasedAt == null, ct) ?? throw DomainException.NotFound();
        var lang = user.Language;
        var email = user.Email is null ? null : Validation.NormalizeEmail(user.Email);
        var now = clock.GetUtcNow();

        var roles = await people.RolesOfAsync(userId, ct);
        var organisation = user.OrganisationId is { } o ? await db.Organisations.Where(x => x.Id == o).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        var service = user.ServiceId is { } s ? await db.Services.Where(x => x.Id == s).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        var leads = await db.Services.Where(x => x.LeadUserId == userId).Select(x => x.Name).ToListAsync(ct);
        var account = new ExportAccount(user.Id, user.DisplayName, user.Email, user.Language, organisation, service, roles, user.CreatedAt, user.ActivatedAt,
            user.PasswordHash is not null, user.LockoutEnd > now, leads);

        var cases = (await (from m in db.CaseMembers
                            join c in db.ConferenceCases on m.CaseId equals c.Id
                            where m.UserId == userId
                            select new { c.Id, c.Code, m.Party, c.FacilitatorId, m.AddedAt, c.ClosedAt }).ToListAsync(ct))
            .OrderBy(x => x.Code).Select(x => new ExportCaseMembership(x.Id, x.Code, x.Party.ToString(), x.FacilitatorId == userId, x.AddedAt, x.ClosedAt)).ToList();

        var meetings = (await (from p in db.RoomParticipants
                               join r in db.Rooms on p.RoomId equals r.Id
                               where p.UserId == userId
                               select new { r.Id, r.Title, r.ProtocolKey, r.Status, r.ScheduledStart, r.ScheduledEnd, p.Role, p.ProtocolRole, p.Attendance, p.AttendanceNote, r.OrganiserId }).ToListAsync(ct))
            .OrderBy(x => x.ScheduledStart)
            .Select(x => new ExportMeeting(x.Id, x.Title, x.ProtocolKey, x.Status.ToString(), x.ScheduledStart, x.ScheduledEnd, x.Role.ToString(), x.ProtocolRole,
                x.Attendance.ToString(), x.AttendanceNote, x.OrganiserId == userId)).ToList();

        // Only the person's own positions: others' positions follow their visibility and are not "about" the requester.
        var positions = (await (from p in db.ConferencePositions
                                join cf in db.Conferences on p.ConferenceId equals cf.Id
                                join c in db.ConferenceCases on cf.CaseId equals c.Id into cj
                                from c in cj.DefaultIfEmpty()
                                where p.AuthorId == userId
                                select new { p, Code = c == null ? null : c.Code }).ToListAsync(ct))
            .OrderBy(x => x.p.CreatedAt)
            .Select(x => new ExportPosition(x.p.Id, x.p.ConferenceId, x.Code, x.p.Party.ToString(), x.p.IsPersonVoice, x.p.Visibility.ToString(), x.p.Situation,
                x.p.ProposedOrientation, x.p.NeedsFromOthers, x.p.Concerns, x.p.CreatedAt, x.p.UpdatedAt)).ToList();

        // Handovers the person wrote or received: both parties read the note and its questions and answers.
        var handoverRows = await db.Handovers.AsNoTracking().Include(h => h.Messages)
            .Where(h => h.FromUserId == userId || h.ToUserId == userId).OrderBy(h => h.CreatedAt).ToListAsync(ct);
        var caseIds = handoverRows.Select(h => h.CaseId).Distinct().ToList();
        var codes = await db.ConferenceCases.Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var handovers = handoverRows.Select(h => new ExportHandover(h.Id, codes.GetValueOrDefault(h.CaseId), h.FromUserId == userId ? "Given" : "Received",
            h.Visibility.ToString(), h.Note, h.CreatedAt,
            h.Messages.OrderBy(m => m.CreatedAt).Select(m => new ExportHandoverMessage(m.AuthorId == userId, m.IsQuestion, m.Text, m.CreatedAt)).ToList())).ToList();

        var decisions = (await (from d in db.Decisions join r in db.Rooms on d.RoomId equals r.Id where d.RecordedBy == userId
                                select new { d.RoomId, r.Title, d.Text, d.RecordedAt }).ToListAsync(ct))
            .OrderBy(x => x.RecordedAt).Select(x => new ExportDecision(x.RoomId, x.Title, x.Text, x.RecordedAt)).ToList();

        var actions = (await (from a in db.ActionItems join r in db.Rooms on a.RoomId equals r.Id where a.OwnerId == userId
                              select new { a, r.Title }).ToListAsync(ct))
            .OrderBy(x => x.a.CreatedAt).Select(x => new ExportAction(x.a.Id, x.a.RoomId, x.Title, x.a.Text, x.a.DueDate, x.a.Status.ToString(), x.a.CreatedAt, x.a.CompletedAt)).ToList();

        // The person's own ballots only (their own choice is theirs to see, even in a secret vote); never anyone else's.
        var ballots = (await (from b in db.Ballots join v in db.Votes on b.VoteId equals v.Id join r in db.Rooms on v.RoomId equals r.Id
                              where b.UserId == userId
                              select new { b, v.Question, r.Title }).ToListAsync(ct))
            .OrderBy(x => x.b.CastAt).Select(x => new ExportBallot(x.b.VoteId, x.Title, x.Question, x.b.Option, x.b.Reason, x.b.Data, x.b.CastAt, x.b.UpdatedAt)).ToList();

        // Notes are a shared text: only metadata of the person's edits (the text is in the minutes of each meeting).
        var notes = (await (from u in db.NoteUpdates join d in db.NoteDocuments on u.DocumentId equals d.Id where u.AuthorUserId == userId
                            select new { d.Key, u.CreatedAt }).ToListAsync(ct))
            .GroupBy(x => x.Key).OrderBy(g => g.Key)
            .Select(g => new ExportNotesActivity(g.Key, g.Count(), g.Min(x => x.CreatedAt), g.Max(x => x.CreatedAt))).ToList();

        var teams = (await (from m in db.IntervisionTeamMembers join t in db.IntervisionTeams on m.TeamId equals t.Id where m.UserId == userId
                            select new { t.Id, t.Name }).ToListAsync(ct)).OrderBy(t => t.Name).Select(t => new ExportIntervisionTeam(t.Id, t.Name)).ToList();
        var acks = (await db.IntervisionAcknowledgements.Where(a => a.UserId == userId).Select(a => new { a.SessionId, a.AcknowledgedAt }).ToListAsync(ct))
            .OrderBy(a => a.AcknowledgedAt).Select(a => new ExportAcknowledgement(a.SessionId, a.AcknowledgedAt)).ToList();

        var exercises = (await db.ExerciseCases.Where(c => c.CreatedBy == userId).Select(c => new { c.Id, c.Code, c.Title, c.CreatedAt }).ToListAsync(ct))
            .OrderBy(c => c.CreatedAt).Select(c => new ExportExerciseCase(c.Id, c.Code, c.Title, c.CreatedAt)).ToList();

        var immersionRows = await (from p in db.ImmersionParticipants
                                   join c in db.ImmersionCampaigns on p.CampaignId equals c.Id
                                   where p.UserId == userId
                                   select new { p, Campaign = c.Name }).ToListAsync(ct);
        var immersion = new List<ExportImmersion>();
        foreach (var row in immersionRows)
        {
            var placement = await (from pl in db.ImmersionPlacements
                                   join d in db.ImmersionOfferDates on pl.OfferDateId equals d.Id
                                   join of in db.ImmersionOffers on d.OfferId equals of.Id
                                   where pl.ParticipantId == row.p.Id && pl.CampaignId == row.p.CampaignId
                                   select new { of.Organisation, of.Title, d.Date }).FirstOrDefaultAsync(ct);
            immersion.Add(new ExportImmersion(row.Campaign, row.p.Name, row.p.Email, row.p.RankingList.Count, row.p.UnavailableList.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(),
                row.p.PreferencesAt, placement is null ? null : $"{placement.Organisation} — {placement.Title}", placement?.Date));
        }

        var bookings = email is null ? [] : (await (from b in db.DiscoveryBookings join d in db.DiscoveryDays on b.DayId equals d.Id
                                                    where b.Email == email
                                                    select new { b, d.Title, d.Start }).ToListAsync(ct))
            .OrderBy(x => x.b.CreatedAt)
            .Select(x => new ExportBooking(x.Title, x.Start, x.b.Status.ToString(), x.b.Name, x.b.Organisation, x.b.Email, x.b.Needs, x.b.ConsentAt, x.b.CreatedAt,
                x.b.CancelledAt, x.b.CheckedInAt)).ToList();

        // Named questionnaires only: an anonymous answer is linked to nobody, so it cannot be found (nor shown) as theirs.
        var feedback = new List<ExportFeedback>();
        if (email is not null)
        {
            var responses = await (from i in db.FeedbackInvitations
                                   join f in db.FeedbackForms on i.FormId equals f.Id
                                   join r in db.FeedbackResponses on i.Id equals r.InvitationId
                                   where i.Email == email && !f.Anonymous
                                   select new { FormId = f.Id, f.Title, ResponseId = r.Id, r.SubmittedAt }).ToListAsync(ct);
            foreach (var r in responses.OrderBy(r => r.SubmittedAt))
            {
                var answers = await (from a in db.FeedbackAnswers join q in db.FeedbackQuestions on a.QuestionId equals q.Id
                                     where a.ResponseId == r.ResponseId
                                     orderby q.Position
                                     select new { q.PromptFr, q.PromptNl, q.PromptEn, a.YesNo, a.Scale, a.Text }).ToListAsync(ct);
                feedback.Add(new ExportFeedback(r.Title, r.SubmittedAt,
                    answers.Select(a => new ExportFeedbackAnswer(new Calendar.LocalizedText(a.PromptFr, a.PromptNl, a.PromptEn).For(lang), a.YesNo, a.Scale, a.Text)).ToList()));
            }
        }

        var invitations = (await (from i in db.CalendarInvitees join e in db.CalendarEntries on i.EntryId equals e.Id
                                  where i.UserId == userId || (email != null && i.Email == email)
                                  select new { i, e.TitleFr, e.TitleNl, e.TitleEn, e.Start, e.End }).ToListAsync(ct))
            .OrderBy(x => x.Start)
            .Select(x => new ExportInvitation(new Calendar.LocalizedText(x.TitleFr, x.TitleNl, x.TitleEn).For(lang), x.Start, x.End, x.i.Response.ToString(),
                x.i.DeclineReason, x.i.RespondedAt, x.i.RemovedAt)).ToList();
        var feeds = (await db.CalendarFeeds.Where(f => f.UserId == userId).Select(f => new { f.CreatedAt, f.RevokedAt }).ToListAsync(ct))
            .OrderBy(f => f.CreatedAt).Select(f => new ExportFeed(f.CreatedAt, f.RevokedAt)).ToList();

        var mails = new List<ExportMail>();
        if (email is not null)
        {
            var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress == email).ToListAsync(ct);
            foreach (var m in rows.OrderBy(m => m.CreatedAt))
                mails.Add(new ExportMail(m.CreatedAt, m.Kind, m.Draft is { } draft ? CaseHub.Core.Mail.Outbox.DraftSubject(draft) : SubjectOf(m.Mime), m.Status.ToString(), m.SentAt));
        }

        var target = userId.ToString();
        var auditRows = await db.AuditEntries.AsNoTracking()
            .Where(e => e.ActorId == userId || (e.TargetType == "User" && e.TargetId == target))
            .OrderByDescending(e => e.At).Take(5000).ToListAsync(ct);
        var auditEntries = auditRows.OrderBy(e => e.At)
            .Select(e => new ExportAuditEntry(e.At, e.Action, e.ActorId == userId, e.TargetType, e.TargetId, e.Details)).ToList();

        return new PersonalDataExport
        {
            GeneratedAt = now,
            NotIncluded =
            [
                texts.Get("SubjectRights.NotIncluded.Cards", lang),
                texts.Get("SubjectRights.NotIncluded.AnonymousFeedback", lang),
                texts.Get("SubjectRights.NotIncluded.Others", lang),
                texts.Get("SubjectRights.NotIncluded.MailBodies", lang),
                texts.Get("SubjectRights.NotIncluded.Secrets", lang),
            ],
            Account = account,
            CaseMemberships = cases,
            Meetings = meetings,
            Positions = positions,
            Handovers = handovers,
            DecisionsRecorded = decisions,
            ActionsOwned = actions,
            Ballots = ballots,
            NotesActivity = notes,
            IntervisionTeams = teams,
            IntervisionAcknowledgements = acks,
            ExerciseCasesAuthored = exercises,
            Immersion = immersion,
            DiscoveryBookings = bookings,
            FeedbackAnswers = feedback,
            CalendarInvitations = invitations,
            CalendarFeeds = feeds,
            MailsToYou = mails,
            AuditEntries = auditEntries,
        };
    }

    private static string? SubjectOf(byte[] mime)
    {
        try
        {
            using var stream = new MemoryStream(mime);
            return MimeKit.HeaderList.Load(stream)[MimeKit.HeaderId.Subject];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
