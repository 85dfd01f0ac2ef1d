using CaseHub.Core.Common;
using CaseHub.Core.Mail;

namespace CaseHub.Core.Calendar;

/// <summary>The mails of <see cref="CalendarService"/>: each in the recipient's language, each carrying its iCalendar object.</summary>
public sealed partial class CalendarService
{
    private async Task SendInvitationAsync(CalendarEntry entry, CalendarInvitee invitee, CancellationToken ct)
    {
        var l = invitee.Language;
        var body = new MailBody()
            .Paragraph(texts.Format("Calendar.Mail.Greeting", l, Md(invitee.Name)))
            .Paragraph(texts.Format("Calendar.Mail.Invitation.Intro", l, Md(entry.OrganizerName), Md(entry.Title.For(l))));
        Details(body, entry, l);
        ReplyLinks(body, invitee, l, withCurrentAnswer: false);
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
        var body = new MailBody()
            .Paragraph(texts.Format("Calendar.Mail.Greeting", l, Md(invitee.Name)))
            .Paragraph(texts.Format("Calendar.Mail.Update.Intro", l, Md(entry.OrganizerName), Md(entry.Title.For(l))))
            .Paragraph(texts.Get("Calendar.Mail.Update.WhatChanged", l));
        foreach (var change in changes) body.Item(change(l));
        body.EndList();
        Details(body, entry, l);
        ReplyLinks(body, invitee, l, withCurrentAnswer: true);
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
        var body = new MailBody()
            .Paragraph(texts.Format("Calendar.Mail.Greeting", l, Md(invitee.Name)))
            .Paragraph(texts.Format("Calendar.Mail.Cancel.Intro", l, Md(entry.OrganizerName), Md(entry.Title.For(l)), Md(When(entry, l))));
        if (entry.CancelReason is { } reason) body.Paragraph(texts.Format("Calendar.Mail.Cancel.Reason", l, Md(reason)));
        body.Paragraph(texts.Get("Calendar.Mail.Cancel.Note", l));
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
        var body = new MailBody()
            .Paragraph(texts.Format("Calendar.Mail.Greeting", l, Md(invitee.Name)))
            .Paragraph(texts.Format("Calendar.Mail.Removed.Intro", l, Md(entry.OrganizerName), Md(entry.Title.For(l)), Md(When(entry, l))))
            .Paragraph(texts.Get("Calendar.Mail.Cancel.Note", l));
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

    /// <summary>The CANCEL of one occurrence a person is no longer expected at (the rest of the series stays theirs).</summary>
    private async Task SendOccurrenceUninviteAsync(CalendarEntry entry, CalendarInvitee invitee, DateTimeOffset originalStart, (DateTimeOffset Start, DateTimeOffset End) was, CancellationToken ct)
    {
        var l = invitee.Language;
        var body = new MailBody()
            .Paragraph(texts.Format("Calendar.Mail.Greeting", l, Md(invitee.Name)))
            .Paragraph(texts.Format("Calendar.Mail.Removed.Intro", l, Md(entry.OrganizerName), Md(entry.Title.For(l)), Md(CalendarTime.FormatRange(was.Start, was.End, l))))
            .Paragraph(texts.Get("Calendar.Mail.Cancel.Note", l));
        await outbox.EnqueueAsync(db, new MailRequest
        {
            ToAddress = invitee.Email,
            ToName = invitee.Name,
            Language = l,
            Kind = "CalendarUninvite",
            Subject = texts.Format("Calendar.Mail.Removed.Subject", l, entry.Title.For(l), CalendarTime.FormatDate(was.Start, l)),
            BodyMarkdown = body.ToString(),
            Calendar = new CalendarPart("CANCEL", ics.CancelOccurrence(entry, originalStart, was.Start, was.End, l, [invitee])),
        }, ct);
    }

    /// <summary>Everyone when the entry shows its invitee list, otherwise only the recipient.</summary>
    private static IEnumerable<CalendarInvitee> AttendeesFor(CalendarEntry entry, CalendarInvitee recipient)
        => entry.ShowInviteeList ? entry.CurrentInvitees : [recipient];

    private static string When(CalendarEntry entry, string l) => CalendarTime.FormatRange(entry.Start, entry.End, l);

    private void Details(MailBody body, CalendarEntry entry, string l)
    {
        // A series lists its dates below instead.
        if (!entry.IsSeries) body.Fact(texts.Get("Calendar.Mail.When", l), Md(When(entry, l)));
        if (entry.Location is { } where) body.Fact(texts.Get("Calendar.Mail.Where", l), Md(where));
        if (entry.OnlineUrl is { } online) body.Fact(texts.Get("Calendar.Mail.Online", l), $"<{online}>");
        body.Fact(texts.Get("Calendar.Mail.Organizer", l), Md(entry.OrganizerName));
        if (entry.IsSeries)
        {
            var occurrences = CalendarTime.Occurrences(entry);
            body.Item($"**{texts.Get("Calendar.Mail.Dates", l)}**");
            foreach (var o in occurrences.Take(DatesListedInMail))
            {
                body.Item(o.Cancelled
                    ? $"~~{Md(CalendarTime.FormatRange(o.Start, o.End, l))}~~ ({texts.Get("Calendar.Mail.OccurrenceCancelledMark", l)})"
                    : Md(CalendarTime.FormatRange(o.Start, o.End, l)), level: 1);
            }
            if (occurrences.Count > DatesListedInMail)
                body.Item(texts.Format("Calendar.Mail.MoreDates", l, occurrences.Count - DatesListedInMail), level: 1);
        }
        var description = entry.Description.For(l);
        if (description.Length > 0) body.Paragraph(Md(description));
    }

    private void ReplyLinks(MailBody body, CalendarInvitee invitee, string l, bool withCurrentAnswer)
    {
        var token = NewReplyToken(invitee);
        string Link(CalendarResponse r) => app.Value.Link(CalendarLinks.ReplyPath(token, CalendarLinks.AnswerWord(r)));
        body.Strong(withCurrentAnswer && invitee.Response != CalendarResponse.NeedsAction
            ? texts.Format("Calendar.Mail.CurrentAnswer", l, texts.Get("Calendar.Response." + invitee.Response, l))
            : texts.Get("Calendar.Mail.ReplyQuestion", l));
        body.Paragraph(texts.Format("Calendar.Mail.ReplyLinks", l, Link(CalendarResponse.Accepted), Link(CalendarResponse.Declined), Link(CalendarResponse.Tentative)));
    }

    private void Footer(MailBody body, CalendarEntry entry, string l)
    {
        if (entry.LinkPath is { } path) body.Paragraph(texts.Format("Calendar.Mail.OpenInCaseHub", l, app.Value.Link(path)));
        body.Note(texts.Get("Calendar.Mail.AttachmentNote", l));
    }

    private string NewReplyToken(CalendarInvitee invitee)
    {
        var token = SecureToken.New();
        invitee.ReplyTokens.Add(new CalendarReplyToken { InviteeId = invitee.Id, TokenHash = SecureToken.Hash(token), CreatedAt = clock.GetUtcNow() });
        return token;
    }

    private static string Md(string text) => MailBody.Escape(text);
}
