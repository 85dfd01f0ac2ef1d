using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Conferences;

public sealed record HandoverView(Guid Id, Guid FromUserId, string FromName, Guid ToUserId, string ToName, string Note, string Visibility,
    DateTimeOffset CreatedAt, IReadOnlyList<HandoverMessageView> Messages, bool CanAsk, bool CanAnswer);

public sealed record HandoverMessageView(Guid AuthorId, string AuthorName, bool IsQuestion, string Text, DateTimeOffset CreatedAt);

/// <summary>
/// Handover notes between workers on a case that the receiver can question (the field complains that records cannot
/// be questioned): the receiver asks, the sender answers, in one thread. Seen by sender, receiver and facilitator,
/// and by others on the case only as its visibility allows.
/// </summary>
public sealed class HandoverService(CaseHubDbContext db, People people, CaseService cases, Outbox outbox, TextCatalog texts, IOptions<AppOptions> app, TimeProvider clock)
{
    public async Task<Handover> CreateAsync(Guid caseId, Guid fromUserId, Guid toUserId, string? note, Visibility visibility, CancellationToken ct = default)
    {
        var from = await cases.RequireMemberAsync(caseId, fromUserId, ct);
        if (toUserId == fromUserId) throw new DomainException("Conference.Error.HandoverSelf") { Field = "ToUserId" };
        var to = await db.CaseMembers.AsNoTracking().FirstOrDefaultAsync(m => m.CaseId == caseId && m.UserId == toUserId, ct)
                 ?? throw new DomainException("Conference.Error.NotCaseMember") { Field = "ToUserId" };
        if (!Enum.IsDefined(visibility)) throw new DomainException("Error.InvalidValue") { Field = "Visibility" };
        // A CPAS-only note cannot be handed to a partner: they could never read it.
        if (visibility == Visibility.CpasOnly && !to.IsCpas) throw new DomainException("Conference.Error.HandoverCpasOnly") { Field = "Visibility" };
        var text = Validation.RequireText(note, Handover.TextMaxLength, "Note");
        text = await cases.CheckPiiAsync(text, "Note", true, ct);
        var h = new Handover { CaseId = caseId, FromUserId = from.UserId, ToUserId = toUserId, Note = text, Visibility = visibility, CreatedAt = clock.GetUtcNow() };
        db.Handovers.Add(h);
        await db.SaveChangesAsync(ct);
        return h;
    }

    /// <summary>The receiver asks a question, or the sender answers one. The other side is told by mail, in their
    /// language, with only the case code and a link (the question itself stays behind the sign-in).</summary>
    public async Task AddMessageAsync(Guid handoverId, Guid userId, string? text, CancellationToken ct = default)
    {
        var h = await db.Handovers.FirstOrDefaultAsync(x => x.Id == handoverId, ct) ?? throw DomainException.NotFound();
        await cases.RequireMemberAsync(h.CaseId, userId, ct);
        if (userId != h.ToUserId && userId != h.FromUserId) throw DomainException.Forbidden();
        var value = Validation.RequireText(text, Handover.TextMaxLength, "Text");
        value = await cases.CheckPiiAsync(value, "Text", true, ct);
        var message = new HandoverMessage { HandoverId = h.Id, AuthorId = userId, IsQuestion = userId == h.ToUserId, Text = value, CreatedAt = clock.GetUtcNow() };
        db.HandoverMessages.Add(message);
        await NotifyAsync(h, message, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task NotifyAsync(Handover h, HandoverMessage message, CancellationToken ct)
    {
        // A question goes to the sender of the note; an answer to the receiver, who asked.
        var toId = message.IsQuestion ? h.FromUserId : h.ToUserId;
        var to = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == toId && u.ErasedAt == null, ct);
        // Someone no longer on the case is not told (they could not open it anyway).
        if (to?.Email is null || !await db.CaseMembers.AnyAsync(m => m.CaseId == h.CaseId && m.UserId == toId, ct)) return;
        var author = await db.Users.AsNoTracking().Where(u => u.Id == message.AuthorId).Select(u => u.DisplayName).FirstAsync(ct);
        var code = await db.ConferenceCases.AsNoTracking().Where(c => c.Id == h.CaseId).Select(c => c.Code).FirstAsync(ct);
        var key = message.IsQuestion ? "Conference.Mail.HandoverQuestion" : "Conference.Mail.HandoverAnswer";
        await outbox.EnqueueAsync(db, new MailRequest
        {
            ToAddress = to.Email, ToName = to.DisplayName, Language = to.Language, Kind = "ConferenceHandover",
            DedupKey = $"conference-handover:{message.Id}",
            Subject = texts.Format(key + ".Subject", to.Language, code),
            // The author's name is escaped as in the minutes (one line, table-safe), as the mail always was.
            BodyMarkdown = new MailBody().Paragraph(texts.Format(key + ".Body", to.Language, to.DisplayName, Rooms.MinutesService.Escape(author), code,
                app.Value.Link($"/conferences/cases/{h.CaseId}"))).ToString(),
        }, ct);
    }

    public async Task<List<HandoverView>> ForCaseAsync(Guid caseId, Guid userId, CancellationToken ct = default)
    {
        var viewer = await cases.ViewerAsync(caseId, userId, ct);
        var rows = await db.Handovers.AsNoTracking().Include(h => h.Messages).Where(h => h.CaseId == caseId).ToListAsync(ct);
        var ids = rows.SelectMany(h => new[] { h.FromUserId, h.ToUserId }.Concat(h.Messages.Select(m => m.AuthorId))).Distinct().ToList();
        var names = await people.NamesAsync(ids, ct);
        string Name(Guid id) => names.GetValueOrDefault(id, "—");
        return rows.Where(h => h.ToUserId == userId || VisibilityRules.CanSee(h.Visibility, h.FromUserId, viewer))
            .OrderByDescending(h => h.CreatedAt)
            .Select(h => new HandoverView(h.Id, h.FromUserId, Name(h.FromUserId), h.ToUserId, Name(h.ToUserId), h.Note, h.Visibility.ToString(), h.CreatedAt,
                h.Messages.OrderBy(m => m.CreatedAt).Select(m => new HandoverMessageView(m.AuthorId, Name(m.AuthorId), m.IsQuestion, m.Text, m.CreatedAt)).ToList(),
                h.ToUserId == userId, h.FromUserId == userId))
            .ToList();
    }
}
