using System.Text;
using CaseHub.Core.Common;
using CaseHub.Core.Mail;

namespace CaseHub.Core.Calendar;

/// <summary>The mails of <see cref="CalendarService"/>: each in the recipient's language, each carrying its iCalendar object.</summary>
public sealed partial class CalendarService
{
    private async Task SendInvitationAsync(CalendarEntry entry, CalendarInvitee invitee, CancellationToken ct)
    {
        var l = invitee.Language;
        var body = new StringBuilder()
            .AppendLine(texts.Format("Calendar.Mail.Greeting", l, Md(invitee.Name))).AppendLine()
            .AppendLine(texts.Format("Calendar.Mail.Invitation.Intro", l, Md(entry.OrganizerName), Md(entry.Title.For(l)))).AppendLine();
        Details(body, entry, l);
        ReplyLinks(body, entry, invitee, l, withCurrentAnswer: false);
        Footer(body, entry, l);
        await outbox.EnqueueAsync(db, new MailRequest
        {
            ToAddress = invitee.Email,
            ToName = invitee.Name,
            Language = l,
            Kind = "CalendarInvitation",
            Subject = texts.Format("Calendar.Mail.Invitation.Subject", l, entry.Title.For(l), CalendarTime.FormatDate(entry.Start, l)),
            BodyMarkdown = body.ToString(),
            Calendar = new CalendarPart("REQUEST", ics.Request(entry, l, AttendeesFor(entry, invitee))),
        }, ct);
    }

    private async Task SendUpdateAsync(CalendarEntry entry, CalendarInvitee invitee, IReadOnlyList<Func<string, string>> changes, CancellationToken ct)
    {
        var l = invitee.Language;
        var body = new StringBuilder()
            .AppendLine(texts.Format("Calendar.Mail.Greeting", l, Md(invitee.Name))).AppendLine()
            .AppendLine(texts.Format("Calendar.Mail.Update.Intro", l, Md(entry.OrganizerName), Md(entry.Title.For(l)))).AppendLine()
            .AppendLine(texts.Get("Calendar.Mail.Update.WhatChanged", l)).AppendLine();
        foreach (var change in changes) body.AppendLine("- " + change(l));
        body.AppendLine();
        Details(body, entry, l);
        ReplyLinks(body, entry, invitee, l, withCurrentAnswer: true);
        Footer(body, entry, l);
        await outbox.EnqueueAsync(db, new MailRequest
        {
            ToAddress = invitee.Email,
            ToName = invitee.Name,
            Language = l,
            Kind = "CalendarUpdate",
            Subject = texts.Format("Calendar.Mail.Update.Subject", l, entry.Title.For(l), CalendarTime.FormatDate(entry.Start, l)),
            BodyMarkdown = body.ToString(),
            Calendar = new CalendarPart("REQUEST", ics.Request(entry, l, AttendeesFor(entry, invitee))),
        }, ct);
    }

    private async Task SendCancelAsync(CalendarEntry entry, CalendarInvitee invitee, CancellationToken ct)
    {
        var l = invitee.Language;
        var body = new StringBuilder()
            .AppendLine(texts.Format("Calendar.Mail.Greeting", l, Md(invitee.Name))).AppendLine()
            .AppendLine(texts.Format("Calendar.Mail.Cancel.Intro", l, Md(entry.OrganizerName), Md(entry.Title.For(l)), Md(When(entry, l)))).AppendLine();
        if (entry.CancelReason is { } reason) body.AppendLine(texts.Format("Calendar.Mail.Cancel.Reason", l, Md(reason))).AppendLine();
        body.AppendLine(texts.Get("Calendar.Mail.Cancel.Note", l));
        await outbox.EnqueueAsync(db, new MailRequest
        {
            ToAddress = invitee.Email,
            ToName = invitee.Name,
            Language = l,
            Kind = "CalendarCancel",
            Subject = texts.Format("Calendar.Mail.Cancel.Subject", l, entry.Title.For(l), CalendarTime.FormatDate(entry.Start, l)),
            BodyMarkdown = body.ToString(),
            Calendar = new CalendarPart("CANCEL", ics.Cancel(entry, l, AttendeesFor(entry, invitee), uninvite: false)),
        }, ct);
    }

