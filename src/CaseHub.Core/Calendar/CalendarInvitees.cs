using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Calendar;

/// <summary>
/// One invitee at a time, for a feature whose own mail carries the calendar part (a discovery-day booking: one mail
/// with the confirmation, the personal manage link and the invitation, rather than two mails). These queue no mail:
/// they return the iCalendar object for the caller's mail, in the invitee's language, addressed to them alone. They
/// read the one invitee row, never the whole list (a large event's list is not loaded under a booking lock), and, like
/// the rest of <see cref="CalendarService"/>, do not save.
/// <para><b>SEQUENCE.</b> A new invitee does not change the event for the others: no bump. A person coming back after
/// a CANCEL gets SEQUENCE+1, so their calendar takes the new REQUEST over the earlier CANCEL; a removal is SEQUENCE+1
/// too (RFC 5546: the CANCEL must not be older than the invitation it withdraws).</para>
/// </summary>
public sealed partial class CalendarService
{
    /// <summary>The entry with its exceptions but without its invitees; not found when it does not exist.</summary>
    public async Task<CalendarEntry> GetWithoutInviteesAsync(Guid entryId, CancellationToken ct = default)
        => await db.CalendarEntries.Include(e => e.Exceptions).FirstOrDefaultAsync(e => e.Id == entryId, ct) ?? throw Common.DomainException.NotFound();

    /// <summary>Makes the person a current invitee (again) and returns the REQUEST meant for them alone. Queues no mail.</summary>
    public async Task<string> AddInviteeAsync(CalendarEntry entry, InviteeSpec person, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var invitee = await db.CalendarInvitees.FirstOrDefaultAsync(i => i.EntryId == entry.Id && i.Email == person.Email, ct);
        if (invitee is null)
        {
            invitee = new CalendarInvitee { EntryId = entry.Id, Email = person.Email, AddedAt = now };
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
        invitee.Name = person.Name;
        invitee.Language = person.Language;
        return ics.Request(entry, person.Language, [invitee]);
    }

    /// <summary>Removes the person (SEQUENCE+1) and returns the CANCEL meant for them alone, in their language, or null
    /// when they were not invited. Queues no mail.</summary>
    public async Task<string?> RemoveInviteeAsync(CalendarEntry entry, string email, CancellationToken ct = default)
    {
        var invitee = await db.CalendarInvitees.FirstOrDefaultAsync(i => i.EntryId == entry.Id && i.Email == email && i.RemovedAt == null, ct);
        if (invitee is null) return null;
        var now = clock.GetUtcNow();
        invitee.RemovedAt = now;
        Touch(entry, now);
        return ics.Cancel(entry, invitee.Language, [invitee], uninvite: true);
    }

    /// <summary>The person's name or language changed: a current invitee follows (nothing is sent, the event did not change).</summary>
    public async Task RenameInviteeAsync(Guid entryId, InviteeSpec person, CancellationToken ct = default)
    {
        var invitee = await db.CalendarInvitees.FirstOrDefaultAsync(i => i.EntryId == entryId && i.Email == person.Email && i.RemovedAt == null, ct);
        if (invitee is null) return;
        invitee.Name = person.Name;
        invitee.Language = person.Language;
    }

    /// <summary>Deletes every invitee of the entry with their reply links; the entry stays. For a feature whose
    /// retention period for these people is over (discovery-day registrants). Runs at once, in the caller's transaction.</summary>
    public async Task ForgetInviteesAsync(Guid entryId, CancellationToken ct = default)
    {
        await db.CalendarReplyTokens.Where(t => db.CalendarInvitees.Any(i => i.Id == t.InviteeId && i.EntryId == entryId)).ExecuteDeleteAsync(ct);
        await db.CalendarInvitees.Where(i => i.EntryId == entryId).ExecuteDeleteAsync(ct);
    }
}
