using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>The mails to people who booked: each in their language, each with their personal manage link.</summary>
public sealed class DiscoveryMails(TextCatalog texts, IOptions<AppOptions> app)
{
    /// <summary>Seat confirmed (at booking, after promotion or after accepting an offer), with the calendar invitation.</summary>
    public MailRequest Confirmed(DiscoveryDay day, DiscoveryBooking b, string token, string ics, string introKey)
    {
        var l = b.Language;
        var body = Start(b)
            .Paragraph(texts.Format(introKey, l, Md(day.Title)));
        Details(body, day, l);
        if (!string.IsNullOrWhiteSpace(b.Needs)) body.Paragraph(texts.Get("Discovery.Mail.NeedsNoted", l));
        ManageLink(body, token, l, "Discovery.Mail.ManageConfirmed");
        body.Note(texts.Get("Discovery.Mail.AttachmentNote", l));
        return Mail(b, "DiscoveryConfirmed", texts.Format("Discovery.Mail.Confirmed.Subject", l, day.Title, CalendarTime.FormatDate(day.Start, l)), body,
            new CalendarPart("REQUEST", ics));
    }

    public MailRequest Waitlisted(DiscoveryDay day, DiscoveryBooking b, string token, int position)
    {
        var l = b.Language;
        var body = Start(b)
            .Paragraph(texts.Format("Discovery.Mail.Waitlisted.Intro", l, Md(day.Title), position))
            .Paragraph(texts.Get(day.WaitlistMode == WaitlistMode.TimedOffer ? "Discovery.Mail.Waitlisted.HowOffer" : "Discovery.Mail.Waitlisted.HowImmediate", l));
        Details(body, day, l);
        ManageLink(body, token, l, "Discovery.Mail.ManageWaitlisted");
        return Mail(b, "DiscoveryWaitlisted", texts.Format("Discovery.Mail.Waitlisted.Subject", l, day.Title, position), body);
    }

    public MailRequest Offer(DiscoveryDay day, DiscoveryBooking b, string token)
    {
        var l = b.Language;
        var until = CalendarTime.FormatDateTime(b.OfferExpiresAt!.Value, l);
        var body = Start(b)
            .Paragraph(texts.Format("Discovery.Mail.Offer.Intro", l, Md(day.Title)))
            .Strong(texts.Format("Discovery.Mail.Offer.Until", l, Md(until)))
            .Paragraph(texts.Format("Discovery.Mail.Offer.Link", l, app.Value.Link(DiscoveryLinks.ManagePath(token))));
        Details(body, day, l);
        return Mail(b, "DiscoveryOffer", texts.Format("Discovery.Mail.Offer.Subject", l, day.Title, until), body);
    }

    public MailRequest OfferLapsed(DiscoveryDay day, DiscoveryBooking b)
    {
        var l = b.Language;
        var body = Start(b)
            .Paragraph(texts.Format("Discovery.Mail.OfferLapsed.Intro", l, Md(day.Title)))
            .Paragraph(texts.Format("Discovery.Mail.OfferLapsed.Again", l, app.Value.Link(DiscoveryLinks.DayPath(day.Id))));
        return Mail(b, "DiscoveryOfferLapsed", texts.Format("Discovery.Mail.OfferLapsed.Subject", l, day.Title), body);
    }

    /// <summary>The end of a booking: cancelled by the person, by the organiser, released by "still coming? no", offer declined.</summary>
    public MailRequest Ended(DiscoveryDay day, DiscoveryBooking b, BookingStatus before, string? cancelIcs)
    {
        var l = b.Language;
        var introKey = b.CancelledBy switch
        {
            CancelledBy.Organiser => "Discovery.Mail.Ended.Organiser",
            CancelledBy.StillComing => "Discovery.Mail.Ended.Released",
            CancelledBy.OfferDeclined => "Discovery.Mail.Ended.OfferDeclined",
            _ => before == BookingStatus.Waitlisted ? "Discovery.Mail.Ended.LeftWaitlist" : "Discovery.Mail.Ended.Registrant",
        };
        var body = Start(b)
            .Paragraph(texts.Format(introKey, l, Md(day.Title), Md(CalendarTime.FormatRange(day.Start, day.End, l))))
            .Paragraph(texts.Format("Discovery.Mail.Ended.Again", l, app.Value.Link(DiscoveryLinks.DayPath(day.Id))));
        if (cancelIcs is not null) body.Note(texts.Get("Discovery.Mail.CancelAttachmentNote", l));
        return Mail(b, "DiscoveryBookingEnded", texts.Format("Discovery.Mail.Ended.Subject", l, day.Title, CalendarTime.FormatDate(day.Start, l)), body,
            cancelIcs is null ? null : new CalendarPart("CANCEL", cancelIcs));
    }

