using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Feedback;

public sealed record FeedbackQuestionSpec(FeedbackQuestionKind Kind, LocalizedText Prompt, bool Required = false);

/// <summary>What an owning feature asks for. <paramref name="ClosesAt"/>: answers refused after it (null: no limit).</summary>
public sealed record FeedbackFormSpec(string OwnerType, Guid OwnerId, string Title, bool Anonymous,
    IReadOnlyList<FeedbackQuestionSpec> Questions, DateTimeOffset? ClosesAt = null);

/// <summary>A person to ask. <paramref name="Key"/> identifies them within the owner (e.g. a booking id): asked once per key.</summary>
public sealed record FeedbackRecipient(string Key, string Email, string Name, string Language);

/// <summary>What a person typed for one question (the web layer fills it from the form).</summary>
public sealed record FeedbackAnswerInput(bool? YesNo = null, int? Scale = null, string? Text = null);

/// <summary>The form behind a personal link, for the answer page.</summary>
public sealed record FeedbackTicket(FeedbackForm Form, string Language, bool AlreadyAnswered, bool Closed);

/// <summary>
/// Shared feedback questionnaires (used by discovery days; meant for the immersion programme too): forms with
/// yes/no(+why), 1–5 scale and free-text questions, personal one-time links sent by mail, anonymous option, and
/// aggregated results that stay hidden below <see cref="MinimumAnswers"/> answers.
/// <para><see cref="CreateFormAsync"/> and <see cref="InviteAsync"/> do not save (the owner commits them with its own
/// change); the other commands save.</para>
/// </summary>
public sealed partial class FeedbackService(
    CaseHubDbContext db, Outbox outbox, TextCatalog texts, IOptions<AppOptions> app, TimeProvider clock, ILogger<FeedbackService> log)
{
    /// <summary>No result is shown for fewer answers than this (privacy: a small group identifies people).</summary>
    public const int MinimumAnswers = 5;

    // ------------------------------------------------------------------ forms

    /// <summary>Creates a form with its questions. Does not save.</summary>
    public FeedbackForm CreateForm(FeedbackFormSpec spec)
    {
        var form = new FeedbackForm
        {
            OwnerType = Validation.RequireText(spec.OwnerType, FeedbackForm.OwnerTypeMaxLength, "OwnerType"),
            OwnerId = spec.OwnerId,
            Title = Validation.RequireText(spec.Title, FeedbackForm.TitleMaxLength, "Title"),
            Anonymous = spec.Anonymous,
            ClosesAt = spec.ClosesAt,
            CreatedAt = clock.GetUtcNow(),
        };
        if (spec.Questions.Count > FeedbackForm.MaxQuestions) throw new DomainException("Feedback.Error.TooManyQuestions", FeedbackForm.MaxQuestions);
        foreach (var q in spec.Questions) form.Questions.Add(NewQuestion(form.Id, form.Questions.Count, q));
        db.FeedbackForms.Add(form);
        return form;
    }

    public Task<FeedbackForm?> FindFormAsync(string ownerType, Guid ownerId, CancellationToken ct = default)
        => db.FeedbackForms.Include(f => f.Questions).FirstOrDefaultAsync(f => f.OwnerType == ownerType && f.OwnerId == ownerId, ct);

    public async Task<FeedbackForm> GetFormAsync(Guid formId, CancellationToken ct = default)
        => await db.FeedbackForms.AsNoTracking().Include(f => f.Questions).FirstOrDefaultAsync(f => f.Id == formId, ct) ?? throw DomainException.NotFound();

    public Task<int> InvitedCountAsync(Guid formId, CancellationToken ct = default)
        => db.FeedbackInvitations.CountAsync(i => i.FormId == formId, ct);

    /// <summary>Adds a question at the end. Refused once the form was sent. Saves.</summary>
    public async Task AddQuestionAsync(Guid formId, FeedbackQuestionSpec spec, CancellationToken ct = default)
    {
        var form = await EditableAsync(formId, ct);
        if (form.Questions.Count >= FeedbackForm.MaxQuestions) throw new DomainException("Feedback.Error.TooManyQuestions", FeedbackForm.MaxQuestions);
        var position = form.Questions.Count == 0 ? 0 : form.Questions.Max(q => q.Position) + 1;
        db.FeedbackQuestions.Add(NewQuestion(form.Id, position, spec));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Removes a question. Refused once the form was sent. Saves.</summary>
    public async Task RemoveQuestionAsync(Guid formId, Guid questionId, CancellationToken ct = default)
    {
        var form = await EditableAsync(formId, ct);
        var q = form.Questions.FirstOrDefault(x => x.Id == questionId) ?? throw DomainException.NotFound();
        if (form.Questions.Count == 1) throw new DomainException("Feedback.Error.LastQuestion");
        db.FeedbackQuestions.Remove(q);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Switches the anonymous option. Refused once the form was sent (people were told which it is). Saves.</summary>
    public async Task SetAnonymousAsync(Guid formId, bool anonymous, CancellationToken ct = default)
    {
        var form = await EditableAsync(formId, ct);
        form.Anonymous = anonymous;
        await db.SaveChangesAsync(ct);
    }

    private async Task<FeedbackForm> EditableAsync(Guid formId, CancellationToken ct)
    {
        var form = await db.FeedbackForms.Include(f => f.Questions).FirstOrDefaultAsync(f => f.Id == formId, ct) ?? throw DomainException.NotFound();
        if (await db.FeedbackInvitations.AnyAsync(i => i.FormId == formId, ct)) throw new DomainException("Feedback.Error.AlreadySent");
        return form;
    }

    private static FeedbackQuestion NewQuestion(Guid formId, int position, FeedbackQuestionSpec spec)
    {
        if (!Enum.IsDefined(spec.Kind)) throw new DomainException("Error.InvalidValue") { Field = "Kind" };
        static string? P(string? v) { var t = Validation.RequireText(v, FeedbackQuestion.PromptMaxLength, "Prompt", required: false); return t.Length == 0 ? null : t; }
        var q = new FeedbackQuestion
        {
            FormId = formId, Position = position, Kind = spec.Kind, Required = spec.Required,
            PromptFr = P(spec.Prompt.Fr), PromptNl = P(spec.Prompt.Nl), PromptEn = P(spec.Prompt.En)
        };
        if (q.Prompt.IsEmpty) throw new DomainException("Error.Required") { Field = "Prompt" };
        return q;
    }

    // ------------------------------------------------------------------ sending

    /// <summary>
    /// Creates a personal link for each recipient not asked yet (by key) and queues the mail in their language.
    /// Does not save: the caller commits (a unique index on form + key stops a second node from asking twice).
    /// </summary>
    /// <returns>How many people were asked now.</returns>
    public async Task<int> InviteAsync(Guid formId, IEnumerable<FeedbackRecipient> recipients, CancellationToken ct = default)
    {
        var form = db.FeedbackForms.Local.FirstOrDefault(f => f.Id == formId) // created in this unit of work, not saved yet
                   ?? await db.FeedbackForms.AsNoTracking().FirstOrDefaultAsync(f => f.Id == formId, ct)
                   ?? throw DomainException.NotFound();
        var asked = (await db.FeedbackInvitations.Where(i => i.FormId == formId).Select(i => i.RecipientKey).ToListAsync(ct)).ToHashSet();
        asked.UnionWith(db.FeedbackInvitations.Local.Where(i => i.FormId == formId).Select(i => i.RecipientKey));
        var now = clock.GetUtcNow();
        var count = 0;
        foreach (var r in recipients)
        {
            var key = Validation.RequireText(r.Key, FeedbackInvitation.RecipientKeyMaxLength, "Key");
            if (!asked.Add(key)) continue;
            var token = SecureToken.New();
            var invitation = new FeedbackInvitation
            {
                FormId = formId,
                RecipientKey = key,
                Email = Validation.RequireEmail(r.Email),
                Name = Validation.RequireText(string.IsNullOrWhiteSpace(r.Name) ? r.Email : r.Name, FeedbackInvitation.NameMaxLength, "Name"),
                Language = Languages.Normalize(r.Language),
                TokenHash = SecureToken.Hash(token),
                CreatedAt = now,
            };
            db.FeedbackInvitations.Add(invitation);
            await outbox.EnqueueAsync(db, InvitationMail(form, invitation, token), ct);
            count++;
        }
        if (count > 0) LogInvited(log, formId, count);
        return count;
    }

    private MailRequest InvitationMail(FeedbackForm form, FeedbackInvitation invitation, string token)
    {
        var l = invitation.Language;
        var body = new MailBody()
            .Paragraph(texts.Format("Feedback.Mail.Greeting", l, Md(invitation.Name)))
            .Paragraph(texts.Format("Feedback.Mail.Intro", l, Md(form.Title)))
            .Paragraph(texts.Format("Feedback.Mail.Link", l, app.Value.Link(FeedbackLinks.AnswerPath(token))))
            .Paragraph(texts.Get(form.Anonymous ? "Feedback.Mail.Anonymous" : "Feedback.Mail.Named", l));
        if (form.ClosesAt is { } closes) body.Paragraph(texts.Format("Feedback.Mail.Closes", l, CalendarTime.FormatDate(closes, l)));
        return new MailRequest
        {
            ToAddress = invitation.Email,
            ToName = invitation.Name,
            Language = l,
            Kind = "FeedbackInvitation",
            Subject = texts.Format("Feedback.Mail.Subject", l, form.Title),
            BodyMarkdown = body.ToString(),
            DedupKey = $"feedback:{form.Id}:{invitation.RecipientKey}",
        };
    }

    // ------------------------------------------------------------------ answering

    /// <summary>The form behind a personal link. Unknown or malformed token: not found (no detail).</summary>
    public async Task<FeedbackTicket> OpenAsync(string? token, CancellationToken ct = default)
    {
        var invitation = await InvitationAsync(token, ct);
        var form = await db.FeedbackForms.AsNoTracking().Include(f => f.Questions).FirstAsync(f => f.Id == invitation.FormId, ct);
        form.Questions = form.Questions.OrderBy(q => q.Position).ToList();
        return new FeedbackTicket(form, invitation.Language, invitation.Answered, IsClosed(form));
    }

    /// <summary>
    /// Records the answers (one submission per link, also when two arrive at once) and saves. Anonymous forms store
    /// the answers with no invitation id and no time. Missing required answers, out-of-range values: refused, nothing saved.
    /// </summary>
    public async Task SubmitAsync(string? token, IReadOnlyDictionary<Guid, FeedbackAnswerInput> answers, CancellationToken ct = default)
    {
        var invitation = await InvitationAsync(token, ct);
        var form = await db.FeedbackForms.AsNoTracking().Include(f => f.Questions).FirstAsync(f => f.Id == invitation.FormId, ct);
        if (invitation.Answered) throw new DomainException("Feedback.Error.AlreadyAnswered");
        if (IsClosed(form)) throw new DomainException("Feedback.Error.Closed");

        var response = new FeedbackResponse { FormId = form.Id };
        foreach (var q in form.Questions.OrderBy(q => q.Position))
        {
            answers.TryGetValue(q.Id, out var input);
            var answer = Check(q, input);
            if (answer is null) continue;
            answer.ResponseId = response.Id;
            response.Answers.Add(answer);
        }
        if (response.Answers.Count == 0) throw new DomainException("Feedback.Error.Empty");

        var now = clock.GetUtcNow();
        if (!form.Anonymous)
        {
            response.InvitationId = invitation.Id;
            response.SubmittedAt = now;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The claim: only one submission per link succeeds, whatever the concurrency.
        var claimed = form.Anonymous
            ? await db.FeedbackInvitations.Where(i => i.Id == invitation.Id && !i.Answered).ExecuteUpdateAsync(s => s.SetProperty(i => i.Answered, true), ct)
            : await db.FeedbackInvitations.Where(i => i.Id == invitation.Id && !i.Answered)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Answered, true).SetProperty(i => i.AnsweredAt, now), ct);
        if (claimed == 0) throw new DomainException("Feedback.Error.AlreadyAnswered");
        db.FeedbackResponses.Add(response);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        LogAnswered(log, form.Id);
    }

    private static FeedbackAnswer? Check(FeedbackQuestion q, FeedbackAnswerInput? input)
    {
        var field = "q_" + q.Id.ToString("N");
        var text = Validation.RequireText(input?.Text, FeedbackAnswer.TextMaxLength, field, required: false);
        switch (q.Kind)
        {
            case FeedbackQuestionKind.YesNo:
                if (input?.YesNo is null)
                {
                    if (q.Required) throw new DomainException("Feedback.Error.AnswerRequired") { Field = field };
                    return null;
                }
                return new FeedbackAnswer { QuestionId = q.Id, YesNo = input.YesNo, Text = text.Length == 0 ? null : text };
            case FeedbackQuestionKind.Scale:
                if (input?.Scale is null)
                {
                    if (q.Required) throw new DomainException("Feedback.Error.AnswerRequired") { Field = field };
                    return null;
                }
                if (input.Scale is < 1 or > 5) throw new DomainException("Error.OutOfRange", 1, 5) { Field = field };
                return new FeedbackAnswer { QuestionId = q.Id, Scale = input.Scale };
            default:
                if (text.Length == 0)
                {
                    if (q.Required) throw new DomainException("Feedback.Error.AnswerRequired") { Field = field };
                    return null;
                }
                return new FeedbackAnswer { QuestionId = q.Id, Text = text };
        }
    }

    private bool IsClosed(FeedbackForm form) => form.ClosesAt is { } c && clock.GetUtcNow() >= c;

    private async Task<FeedbackInvitation> InvitationAsync(string? token, CancellationToken ct)
    {
        if (!SecureToken.LooksValid(token)) throw DomainException.NotFound();
        var hash = SecureToken.Hash(token!);
        return await db.FeedbackInvitations.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, ct) ?? throw DomainException.NotFound();
    }

    // ------------------------------------------------------------------ results

    /// <summary>
    /// Aggregated results. Below <see cref="MinimumAnswers"/> responses nothing but the counts is returned; a question
    /// answered by fewer people than that is hidden too. Free texts are sorted alphabetically (never in answer order).
    /// </summary>
    public async Task<FeedbackResults> ResultsAsync(Guid formId, CancellationToken ct = default)
    {
        var form = await GetFormAsync(formId, ct);
        var invited = await db.FeedbackInvitations.CountAsync(i => i.FormId == formId, ct);
        var responses = await db.FeedbackResponses.CountAsync(r => r.FormId == formId, ct);
        var questions = form.Questions.OrderBy(q => q.Position).ToList();
        if (responses < MinimumAnswers)
            return new FeedbackResults(form, invited, responses, false, questions.Select(q => QuestionResult.Hidden(q, 0)).ToList());

        var answers = await db.FeedbackAnswers.AsNoTracking()
            .Where(a => db.FeedbackResponses.Any(r => r.Id == a.ResponseId && r.FormId == formId))
            .Select(a => new { a.QuestionId, a.YesNo, a.Scale, a.Text })
            .ToListAsync(ct);
        var results = new List<QuestionResult>();
        foreach (var q in questions)
        {
            var mine = answers.Where(a => a.QuestionId == q.Id).ToList();
            if (mine.Count < MinimumAnswers)
            {
                results.Add(QuestionResult.Hidden(q, mine.Count));
                continue;
            }
            var texts = mine.Select(a => a.Text).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!).Order(StringComparer.Ordinal).ToList();
            results.Add(q.Kind switch
            {
                FeedbackQuestionKind.YesNo => new QuestionResult(q, mine.Count, true, [mine.Count(a => a.YesNo == true), mine.Count(a => a.YesNo == false)], null, texts),
                FeedbackQuestionKind.Scale => new QuestionResult(q, mine.Count, true,
                    Enumerable.Range(1, 5).Select(v => mine.Count(a => a.Scale == v)).ToArray(), mine.Average(a => (double)a.Scale!.Value), []),
                _ => new QuestionResult(q, mine.Count, true, [], null, texts),
            });
        }
        return new FeedbackResults(form, invited, responses, true, results);
    }

    // ------------------------------------------------------------------ retention

    /// <summary>Deletes the personal links (names, addresses) of a form; aggregated answers stay. Immediate (no save needed).</summary>
    public Task<int> PurgeRecipientsAsync(Guid formId, CancellationToken ct = default)
        => db.FeedbackInvitations.Where(i => i.FormId == formId).ExecuteDeleteAsync(ct);

    private static string Md(string text) => MailBody.Escape(text);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback form {FormId}: {Count} invitation(s) queued")]
    private static partial void LogInvited(ILogger logger, Guid formId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback form {FormId}: one response recorded")]
    private static partial void LogAnswered(ILogger logger, Guid formId);
}

/// <summary>Aggregated results of a form. <see cref="Shown"/> is false below <see cref="FeedbackService.MinimumAnswers"/> responses.</summary>
public sealed record FeedbackResults(FeedbackForm Form, int Invited, int Responses, bool Shown, IReadOnlyList<QuestionResult> Questions);

/// <summary>
/// One question's results. <see cref="Counts"/>: [yes, no] for yes/no, [n1..n5] for a scale, empty for text.
/// <see cref="Texts"/>: free texts or the "why" of yes/no answers.
/// </summary>
public sealed record QuestionResult(FeedbackQuestion Question, int Answers, bool Shown, IReadOnlyList<int> Counts, double? Average, IReadOnlyList<string> Texts)
{
    public static QuestionResult Hidden(FeedbackQuestion q, int answers) => new(q, answers, false, [], null, []);
}