    /// <summary>The CANCEL a removed invitee gets: it names only them, so the event leaves only their calendar.</summary>
    private async Task SendUninviteAsync(CalendarEntry entry, CalendarInvitee invitee, CancellationToken ct)
    {
        var l = invitee.Language;
        var body = new StringBuilder()
            .AppendLine(texts.Format("Calendar.Mail.Greeting", l, Md(invitee.Name))).AppendLine()
            .AppendLine(texts.Format("Calendar.Mail.Removed.Intro", l, Md(entry.OrganizerName), Md(entry.Title.For(l)), Md(When(entry, l)))).AppendLine()
            .AppendLine(texts.Get("Calendar.Mail.Cancel.Note", l));
        await outbox.EnqueueAsync(db, new MailRequest
        {
            ToAddress = invitee.Email,
            ToName = invitee.Name,
            Language = l,
            Kind = "CalendarUninvite",
            Subject = texts.Format("Calendar.Mail.Removed.Subject", l, entry.Title.For(l), CalendarTime.FormatDate(entry.Start, l)),
            BodyMarkdown = body.ToString(),
            Calendar = new CalendarPart("CANCEL", ics.Cancel(entry, l, [invitee], uninvite: true)),
        }, ct);
    }

    /// <summary>Everyone when the entry shows its invitee list, otherwise only the recipient.</summary>
    private static IEnumerable<CalendarInvitee> AttendeesFor(CalendarEntry entry, CalendarInvitee recipient)
        => entry.ShowInviteeList ? entry.CurrentInvitees : [recipient];

    private static string When(CalendarEntry entry, string l) => CalendarTime.FormatRange(entry.Start, entry.End, l);

    private void Details(StringBuilder body, CalendarEntry entry, string l)
    {
        // A series lists its dates below instead.
        if (!entry.IsSeries) body.AppendLine(Line("Calendar.Mail.When", Md(When(entry, l)), l));
        if (entry.Location is { } where) body.AppendLine(Line("Calendar.Mail.Where", Md(where), l));
        if (entry.OnlineUrl is { } online) body.AppendLine(Line("Calendar.Mail.Online", $"<{online}>", l));
        body.AppendLine(Line("Calendar.Mail.Organizer", Md(entry.OrganizerName), l));
        if (entry.IsSeries)
        {
            var occurrences = CalendarTime.Occurrences(entry);
            body.AppendLine($"- **{texts.Get("Calendar.Mail.Dates", l)}**");
            foreach (var o in occurrences.Take(DatesListedInMail))
            {
                body.AppendLine(o.Cancelled
                    ? $"    - ~~{Md(CalendarTime.FormatRange(o.Start, o.End, l))}~~ ({texts.Get("Calendar.Mail.OccurrenceCancelledMark", l)})"
                    : $"    - {Md(CalendarTime.FormatRange(o.Start, o.End, l))}");
            }
            if (occurrences.Count > DatesListedInMail)
                body.AppendLine("    - " + texts.Format("Calendar.Mail.MoreDates", l, occurrences.Count - DatesListedInMail));
        }
        body.AppendLine();
        var description = entry.Description.For(l);
        if (description.Length > 0) body.AppendLine(Md(description)).AppendLine();
    }

    private string Line(string labelKey, string value, string l) => $"- **{texts.Get(labelKey, l)}** {value}";

    private void ReplyLinks(StringBuilder body, CalendarEntry entry, CalendarInvitee invitee, string l, bool withCurrentAnswer)
    {
        var token = NewReplyToken(invitee);
        string Link(CalendarResponse r) => app.Value.Link(CalendarLinks.ReplyPath(token, CalendarLinks.AnswerWord(r)));
        body.AppendLine(withCurrentAnswer && invitee.Response != CalendarResponse.NeedsAction
            ? "**" + texts.Format("Calendar.Mail.CurrentAnswer", l, texts.Get("Calendar.Response." + invitee.Response, l)) + "**"
            : "**" + texts.Get("Calendar.Mail.ReplyQuestion", l) + "**");
        body.AppendLine().AppendLine(texts.Format("Calendar.Mail.ReplyLinks", l, Link(CalendarResponse.Accepted), Link(CalendarResponse.Declined), Link(CalendarResponse.Tentative))).AppendLine();
    }

    private void Footer(StringBuilder body, CalendarEntry entry, string l)
    {
        if (entry.LinkPath is { } path) body.AppendLine(texts.Format("Calendar.Mail.OpenInCaseHub", l, app.Value.Link(path))).AppendLine();
        body.AppendLine("_" + texts.Get("Calendar.Mail.AttachmentNote", l) + "_");
    }

    private string NewReplyToken(CalendarInvitee invitee)
    {
        var token = SecureToken.New();
        invitee.ReplyTokens.Add(new CalendarReplyToken { InviteeId = invitee.Id, TokenHash = SecureToken.Hash(token), CreatedAt = clock.GetUtcNow() });
        return token;
    }

    /// <summary>Text typed by people (titles, names, places) goes into Markdown mails: escape what would become markup or links.</summary>
    internal static string Md(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '~' or '|' or '#' or '!') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
