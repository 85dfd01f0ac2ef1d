using CaseHub.Core.Data;
using CaseHub.Core.Localization;

namespace CaseHub.Core.Calendar;

/// <summary>What a feature wants in people's calendars. Times are UTC instants; they are shown in Europe/Brussels.</summary>
public sealed record CalendarEntrySpec
{
    /// <summary>The owning feature ("room", "discovery-day", "immersion"…) and the id of the owning thing.</summary>
    public required string OwnerType { get; init; }
    public required Guid OwnerId { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    /// <summary>Required in at least one language (<see cref="LocalizedText.Same"/> for a name typed once).</summary>
    public required LocalizedText Title { get; init; }
    public LocalizedText Description { get; init; } = LocalizedText.Empty;
    public string? Location { get; init; }
    /// <summary>Absolute http(s) link of the video call, if any.</summary>
    public string? OnlineUrl { get; init; }
    /// <summary>Relative CaseHub path ("/rooms/…") added to every description and as the event URL.</summary>
    public string? LinkPath { get; init; }
    public required string OrganizerName { get; init; }
    public required string OrganizerEmail { get; init; }
    public Guid? OrganizerUserId { get; init; }
    /// <summary>Series rule; null for a single event. <see cref="Start"/> must be its first occurrence.</summary>
    public Recurrence? Recurrence { get; init; }
    /// <summary>List every invitee in each invitation (colleagues in one meeting) rather than only the recipient (partners who must not see each other's addresses).</summary>
    public bool ShowInviteeList { get; init; }

    /// <summary>The spec an existing entry was made from (handy for "the same, but at 14:00").</summary>
    public static CalendarEntrySpec From(CalendarEntry e) => new()
    {
        OwnerType = e.OwnerType,
        OwnerId = e.OwnerId,
        Start = e.Start,
        End = e.End,
        Title = e.Title,
        Description = e.Description,
        Location = e.Location,
        OnlineUrl = e.OnlineUrl,
        LinkPath = e.LinkPath,
        OrganizerName = e.OrganizerName,
        OrganizerEmail = e.OrganizerEmail,
        OrganizerUserId = e.OrganizerUserId,
        Recurrence = e.Recurrence,
        ShowInviteeList = e.ShowInviteeList,
    };
}

/// <summary>A person to invite. <paramref name="UserId"/> when they have an account (the entry then shows in their feed);
/// <paramref name="Chair"/> for the person who chairs (ATTENDEE;ROLE=CHAIR).</summary>
public sealed record InviteeSpec(string Email, string Name, string Language = Languages.Default, Guid? UserId = null, bool Optional = false, bool Chair = false);

/// <summary>
/// Told when an invitee answers through their Yes / No / Maybe link, inside the same unit of work as the answer
/// (whatever the listener changes in <paramref name="db"/> is saved with it). Register as many as needed;
/// only those whose <see cref="OwnerType"/> matches the entry's are called. Rooms use it to mark a "No" as excused.
/// </summary>
public interface ICalendarReplyListener
{
    string OwnerType { get; }
    Task OnReplyAsync(CaseHubDbContext db, CalendarEntry entry, CalendarInvitee invitee, CancellationToken ct);
}

/// <summary>Result of <see cref="CalendarService.GetOrCreateFeedTokenAsync"/>: the raw token only when it was just made.</summary>
public sealed record FeedTokenResult(bool Created, string? Token)
{
    /// <summary>A feed exists; its link cannot be shown again (only its hash is stored): regenerate to get a new one.</summary>
    public static readonly FeedTokenResult AlreadyExists = new(false, null);
}

/// <summary>Path of a feed or reply link; the web layer serves these.</summary>
public static class CalendarLinks
{
    public static string FeedPath(string token) => $"/calendar/feed/{token}.ics";
    public static string EntryFilePath(Guid entryId) => $"/calendar/entries/{entryId}.ics";
    public static string ReplyPath(string token, string answer) => $"/calendar/reply?token={token}&answer={answer}";

    /// <summary>The answer words of reply links.</summary>
    public static CalendarResponse? ParseAnswer(string? answer) => answer?.ToLowerInvariant() switch
    {
        "yes" => CalendarResponse.Accepted,
        "no" => CalendarResponse.Declined,
        "maybe" => CalendarResponse.Tentative,
        _ => null,
    };

    public static string AnswerWord(CalendarResponse response) => response switch
    {
        CalendarResponse.Accepted => "yes",
        CalendarResponse.Declined => "no",
        CalendarResponse.Tentative => "maybe",
        _ => "",
    };
}
