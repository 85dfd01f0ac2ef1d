using CaseHub.Core.Common;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Calendar;

/// <summary>
/// Writes iCalendar files (RFC 5545) carrying iTIP methods (RFC 5546), with Ical.Net:
/// a VTIMEZONE for Europe/Brussels and every date-time with TZID=Europe/Brussels (so "10:00" stays 10:00 across
/// daylight-saving changes in every client); ORGANIZER is the organiser, SENT-BY the CaseHub sender address that
/// actually mails the invitation on their behalf.
/// <para>Series: the master VEVENT carries the RRULE; a cancelled occurrence is an EXDATE on the master, a moved
/// occurrence is an extra VEVENT with the same UID and a RECURRENCE-ID. Using EXDATE (rather than a separate
/// CANCEL with RECURRENCE-ID) keeps the whole series in one self-contained REQUEST: a client that missed an earlier
/// mail still ends up with the right set of dates, and the same objects work in PUBLISH feeds, where CANCEL does not exist.</para>
/// </summary>
public sealed class IcsWriter(TextCatalog texts, IOptions<AppOptions> app, IOptions<MailOptions> mail, TimeProvider clock)
{
    public const string ProductId = "-//CaseHub//CaseHub//FR";

    /// <summary>METHOD:REQUEST: the whole entry (master + moved occurrences) for new or updated invitees.</summary>
    public string Request(CalendarEntry entry, string language, IEnumerable<CalendarInvitee> attendees)
    {
        var cal = NewCalendar(CalendarMethods.Request);
        var list = attendees.ToList();
        foreach (var ev in Events(entry, language, list, withOrganizer: true)) cal.Events.Add(ev);
        return Serialize(cal);
    }

    /// <summary>
    /// METHOD:CANCEL. Whole entry (<paramref name="uninvite"/> false): STATUS:CANCELLED for everyone.
    /// Uninvite: lists only the removed attendees and no STATUS (RFC 5546 3.2.5: STATUS is only for cancelling the event).
    /// </summary>
    public string Cancel(CalendarEntry entry, string language, IEnumerable<CalendarInvitee> attendees, bool uninvite)
    {
        var cal = NewCalendar(CalendarMethods.Cancel);
        var master = Master(entry, language, attendees.ToList(), withOrganizer: true);
        master.Status = uninvite ? null : EventStatus.Cancelled;
        cal.Events.Add(master);
        return Serialize(cal);
    }

    /// <summary>
    /// METHOD:CANCEL of one occurrence of a series for some attendees only (RFC 5546 3.2.5: the VEVENT carries the
    /// RECURRENCE-ID of the instance and names only the people no longer expected at it). Later REQUESTs of the series
    /// carry that occurrence as an EXDATE, so it never comes back in their calendar.
    /// </summary>
    public string CancelOccurrence(CalendarEntry entry, DateTimeOffset originalStart, DateTimeOffset start, DateTimeOffset end, string language, IEnumerable<CalendarInvitee> attendees)
    {
        var cal = NewCalendar(CalendarMethods.Cancel);
        var ev = Base(entry, language, attendees.ToList(), withOrganizer: true);
        ev.RecurrenceIdentifier = new RecurrenceIdentifier(CalendarTime.ToCal(originalStart), range: null);
        ev.DtStart = CalendarTime.ToCal(start);
        ev.DtEnd = CalendarTime.ToCal(end);
        ev.Status = null;
        cal.Events.Add(ev);
        return Serialize(cal);
    }

    /// <summary>
    /// METHOD:PUBLISH of several entries (a subscription feed or one "add to calendar" file). No attendees: a feed
    /// link can travel, and addresses must not travel with it. Cancelled entries stay in as STATUS:CANCELLED so
    /// subscribed calendars show them struck out rather than silently dropping them.
    /// </summary>
    public string Publish(IEnumerable<CalendarEntry> entries, string language, string? calendarName, bool withOrganizer)
    {
        var cal = NewCalendar(CalendarMethods.Publish);
        if (calendarName is not null)
        {
            cal.AddProperty("X-WR-CALNAME", calendarName);
            cal.AddProperty("X-WR-TIMEZONE", CalendarTime.TimeZoneId);
            // Ask subscribing clients to refresh hourly (Apple/Outlook read these; Google refreshes on its own schedule).
            var refresh = new CalendarProperty("REFRESH-INTERVAL", "PT1H");
            refresh.AddParameter("VALUE", "DURATION");
            cal.AddProperty(refresh);
            cal.AddProperty("X-PUBLISHED-TTL", "PT1H");
        }
        foreach (var entry in entries)
            foreach (var ev in Events(entry, language, [], withOrganizer))
                cal.Events.Add(ev);
        return Serialize(cal);
    }

