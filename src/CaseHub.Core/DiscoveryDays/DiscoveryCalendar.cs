using System.Text;
using CaseHub.Core.Calendar;
using CaseHub.Core.Localization;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>
/// A discovery day in people's calendars: one <see cref="CalendarEntry"/> (owner "discovery-day") whose current
/// invitees are exactly the confirmed registrants. Organiser changes (date, place, cancellation) go through
/// <see cref="CalendarService"/> so every registrant gets the update or cancellation. A single person's booking or
/// cancellation uses Calendar's one-invitee operations, because the booking mail itself carries the invitation (with
/// the personal manage link): one mail per event rather than a booking mail plus a separate calendar mail.
/// </summary>
public sealed class DiscoveryCalendar(CalendarService calendar, TextCatalog texts)
{
    public CalendarEntrySpec Spec(DiscoveryDay day) => new()
    {
        OwnerType = DiscoveryDay.OwnerType,
        OwnerId = day.Id,
        Start = day.Start,
        End = day.End,
        Title = LocalizedText.Same(day.Title),
        Description = new LocalizedText(Describe(day, Languages.French), Describe(day, Languages.Dutch), Describe(day, Languages.English)),
        Location = day.Place,
        LinkPath = DiscoveryLinks.DayPath(day.Id),
        OrganizerName = day.ContactName,
        OrganizerEmail = day.ContactEmail,
        OrganizerUserId = day.CreatedByUserId,
    };

    private string Describe(DiscoveryDay day, string l)
    {
        var sb = new StringBuilder();
        if (day.ServicesVisited.Length > 0) sb.Append(texts.Get("Discovery.Mail.Services", l)).Append(' ').AppendLine(day.ServicesVisited);
        if (day.Programme.Count > 0)
        {
            sb.AppendLine(texts.Get("Discovery.Mail.Programme", l));
            foreach (var p in day.Programme.OrderBy(p => p.Position)) sb.Append(p.Time.ToString("HH\\:mm", Languages.Culture(l))).Append(' ').AppendLine(p.Text);
        }
        var text = sb.ToString().TrimEnd();
        return text.Length > CalendarEntry.DescriptionMaxLength ? text[..(CalendarEntry.DescriptionMaxLength - 1)] + "…" : text;
    }

    public Task<CalendarEntry> EntryAsync(DiscoveryDay day, CancellationToken ct) => calendar.GetWithoutInviteesAsync(day.CalendarEntryId, ct);

    /// <summary>Makes the person a current invitee and returns their REQUEST (see <see cref="CalendarService.AddInviteeAsync"/>).</summary>
    public Task<string> AddAsync(CalendarEntry entry, DiscoveryBooking b, CancellationToken ct) => calendar.AddInviteeAsync(entry, Invitee(b), ct);

    /// <summary>Removes the person and returns the CANCEL meant for them alone, or null if they were not invited.</summary>
    public Task<string?> RemoveAsync(CalendarEntry entry, DiscoveryBooking b, CancellationToken ct) => calendar.RemoveInviteeAsync(entry, b.Email, ct);

    /// <summary>Name or language changed: the invitee follows (no mail).</summary>
    public Task RenameAsync(Guid entryId, DiscoveryBooking b, CancellationToken ct) => calendar.RenameInviteeAsync(entryId, Invitee(b), ct);

    private static InviteeSpec Invitee(DiscoveryBooking b) => new(b.Email, b.Name, b.Language);
}
