using System.Diagnostics.CodeAnalysis;
using CaseHub.Core.Localization;

namespace CaseHub.Core.Calendar;

/// <summary>
/// One scheduled thing (a meeting, a case conference, an immersion day, a discovery day…) as it exists in people's
/// calendars. Features find theirs by <see cref="OwnerType"/> + <see cref="OwnerId"/>. The <see cref="Uid"/> never
/// changes; <see cref="Sequence"/> grows with every change sent out, so calendar clients replace their copy.
/// </summary>
public class CalendarEntry
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int LocationMaxLength = 300;
    public const int UrlMaxLength = 500;
    public const int OwnerTypeMaxLength = 40;
    public const int ReasonMaxLength = 500;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>iCalendar UID, stable for the life of the entry ("{id}@casehub").</summary>
    public string Uid { get; set; } = "";
    /// <summary>iCalendar SEQUENCE: 0 at creation, +1 with every update, cancellation or occurrence change.</summary>
    public int Sequence { get; set; }

    /// <summary>Which feature owns it ("room", "discovery-day", "immersion"…), and the id of the owning thing.</summary>
    public string OwnerType { get; set; } = "";
    public Guid OwnerId { get; set; }

    /// <summary>Start and end of the (first) occurrence, UTC. Shown and sent in Europe/Brussels.</summary>
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    /// <summary>RRULE value (without "RRULE:"), null for a single event. See <see cref="Calendar.Recurrence"/>.</summary>
    public string? RecurrenceRule { get; set; }
    /// <summary>End of the last occurrence (series) or <see cref="End"/>: lets feeds skip old entries in SQL.</summary>
    public DateTimeOffset LastEnd { get; set; }

    public string? TitleFr { get; set; }
    public string? TitleNl { get; set; }
    public string? TitleEn { get; set; }
    public string? DescriptionFr { get; set; }
    public string? DescriptionNl { get; set; }
    public string? DescriptionEn { get; set; }
    public string? Location { get; set; }
    /// <summary>Video-call link, if the meeting is (also) online.</summary>
    public string? OnlineUrl { get; set; }
    /// <summary>Relative path of the thing in CaseHub ("/rooms/…"); made absolute with AppOptions.Link.</summary>
    public string? LinkPath { get; set; }

    public string OrganizerName { get; set; } = "";
    public string OrganizerEmail { get; set; } = "";
    /// <summary>The organiser's account, when they have one: the entry then appears in their own feed.</summary>
    public Guid? OrganizerUserId { get; set; }
    /// <summary>When true every invitation lists all invitees; otherwise each person sees only themselves (partners must not see each other's addresses).</summary>
    public bool ShowInviteeList { get; set; }

    public CalendarEntryStatus Status { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public string? CancelReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<CalendarInvitee> Invitees { get; set; } = [];
    public List<CalendarOccurrenceException> Exceptions { get; set; } = [];

    public Recurrence? Recurrence => Calendar.Recurrence.Parse(RecurrenceRule);
    public bool IsSeries => RecurrenceRule is not null;
    public bool IsCancelled => Status == CalendarEntryStatus.Cancelled;
    public TimeSpan Duration => End - Start;
    public LocalizedText Title => new(TitleFr, TitleNl, TitleEn);
    public LocalizedText Description => new(DescriptionFr, DescriptionNl, DescriptionEn);
    public IEnumerable<CalendarInvitee> CurrentInvitees => Invitees.Where(i => i.RemovedAt is null);
}

public enum CalendarEntryStatus
{
    Scheduled = 0,
    Cancelled = 1,
}

/// <summary>A person invited to an entry (a CaseHub user or just an address), with their answer.</summary>
public class CalendarInvitee
{
    public const int NameMaxLength = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EntryId { get; set; }
    public CalendarEntry? Entry { get; set; }
    public Guid? UserId { get; set; }
    /// <summary>Normalised (trimmed, lower case).</summary>
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>fr, nl or en: their mails and calendar texts are in it.</summary>
    public string Language { get; set; } = Languages.Default;
    /// <summary>ROLE=OPT-PARTICIPANT rather than REQ-PARTICIPANT.</summary>
    public bool Optional { get; set; }
    /// <summary>ROLE=CHAIR: the person who chairs the meeting (a change of chair is an update everyone is told about).</summary>
    public bool Chair { get; set; }
    public CalendarResponse Response { get; set; }
    public string? DeclineReason { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    /// <summary>Set when the organiser removed them (they received a CANCEL); their reply links stop working.</summary>
    public DateTimeOffset? RemovedAt { get; set; }
    public List<CalendarReplyToken> ReplyTokens { get; set; } = [];
}

public enum CalendarResponse
{
    NeedsAction = 0,
    Accepted = 1,
    Declined = 2,
    Tentative = 3,
}

/// <summary>
/// A one-click reply token (Yes / No / Maybe links). Every invitation or update mail carries a fresh one, so only
/// hashes are stored and yet the links of an older mail keep working (they all answer for the same invitee).
/// </summary>
public class CalendarReplyToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid InviteeId { get; set; }
    public CalendarInvitee? Invitee { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A change to one occurrence of a series: moved (new start/end) or cancelled.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "An iCalendar recurrence exception (RFC 5545 term), not a System.Exception; the name is also the table's")]
public class CalendarOccurrenceException
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EntryId { get; set; }
    /// <summary>The start the occurrence has in the rule (iCalendar RECURRENCE-ID), UTC.</summary>
    public DateTimeOffset OriginalStart { get; set; }
    public bool Cancelled { get; set; }
    public DateTimeOffset? NewStart { get; set; }
    public DateTimeOffset? NewEnd { get; set; }
}

/// <summary>A user's private calendar subscription (webcal) link. Only the token's hash is stored.</summary>
public class CalendarFeed
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A text in up to three languages; <see cref="For"/> falls back to another language rather than to nothing.</summary>
public sealed record LocalizedText(string? Fr, string? Nl, string? En)
{
    public static readonly LocalizedText Empty = new(null, null, null);

    /// <summary>The same text for every reader (a name, a text typed in one language).</summary>
    public static LocalizedText Same(string? text) => new(text, text, text);

    public bool IsEmpty => string.IsNullOrWhiteSpace(Fr) && string.IsNullOrWhiteSpace(Nl) && string.IsNullOrWhiteSpace(En);

    public string For(string language)
    {
        var preferred = Languages.Normalize(language) switch
        {
            Languages.Dutch => Nl,
            Languages.English => En,
            _ => Fr,
        };
        return new[] { preferred, Fr, Nl, En }.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim() ?? "";
    }
}
