using System.Text;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>
/// A discovery day in people's calendars: one <see cref="CalendarEntry"/> (owner "discovery-day") whose current
/// invitees are exactly the confirmed registrants. Organiser changes (date, place, cancellation) go through
/// <see cref="CalendarService"/> so every registrant gets the update or cancellation. A single person's booking or
/// cancellation is added here directly, because the booking mail itself carries the invitation (with the personal
/// manage link): one mail per event rather than a booking mail plus a separate calendar mail.
/// </summary>
public sealed class DiscoveryCalendar(CaseHubDbContext db, IcsWriter ics, TextCatalog texts, TimeProvider clock)
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
            foreach (var p in day.Programme.OrderBy(p => p.Position)) sb.Append(p.Time.ToString("HH\\:mm")).Append(' ').AppendLine(p.Text);
        }
        var text = sb.ToString().TrimEnd();
        return text.Length > CalendarEntry.DescriptionMaxLength ? text[..(CalendarEntry.DescriptionMaxLength - 1)] + "…" : text;
    }

    public async Task<CalendarEntry> EntryAsync(DiscoveryDay day, CancellationToken ct)
        => await db.CalendarEntries.Include(e => e.Exceptions).FirstAsync(e => e.Id == day.CalendarEntryId, ct);

    /// <summary>Makes the person a current invitee and returns their REQUEST. A person coming back after a cancellation
    /// gets a higher SEQUENCE, so their calendar takes the new invitation over the earlier CANCEL.</summary>
    public async Task<string> AddAsync(CalendarEntry entry, DiscoveryBooking b, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var invitee = await db.CalendarInvitees.FirstOrDefaultAsync(i => i.EntryId == entry.Id && i.Email == b.Email, ct);
        if (invitee is null)
        {
            invitee = new CalendarInvitee { EntryId = entry.Id, Email = b.Email, AddedAt = now };
            db.CalendarInvitees.Add(invitee);
        }
        else if (invitee.RemovedAt is not null)
        {
            invitee.RemovedAt = null;
            invitee.AddedAt = now;
            invitee.Response = CalendarResponse.NeedsAction;
            invitee.RespondedAt = null;
            invitee.DeclineReason = null;
            Touch(entry, now);
        }
        invitee.Name = b.Name;
        invitee.Language = b.Language;
        return ics.Request(entry, b.Language, [invitee]);
    }

    /// <summary>Removes the person (SEQUENCE+1) and returns the CANCEL meant for them alone, or null if they were not invited.</summary>
    public async Task<string?> RemoveAsync(CalendarEntry entry, DiscoveryBooking b, CancellationToken ct)
    {
        var invitee = await db.CalendarInvitees.FirstOrDefaultAsync(i => i.EntryId == entry.Id && i.Email == b.Email && i.RemovedAt == null, ct);
        if (invitee is null) return null;
        var now = clock.GetUtcNow();
        invitee.RemovedAt = now;
        Touch(entry, now);
        return ics.Cancel(entry, b.Language, [invitee], uninvite: true);
    }

    /// <summary>Name or language changed: the invitee follows (no mail).</summary>
    public async Task RenameAsync(Guid entryId, DiscoveryBooking b, CancellationToken ct)
    {
        var invitee = await db.CalendarInvitees.FirstOrDefaultAsync(i => i.EntryId == entryId && i.Email == b.Email && i.RemovedAt == null, ct);
        if (invitee is null) return;
        invitee.Name = b.Name;
        invitee.Language = b.Language;
    }

    private static void Touch(CalendarEntry entry, DateTimeOffset now)
    {
        entry.Sequence++;
        entry.UpdatedAt = now;
    }
}
