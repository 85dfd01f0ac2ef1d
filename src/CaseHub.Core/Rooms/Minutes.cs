using System.Globalization;
using System.Text;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Rooms;

/// <summary>Reads the current text of a room's shared notes (provided by the notes feature).</summary>
public interface IRoomNotes
{
    Task<string> GetTextAsync(string docKey, CancellationToken ct = default);
}

/// <summary>A feature's own part of the minutes of its rooms (matched by <see cref="Room.ContextType"/>), built per reader
/// so it can respect what that reader may see.</summary>
public interface IMinutesSection
{
    string ContextType { get; }
    /// <summary>Markdown (headings at level 2), or null. <paramref name="readerId"/> null: only what every participant may read.</summary>
    Task<string?> BuildAsync(Room room, Guid? readerId, string language, CancellationToken ct);
}

/// <summary>
/// Minutes of a closed meeting: title, date, attendance (present / excused / absent, as the field's minutes list them),
/// phases with actual times, decisions, action items with owners and due dates, revealed votes, and the notes.
/// Written in Markdown per reader's language; shown as a page, printed, and mailed to every participant.
/// </summary>
public sealed class MinutesService(CaseHubDbContext db, TextCatalog texts, ProtocolCatalog protocols, Outbox outbox, IOptions<AppOptions> app,
    IEnumerable<IMinutesSection> sections)
{
    public Task<string> BuildMarkdownAsync(Guid roomId, string language, CancellationToken ct = default)
        => BuildMarkdownAsync(roomId, language, null, ct);

    /// <summary>The minutes for one reader: a feature section (<see cref="IMinutesSection"/>) may show that reader more than
    /// what everyone sees; with no reader, sections show only what every participant may read.</summary>
    public async Task<string> BuildMarkdownAsync(Guid roomId, string language, Guid? readerId, CancellationToken ct = default)
    {
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct);
        var protocol = protocols.Get(room.ProtocolKey);
        var content = protocol.Minutes;
        var culture = Languages.Culture(language);
        string T(string key, params object?[] args) => texts.Format(key, language, args);
        string Time(DateTimeOffset t) => CalendarTime.ToLocal(t).ToString("HH:mm", culture);

        var sb = new StringBuilder();
        sb.AppendLine(culture, $"# {Escape(room.Title)}").AppendLine();
        var start = CalendarTime.ToLocal(room.StartedAt ?? room.ScheduledStart);
        var end = CalendarTime.ToLocal(room.ClosedAt ?? room.ScheduledEnd);
        sb.AppendLine($"{T(protocol.NameKey)} · {start.ToString("dddd d MMMM yyyy", culture)}, {start.ToString("HH:mm", culture)}–{end.ToString("HH:mm", culture)}"
                      + (string.IsNullOrWhiteSpace(room.Location) ? "" : $" · {Escape(room.Location!)}")).AppendLine();
        // Held on another day than planned: the minutes are of the day it was held, and say when it was planned.
        if (room.StartedAt is { } held && CalendarTime.LocalDate(held) != CalendarTime.LocalDate(room.ScheduledStart))
            sb.AppendLine(T("Minutes.PlannedOn", CalendarTime.ToLocal(room.ScheduledStart).ToString("dddd d MMMM yyyy", culture))).AppendLine();

        var participants = await db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == roomId).OrderBy(p => p.JoinOrder)
            .Select(p => new { p.UserId, p.User!.DisplayName, p.Role, p.ProtocolRole, p.Attendance, p.AttendanceNote }).ToListAsync(ct);
        var names = participants.ToDictionary(p => p.UserId, p => p.DisplayName);

        if (content.Attendance)
        {
            sb.AppendLine(culture, $"## {T("Minutes.Attendance")}").AppendLine();
            string Who(Attendance a, bool withNote) => string.Join(", ", participants.Where(p => p.Attendance == a)
                .Select(p => Escape(p.DisplayName) + (p.Role == RoomRole.Chair ? $" ({T("Rooms.Role.Chair").ToLower(culture)})" : "")
                             + (withNote && !string.IsNullOrWhiteSpace(p.AttendanceNote) ? $" — {Escape(p.AttendanceNote!)}" : "")));
            var present = Who(Attendance.Present, false);
            var excused = Who(Attendance.Excused, true);
            var absent = string.Join(", ", participants.Where(p => p.Attendance is Attendance.Absent or Attendance.Unknown && p.Role != RoomRole.Observer).Select(p => Escape(p.DisplayName)));
            sb.AppendLine("- " + texts.Labelled($"**{T("Minutes.Present")}**", present.Length > 0 ? present : "—", language));
            sb.AppendLine("- " + texts.Labelled($"**{T("Minutes.Excused")}**", excused.Length > 0 ? excused : "—", language));
            sb.AppendLine("- " + texts.Labelled($"**{T("Minutes.Absent")}**", absent.Length > 0 ? absent : "—", language)).AppendLine();
        }

        if (content.Phases)
        {
            var phases = await db.RoomPhases.AsNoTracking().Where(p => p.RoomId == roomId).OrderBy(p => p.Order).ToListAsync(ct);
            sb.AppendLine(culture, $"## {T("Minutes.Agenda")}").AppendLine();
            sb.AppendLine(culture, $"| {T("Minutes.Phase")} | {T("Minutes.Planned")} | {T("Minutes.Actual")} |").AppendLine("|---|---|---|");
            foreach (var p in phases)
            {
                var actual = p.StartedAt is { } s
                    ? $"{Time(s)}–{(p.EndedAt is { } e ? Time(e) : "…")} ({Math.Max(1, (int)Math.Round(((p.EndedAt ?? room.ClosedAt ?? s) - s).TotalMinutes))} min)"
                    : T("Minutes.NotHeld");
                sb.AppendLine(culture, $"| {Escape(RoomEngine.PhaseTitle(p, texts, language))} | {p.PlannedMinutes} min | {actual} |");
            }
            sb.AppendLine();
        }

        if (content.Decisions)
        {
            var decisions = (await db.Decisions.AsNoTracking().Where(d => d.RoomId == roomId).ToListAsync(ct)).OrderBy(d => d.RecordedAt).ToList();
            sb.AppendLine(culture, $"## {T("Minutes.Decisions")}").AppendLine();
            if (decisions.Count == 0) sb.AppendLine(T("Minutes.None"));
            foreach (var d in decisions) sb.AppendLine(culture, $"- {Escape(d.Text)}");
            sb.AppendLine();
        }

        if (content.Actions)
        {
            await AppendActionsAsync(db, texts, sb, roomId, names, language, ct);
            sb.AppendLine();
        }

        if (content.Votes)
        {
            var votes = (await db.Votes.AsNoTracking().Include(v => v.Ballots).Where(v => v.RoomId == roomId && v.Status == VoteStatus.Revealed).ToListAsync(ct))
                .OrderBy(v => v.OpenedAt).ToList();
            if (votes.Count > 0)
            {
                sb.AppendLine(culture, $"## {T("Minutes.Votes")}").AppendLine();
                foreach (var v in votes)
                {
                    var counts = string.Join(", ", v.OptionList.Select(o => texts.Labelled(Escape(o), v.Ballots.Count(b => b.Option == o), language)));
                    sb.AppendLine(culture, $"- **{Escape(v.Question)}** — {counts}");
                }
                sb.AppendLine();
            }
        }

        if (protocol.IdeaCards) await IdeaBoards.AppendMinutesAsync(db, texts, sb, roomId, language, ct);

        foreach (var section in sections.Where(x => room.ContextType == x.ContextType && room.ContextId is not null))
        {
            var text = await section.BuildAsync(room, readerId, language, ct);
            if (!string.IsNullOrWhiteSpace(text)) sb.AppendLine(text.TrimEnd()).AppendLine();
        }

        if (content.Notes && !string.IsNullOrWhiteSpace(room.FinalNotes))
        {
            sb.AppendLine(culture, $"## {T("Minutes.Notes")}").AppendLine();
            // Notes are the participants' own Markdown: headings are pushed down one level under ours.
            foreach (var line in room.FinalNotes!.Split('\n'))
                sb.AppendLine(line.StartsWith('#') ? "#" + line : line);
            sb.AppendLine();
        }
        return sb.ToString().TrimEnd() + "\n";
    }

    /// <summary>Queues the minutes to every participant in their own language (in the caller's unit of work).</summary>
    public async Task QueueMailsAsync(Guid roomId, CancellationToken ct = default)
    {
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct);
        var recipients = await db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == roomId)
            .Select(p => new { p.UserId, p.User!.Email, p.User.DisplayName, p.User.Language, p.User.ErasedAt }).ToListAsync(ct);
        var byLanguage = new Dictionary<string, string>();
        // With a feature section, each reader gets their own copy (what they may read differs, e.g. a partner's copy).
        var perReader = sections.Any(x => x.ContextType == room.ContextType);
        foreach (var r in recipients.Where(r => r.Email is not null && r.ErasedAt is null))
        {
            var cacheKey = perReader ? $"{r.Language}:{r.UserId}" : r.Language;
            if (!byLanguage.TryGetValue(cacheKey, out var minutes))
                byLanguage[cacheKey] = minutes = await BuildMarkdownAsync(roomId, r.Language, perReader ? r.UserId : null, ct);
            var link = app.Value.Link($"/meetings/{roomId}/minutes");
            await outbox.EnqueueAsync(db, new MailRequest
            {
                ToAddress = r.Email!,
                ToName = r.DisplayName,
                Language = r.Language,
                Kind = "Minutes",
                DedupKey = $"minutes:{roomId}:{r.UserId}",
                Subject = texts.Format("Mail.Minutes.Subject", r.Language, room.Title),
                BodyMarkdown = new MailBody().Paragraph(texts.Format("Mail.Minutes.Intro", r.Language, r.DisplayName, link)).Rule().Document(minutes).ToString(),
            }, ct);
        }
    }

    /// <summary>The "Actions" section (heading and table with owner and due date) of a room's minutes, in a language;
    /// feature sections that write their own minutes use it too.</summary>
    public static async Task AppendActionsAsync(CaseHubDbContext db, TextCatalog texts, System.Text.StringBuilder sb, Guid roomId,
        IReadOnlyDictionary<Guid, string> names, string language, CancellationToken ct = default)
    {
        var culture = Languages.Culture(language);
        string T(string key) => texts.Format(key, language);
        var actions = (await db.ActionItems.AsNoTracking().Where(a => a.RoomId == roomId).ToListAsync(ct)).OrderBy(a => a.CreatedAt).ToList();
        sb.AppendLine(culture, $"## {T("Minutes.Actions")}").AppendLine();
        if (actions.Count == 0) { sb.AppendLine(T("Minutes.None")); return; }
        sb.AppendLine(culture, $"| {T("Minutes.Action")} | {T("Minutes.Owner")} | {T("Minutes.Due")} |").AppendLine("|---|---|---|");
        foreach (var a in actions)
            sb.AppendLine(culture, $"| {Escape(a.Text)} | {(a.OwnerId is { } o && names.TryGetValue(o, out var n) ? Escape(n) : "—")} | {(a.DueDate is { } due ? due.ToString("d MMMM yyyy", culture) : "—")} |");
    }

    /// <summary>Escapes characters that would turn user text into Markdown structure (tables, links, emphasis), on one line.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var ch in text.Replace("\r", "").Replace('\n', ' '))
        {
            if (ch is '\\' or '|' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '`') sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }
}