    /// <summary>
    /// The person moved to another date of the programme: one mail with the new invitation (when they have a seat there)
    /// and the cancellation of the old one (when they had a seat there), so their calendar ends up right in one step.
    /// </summary>
    public MailRequest Moved(DiscoveryDay from, DiscoveryDay to, DiscoveryBooking b, string token, int position, string? requestIcs, string? cancelIcs)
    {
        var l = b.Language;
        var when = Md(CalendarTime.FormatRange(to.Start, to.End, l));
        var body = Start(b)
            .Paragraph(b.Status == BookingStatus.Waitlisted
                ? texts.Format("Discovery.Mail.Moved.IntroWaitlisted", l, Md(to.Title), when, position)
                : texts.Format("Discovery.Mail.Moved.Intro", l, Md(to.Title), when))
            .Paragraph(texts.Format("Discovery.Mail.Moved.Left", l, Md(CalendarTime.FormatRange(from.Start, from.End, l))));
        Details(body, to, l);
        if (!string.IsNullOrWhiteSpace(b.Needs)) body.Paragraph(texts.Get("Discovery.Mail.NeedsNoted", l));
        ManageLink(body, token, l, b.Status == BookingStatus.Waitlisted ? "Discovery.Mail.ManageWaitlisted" : "Discovery.Mail.ManageConfirmed");
        if (requestIcs is not null) body.Note(texts.Get("Discovery.Mail.AttachmentNote", l));
        if (cancelIcs is not null) body.Note(texts.Get("Discovery.Mail.CancelAttachmentNote", l));
        var mail = Mail(b, "DiscoveryMoved", texts.Format("Discovery.Mail.Moved.Subject", l, to.Title, CalendarTime.FormatDate(to.Start, l)), body,
            requestIcs is not null ? new CalendarPart("REQUEST", requestIcs) : cancelIcs is not null ? new CalendarPart("CANCEL", cancelIcs) : null);
        // A calendar message has one METHOD: the old day's CANCEL travels as a second file beside the new REQUEST, typed
        // like the invitation's own attachment (application/ics) so that mail clients keep one text/calendar part to act on.
        return requestIcs is not null && cancelIcs is not null
            ? mail with { Attachments = [new MailAttachment("cancel.ics", "application/ics", System.Text.Encoding.UTF8.GetBytes(cancelIcs))] }
            : mail;
    }

    /// <summary>To people on the waiting list or with an open offer (confirmed people get the calendar cancellation).</summary>
    public MailRequest DayCancelled(DiscoveryDay day, DiscoveryBooking b)
    {
        var l = b.Language;
        var body = Start(b)
            .Paragraph(texts.Format("Discovery.Mail.DayCancelled.Intro", l, Md(day.Title), Md(CalendarTime.FormatRange(day.Start, day.End, l))));
        if (day.CancelReason is { } reason) body.Paragraph(texts.Format("Discovery.Mail.DayCancelled.Reason", l, Md(reason)));
        return Mail(b, "DiscoveryDayCancelled", texts.Format("Discovery.Mail.DayCancelled.Subject", l, day.Title), body);
    }

    /// <summary>To people on the waiting list or with an open offer when the date or time changed.</summary>
    public MailRequest DayMoved(DiscoveryDay day, DiscoveryBooking b, DateTimeOffset oldStart, DateTimeOffset oldEnd, string token)
    {
        var l = b.Language;
        var body = Start(b)
            .Paragraph(texts.Format("Discovery.Mail.DayMoved.Intro", l, Md(day.Title)))
            .Paragraph(texts.Format("Discovery.Mail.DayMoved.Change", l, Md(CalendarTime.FormatRange(oldStart, oldEnd, l)), Md(CalendarTime.FormatRange(day.Start, day.End, l))));
        ManageLink(body, token, l, "Discovery.Mail.ManageWaitlisted");
        return Mail(b, "DiscoveryDayMoved", texts.Format("Discovery.Mail.DayMoved.Subject", l, day.Title), body);
    }

