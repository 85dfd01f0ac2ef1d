using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Conferences
{
    public enum MessageKind
    {
        /// <summary>News on the case for the others.</summary>
        Update = 0,
        /// <summary>A question (usually to someone mentioned).</summary>
        Question = 1,
        /// <summary>An answer to a question of the thread.</summary>
        Answer = 2,
    }

    /// <summary>A short message on a case between conferences; its visibility follows the same rule as positions.</summary>
    public class CaseMessage
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid CaseId { get; set; }
        public Guid AuthorId { get; set; }
        public MessageKind Kind { get; set; }
        /// <summary>The question an answer answers.</summary>
        public Guid? ReplyToId { get; set; }
        public const int TextMaxLength = 1000;
        public string Text { get; set; } = "";
        /// <summary>All members, or CPAS staff only.</summary>
        public Visibility Visibility { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public List<CaseMessageMention> Mentions { get; set; } = [];
    }

    /// <summary>A case member named with @ in a message (told by mail).</summary>
    public class CaseMessageMention
    {
        public Guid MessageId { get; set; }
        public Guid UserId { get; set; }
    }

    internal sealed class CaseMessageConfiguration : IEntityTypeConfiguration<CaseMessage>
    {
        public void Configure(EntityTypeBuilder<CaseMessage> b)
        {
            b.ToTable("CaseMessages");
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => new { x.CaseId, x.CreatedAt });
            b.Property(x => x.Text).HasMaxLength(CaseMessage.TextMaxLength);
            b.HasOne<ConferenceCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(x => x.Mentions).WithOne().HasForeignKey(m => m.MessageId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class CaseMessageMentionConfiguration : IEntityTypeConfiguration<CaseMessageMention>
    {
        public void Configure(EntityTypeBuilder<CaseMessageMention> b)
        {
            b.ToTable("CaseMessageMentions");
            b.HasKey(x => new { x.MessageId, x.UserId });
            b.HasIndex(x => x.UserId);
        }
    }

    public sealed record MessageInput(string? Text, string? Kind, string? Visibility, Guid? ReplyToId = null);

    public sealed record CaseMessageView(Guid Id, Guid AuthorId, string AuthorName, string Kind, Guid? ReplyToId, string Text, string Visibility,
        DateTimeOffset CreatedAt, IReadOnlyList<string> Mentioned, bool MentionsMe);

    /// <summary>A member as a mention can name them.</summary>
    public sealed record Mentionable(Guid UserId, string Name, bool IsCpas);

    /// <summary>
    /// The case thread: short messages between conferences (a question to a member, an answer, an update). "@Name" mentions
    /// a member of the case (full name, or first name when only one member has it) and tells them by mail in their
    /// language — only the case code and a link, never the text. Each message is for every member or for CPAS staff
    /// only, read through <see cref="VisibilityRules"/> on the page, in the timeline, the export and the mails (a member who
    /// may not read a message cannot be mentioned in it). The PII guard checks the text; reads are audited.
    /// </summary>
    public sealed class CaseThreadService(CaseHubDbContext db, CaseService cases, People people, Outbox outbox, TextCatalog texts,
        IOptions<AppOptions> app, Audit.AuditLog audit, TimeProvider clock)
    {
        public async Task<CaseMessage> PostAsync(Guid caseId, Guid userId, MessageInput input, CancellationToken ct = default)
        {
            var me = await cases.RequireMemberAsync(caseId, userId, ct);
            var text = Validation.RequireText(input.Text, CaseMessage.TextMaxLength, "Text");
            var kind = ParseKind(input.Kind);
            var visibility = ParseVisibility(input.Visibility, me.IsCpas);
            CaseMessage? question = null;
            if (input.ReplyToId is { } replyTo)
            {
                var viewer = await cases.ViewerAsync(caseId, userId, ct);
                question = await db.CaseMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == replyTo && m.CaseId == caseId, ct);
                if (question is null || !VisibilityRules.CanSee(question.Visibility, question.AuthorId, viewer)) throw DomainException.NotFound();
                kind = MessageKind.Answer;
                // An answer is never read more widely than its question.
                if (question.Visibility == Visibility.CpasOnly) visibility = Visibility.CpasOnly;
            }
            else if (kind == MessageKind.Answer) throw new DomainException("Conference.Error.MessageKind") { Field = "Kind" };

            var members = await MentionablesAsync(caseId, ct);
            var mentions = Mentions.Find(text, members);
            foreach (var m in mentions.Where(m => m.UserId != userId))
                if (visibility == Visibility.CpasOnly && !m.IsCpas) throw new DomainException("Conference.Error.MentionCannotSee", m.Name) { Field = "Text" };
            // Names written as mentions are the members' own display names, not data about the person: the guard reads the rest.
            text = await cases.CheckPiiAsync(text, "Text", true, t => Mentions.Strip(t, members), ct);

            var message = new CaseMessage
            {
                CaseId = caseId, AuthorId = userId, Kind = kind, ReplyToId = question?.Id, Text = text, Visibility = visibility, CreatedAt = clock.GetUtcNow(),
            };
            foreach (var id in mentions.Select(m => m.UserId).Where(id => id != userId).Distinct()) message.Mentions.Add(new CaseMessageMention { MessageId = message.Id, UserId = id });
            db.CaseMessages.Add(message);
            audit.Record(db, userId, "Conferences.MessagePosted", "Case", caseId, $"kind={kind} visibility={visibility} mentions={message.Mentions.Count}");

            // Who is told: the members mentioned, and the author of the question being answered (if they may read the answer).
            var told = message.Mentions.Select(m => (m.UserId, Key: "Conference.Mail.Mention")).ToList();
            if (question is not null && question.AuthorId != userId && told.All(t => t.UserId != question.AuthorId)
                && members.FirstOrDefault(m => m.UserId == question.AuthorId) is { } asker && (visibility == Visibility.AllParticipants || asker.IsCpas))
                told.Add((question.AuthorId, "Conference.Mail.Answer"));
            if (told.Count > 0)
            {
                var code = await db.ConferenceCases.AsNoTracking().Where(c => c.Id == caseId).Select(c => c.Code).FirstAsync(ct);
                var author = members.FirstOrDefault(m => m.UserId == userId)?.Name ?? "—";
                var reachable = (await people.ReachableAsync(told.Select(t => t.UserId), ct)).ToDictionary(p => p.Id);
                foreach (var (to, key) in told)
                {
                    if (!reachable.TryGetValue(to, out var p)) continue;
                    await outbox.EnqueueAsync(db, new MailRequest
                    {
                        ToAddress = p.Email!, ToName = p.Name, Language = p.Language, Kind = "CaseThread", DedupKey = $"case-thread:{message.Id}:{to}",
                        Subject = texts.Format(key + ".Subject", p.Language, code, author),
                        BodyMarkdown = new MailBody().Paragraph(texts.Format(key + ".Body", p.Language, MailBody.Escape(p.Name), MailBody.Escape(author), code,
                            app.Value.Link($"/conferences/cases/{caseId}#msg-{message.Id}"))).ToString(),
                    }, ct);
                }
            }
            await db.SaveChangesAsync(ct);
            return message;
        }

        private static MessageKind ParseKind(string? value)
            => string.IsNullOrWhiteSpace(value) ? MessageKind.Update
                : value.Length <= 20 && !value.Trim().All(char.IsDigit) && Enum.TryParse<MessageKind>(value.Trim(), true, out var k) && Enum.IsDefined(k)
                    ? k : throw new DomainException("Conference.Error.MessageKind") { Field = "Kind" };

        /// <summary>All members or CPAS staff only; a partner's message is for all members (they are not CPAS staff).</summary>
        public static Visibility ParseVisibility(string? value, bool isCpas)
        {
            if (string.IsNullOrWhiteSpace(value)) return isCpas ? Visibility.CpasOnly : Visibility.AllParticipants;
            if (value.Length > 40 || value.Trim().All(char.IsDigit) || !Enum.TryParse<Visibility>(value.Trim(), true, out var v) || v == Visibility.AuthorAndFacilitator || !Enum.IsDefined(v))
                throw new DomainException("Conference.Error.MessageVisibility") { Field = "Visibility" };
            if (v == Visibility.CpasOnly && !isCpas) throw new DomainException("Conference.Error.MessageVisibilityPartner") { Field = "Visibility" };
            return v;
        }

        /// <summary>The case's members as mentions can name them.</summary>
        public async Task<List<Mentionable>> MentionablesAsync(Guid caseId, CancellationToken ct = default)
            => (await db.CaseMembers.AsNoTracking().Where(m => m.CaseId == caseId).Select(m => new { m.UserId, m.User!.DisplayName, m.Party }).ToListAsync(ct))
                .Select(m => new Mentionable(m.UserId, m.DisplayName, m.Party != CaseParty.Partner)).ToList();

        /// <summary>The messages <paramref name="userId"/> may read, oldest first; the read is audited (who read a case's thread, when).</summary>
        public async Task<List<CaseMessageView>> ReadAsync(Guid caseId, Guid userId, CancellationToken ct = default)
        {
            var list = await VisibleAsync(caseId, await cases.ViewerAsync(caseId, userId, ct), ct);
            if (list.Count > 0) await audit.RecordViewAsync(db, userId, "Conferences.ThreadRead", "Case", caseId, ct);
            return list;
        }

        /// <summary>The messages a reader may see (no audit entry: for the timeline and the export, which record their own).</summary>
        public async Task<List<CaseMessageView>> VisibleAsync(Guid caseId, Viewer viewer, CancellationToken ct = default)
        {
            var rows = await db.CaseMessages.AsNoTracking().Include(m => m.Mentions).Where(m => m.CaseId == caseId).ToListAsync(ct);
            var visible = rows.Where(m => VisibilityRules.CanSee(m.Visibility, m.AuthorId, viewer)).OrderBy(m => m.CreatedAt).ToList();
            var names = await people.NamesAsync(visible.Select(m => m.AuthorId).Concat(visible.SelectMany(m => m.Mentions.Select(x => x.UserId))), ct);
            string Name(Guid id) => names.GetValueOrDefault(id, "—");
            return visible.Select(m => new CaseMessageView(m.Id, m.AuthorId, Name(m.AuthorId), m.Kind.ToString(), m.ReplyToId, m.Text, m.Visibility.ToString(), m.CreatedAt,
                m.Mentions.Select(x => Name(x.UserId)).Order(StringComparer.CurrentCulture).ToList(), m.Mentions.Any(x => x.UserId == viewer.UserId))).ToList();
        }
    }

    /// <summary>Finding "@Name" mentions of case members in a text.</summary>
    public static class Mentions
    {
        /// <summary>
        /// The members a text mentions. "@" starts a mention at the start of the text or after a space or punctuation (an
        /// e-mail address is not one); it names a member by full display name (longest first, any case) or by first name
        /// when exactly one member has it. Anything else after "@" is refused: a non-member, or a first name several share.
        /// </summary>
        public static List<Mentionable> Find(string text, IReadOnlyList<Mentionable> members)
        {
            var found = new List<Mentionable>();
            foreach (var (_, _, member) in Spans(text, members, strict: true)) found.Add(member!);
            return found.DistinctBy(m => m.UserId).ToList();
        }

        /// <summary>The text with its mentions blanked (for the PII guard, which would read a member's name as a person's).</summary>
        public static string Strip(string text, IReadOnlyList<Mentionable> members)
        {
            var chars = text.ToCharArray();
            foreach (var (start, length, _) in Spans(text, members, strict: false))
                for (var i = start; i < start + length; i++) chars[i] = ' ';
            return new string(chars);
        }

        private static IEnumerable<(int Start, int Length, Mentionable? Member)> Spans(string text, IReadOnlyList<Mentionable> members, bool strict)
        {
            var byLength = members.OrderByDescending(m => m.Name.Length).ToList();
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] != '@' || (i > 0 && char.IsLetterOrDigit(text[i - 1]))) continue;
                var rest = text.AsSpan(i + 1);
                if (rest.Length == 0 || !char.IsLetter(rest[0])) continue; // "@ 10h", "@@": not a mention
                Mentionable? hit = null;
                var length = 0;
                foreach (var m in byLength)
                {
                    if (m.Name.Length == 0 || !rest.StartsWith(m.Name, StringComparison.OrdinalIgnoreCase)) continue;
                    if (rest.Length > m.Name.Length && char.IsLetterOrDigit(rest[m.Name.Length])) continue;
                    hit = m;
                    length = m.Name.Length;
                    break;
                }
                if (hit is null)
                {
                    var word = Word(rest);
                    var same = members.Where(m => string.Equals(FirstName(m.Name), word, StringComparison.OrdinalIgnoreCase)).ToList();
                    if (same.Count == 1) (hit, length) = (same[0], word.Length);
                    else if (strict && same.Count > 1) throw new DomainException("Conference.Error.MentionAmbiguous", "@" + word) { Field = "Text" };
                    else if (strict) throw new DomainException("Conference.Error.MentionNotMember", "@" + word) { Field = "Text" };
                    else continue;
                }
                yield return (i, length + 1, hit);
                i += length;
            }
        }

        private static string Word(ReadOnlySpan<char> s)
        {
            var n = 0;
            while (n < s.Length && n < 60 && (char.IsLetterOrDigit(s[n]) || (s[n] is '-' or '\'' or '’' or '.' && n + 1 < s.Length && char.IsLetter(s[n + 1])))) n++;
            return s[..n].ToString();
        }

        private static string FirstName(string name)
        {
            var space = name.IndexOf(' ', StringComparison.Ordinal);
            return space < 0 ? name : name[..space];
        }
    }
}

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<Conferences.CaseMessage> CaseMessages => Set<Conferences.CaseMessage>();
        public DbSet<Conferences.CaseMessageMention> CaseMessageMentions => Set<Conferences.CaseMessageMention>();
    }
}