    private static Ical.Net.Calendar NewCalendar(string method)
    {
        var cal = new Ical.Net.Calendar { ProductId = ProductId, Method = method };
        // Rules from 2024 on: the VTIMEZONE carries the current EU rule (last Sunday of March / October) as RRULEs.
        cal.AddTimeZone(VTimeZone.FromDateTimeZone(CalendarTime.TimeZoneId, new DateTime(2024, 1, 1), includeHistoricalData: false));
        return cal;
    }

    private IEnumerable<CalendarEvent> Events(CalendarEntry entry, string language, List<CalendarInvitee> attendees, bool withOrganizer)
    {
        var master = Master(entry, language, attendees, withOrganizer);
        yield return master;
        if (!entry.IsSeries) yield break;
        foreach (var x in entry.Exceptions.Where(x => !x.Cancelled).OrderBy(x => x.OriginalStart))
        {
            var moved = Base(entry, language, attendees, withOrganizer);
            moved.RecurrenceIdentifier = new RecurrenceIdentifier(CalendarTime.ToCal(x.OriginalStart), range: null);
            moved.DtStart = CalendarTime.ToCal(x.NewStart!.Value);
            moved.DtEnd = CalendarTime.ToCal(x.NewEnd!.Value);
            yield return moved;
        }
    }

    private CalendarEvent Master(CalendarEntry entry, string language, List<CalendarInvitee> attendees, bool withOrganizer)
    {
        var ev = Base(entry, language, attendees, withOrganizer);
        ev.DtStart = CalendarTime.ToCal(entry.Start);
        ev.DtEnd = CalendarTime.ToCal(entry.End);
        if (entry.RecurrenceRule is { } rule)
        {
            ev.RecurrenceRule = new RecurrencePattern(rule);
            foreach (var x in entry.Exceptions.Where(x => x.Cancelled).OrderBy(x => x.OriginalStart))
                ev.ExceptionDates.Add(CalendarTime.ToCal(x.OriginalStart));
        }
        return ev;
    }

    private CalendarEvent Base(CalendarEntry entry, string language, List<CalendarInvitee> attendees, bool withOrganizer)
    {
        var ev = new CalendarEvent
        {
            Uid = entry.Uid,
            Sequence = entry.Sequence,
            DtStamp = new CalDateTime(clock.GetUtcNow().UtcDateTime, CalDateTime.UtcTzId, true),
            Created = new CalDateTime(entry.CreatedAt.UtcDateTime, CalDateTime.UtcTzId, true),
            LastModified = new CalDateTime(entry.UpdatedAt.UtcDateTime, CalDateTime.UtcTzId, true),
            Summary = entry.Title.For(language),
            Description = DescriptionText(entry, language),
            Status = entry.IsCancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Transparency = "OPAQUE",
        };
        var location = entry.Location ?? entry.OnlineUrl;
        if (!string.IsNullOrWhiteSpace(location)) ev.Location = location;
        if (entry.LinkPath is { } path) ev.Url = new Uri(app.Value.Link(path));
        if (withOrganizer)
        {
            ev.Organizer = new Organizer("mailto:" + entry.OrganizerEmail)
            {
                CommonName = ParamText(entry.OrganizerName),
                SentBy = new Uri("mailto:" + mail.Value.FromAddress),
            };
        }
        foreach (var a in attendees)
        {
            ev.Attendees.Add(new Attendee("mailto:" + a.Email)
            {
                CommonName = ParamText(a.Name),
                Role = a.Chair ? ParticipationRole.Chair : a.Optional ? ParticipationRole.OptionalParticipant : ParticipationRole.RequiredParticipant,
                ParticipationStatus = PartStat(a.Response),
                Rsvp = true,
            });
        }
        return ev;
    }

    /// <summary>The recipient's description, then the video link and the way back to CaseHub.</summary>
    public string DescriptionText(CalendarEntry entry, string language)
    {
        var parts = new List<string>();
        var text = entry.Description.For(language);
        if (text.Length > 0) parts.Add(text);
        if (entry.OnlineUrl is { } online) parts.Add(texts.Format("Calendar.Ics.Online", language, online));
        if (entry.LinkPath is { } path) parts.Add(texts.Format("Calendar.Ics.Link", language, app.Value.Link(path)));
        return string.Join("\n\n", parts);
    }

    private static string PartStat(CalendarResponse r) => r switch
    {
        CalendarResponse.Accepted => EventParticipationStatus.Accepted,
        CalendarResponse.Declined => EventParticipationStatus.Declined,
        CalendarResponse.Tentative => EventParticipationStatus.Tentative,
        _ => EventParticipationStatus.NeedsAction,
    };

    /// <summary>Parameter values (CN) cannot contain double quotes or control characters.</summary>
    private static string ParamText(string s) => new(s.Replace('"', '\'').Where(c => !char.IsControl(c)).ToArray());

    private static string Serialize(Ical.Net.Calendar cal) => new CalendarSerializer().SerializeToString(cal) ?? "";
}