    public MailRequest Reminder(DiscoveryDay day, DiscoveryBooking b, string token, TimeSpan offset)
    {
        var l = b.Language;
        var body = Start(b)
            .Paragraph(texts.Format("Discovery.Mail.Reminder.Intro", l, Md(day.Title), Md(CalendarTime.FormatRange(day.Start, day.End, l))));
        Details(body, day, l);
        ManageLink(body, token, l, "Discovery.Mail.ManageReminder");
        var mail = Mail(b, "DiscoveryReminder", texts.Format("Discovery.Mail.Reminder.Subject", l, day.Title, CalendarTime.FormatDate(day.Start, l)), body);
        return mail with { DedupKey = $"discovery-reminder:{b.Id}:{day.Start.UtcTicks}:{(int)offset.TotalMinutes}" };
    }

    public MailRequest StillComing(DiscoveryDay day, DiscoveryBooking b, string token)
    {
        var l = b.Language;
        var body = Start(b)
            .Paragraph(texts.Format("Discovery.Mail.StillComing.Intro", l, Md(day.Title), Md(CalendarTime.FormatRange(day.Start, day.End, l))))
            .Paragraph(texts.Get("Discovery.Mail.StillComing.Why", l))
            .Paragraph(texts.Format("Discovery.Mail.StillComing.Links", l,
                app.Value.Link(DiscoveryLinks.StillComingPath(token, keep: true)), app.Value.Link(DiscoveryLinks.StillComingPath(token, keep: false))));
        var mail = Mail(b, "DiscoveryStillComing", texts.Format("Discovery.Mail.StillComing.Subject", l, day.Title), body);
        return mail with { DedupKey = $"discovery-still-coming:{b.Id}:{day.Start.UtcTicks}" };
    }

    /// <summary>Someone tried to book again with an address that already has a place: they get their link again.</summary>
    public MailRequest LinkAgain(DiscoveryDay day, DiscoveryBooking b, string token, DateTimeOffset now)
    {
        var l = b.Language;
        var body = Start(b)
            .Paragraph(texts.Format("Discovery.Mail.LinkAgain.Intro", l, Md(day.Title)));
        ManageLink(body, token, l, b.Status == BookingStatus.Waitlisted ? "Discovery.Mail.ManageWaitlisted" : "Discovery.Mail.ManageConfirmed");
        body.Paragraph(texts.Get("Discovery.Mail.LinkAgain.NotYou", l));
        // At most one such mail per booking and hour: the form cannot be used to flood someone's mailbox.
        var mail = Mail(b, "DiscoveryLinkAgain", texts.Format("Discovery.Mail.LinkAgain.Subject", l, day.Title), body);
        return mail with { DedupKey = $"discovery-link-again:{b.Id}:{now.UtcDateTime:yyyyMMddHH}" };
    }

    // ------------------------------------------------------------------ parts

    private MailBody Start(DiscoveryBooking b) => new MailBody().Paragraph(texts.Format("Discovery.Mail.Greeting", b.Language, Md(b.Name)));

    private void Details(MailBody body, DiscoveryDay day, string l)
    {
        body.Fact(texts.Get("Discovery.Mail.When", l), Md(CalendarTime.FormatRange(day.Start, day.End, l)));
        body.Fact(texts.Get("Discovery.Mail.Where", l), Md(day.Place));
        if (day.ServicesVisited.Length > 0) body.Fact(texts.Get("Discovery.Mail.Services", l), Md(day.ServicesVisited));
        body.Fact(texts.Get("Discovery.Mail.Languages", l), LanguageNames(day, l));
        body.Fact(texts.Get("Discovery.Mail.Contact", l), $"{Md(day.ContactName)} <{day.ContactEmail}>");
        if (day.Programme.Count > 0)
        {
            body.Strong(texts.Get("Discovery.Mail.Programme", l));
            foreach (var item in day.Programme.OrderBy(p => p.Position))
                body.Item($"{item.Time:HH\\:mm} {Md(item.Text)}");
        }
    }

    public string LanguageNames(DiscoveryDay day, string l)
        => string.Join(", ", day.LanguageList.Select(code => texts.Get("Discovery.Language." + code, l)));

    private void ManageLink(MailBody body, string token, string l, string key)
        => body.Paragraph(texts.Format(key, l, app.Value.Link(DiscoveryLinks.ManagePath(token))));

    private static MailRequest Mail(DiscoveryBooking b, string kind, string subject, MailBody body, CalendarPart? calendar = null) => new()
    {
        ToAddress = b.Email,
        ToName = b.Name,
        Language = b.Language,
        Kind = kind,
        Subject = subject,
        BodyMarkdown = body.ToString(),
        Calendar = calendar,
    };

    private static string Md(string text) => MailBody.Escape(text);
}
