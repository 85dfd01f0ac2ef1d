using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Immersion;

/// <summary>The programme's scheduled moments (speed-meeting, partners' meeting, preparation mornings), each with its calendar invitation.</summary>
public sealed class ImmersionEvents(CaseHubDbContext db, ImmersionCampaigns campaigns, CalendarService calendar, TextCatalog texts, TimeProvider clock)
{
    public Task<List<ImmersionEvent>> ListAsync(Guid campaignId, CancellationToken ct = default)
        => db.ImmersionEvents.AsNoTracking().Where(e => e.CampaignId == campaignId).OrderBy(e => e.Start).ToListAsync(ct);

    /// <summary>
    /// Schedules a moment of the programme with calendar invitations: the speed-meeting (partners and workers), the
    /// partners' meeting (partners), a preparation morning or a team debrief (CPAS workers). Saves.
    /// </summary>
    public async Task<ImmersionEvent> ScheduleAsync(Guid campaignId, ImmersionEventKind kind, string title, DateTimeOffset start, DateTimeOffset end, string place, CancellationToken ct = default)
    {
        var c = await campaigns.GetAsync(campaignId, ct);
        if (!Enum.IsDefined(kind)) throw new DomainException("Error.InvalidValue") { Field = "Kind" };
        // A team debrief is a meeting with its own room and participants: ImmersionTeamDebriefs schedules it.
        if (kind == ImmersionEventKind.TeamDebrief) throw new DomainException("Immersion.TeamDebrief.Error.UsePage") { Field = "Kind" };
        if (end <= start) throw new DomainException("Immersion.Error.TimeOrder") { Field = "End" };
        if (start < clock.GetUtcNow()) throw new DomainException("Immersion.Error.EventInPast") { Field = "Start" };
        var ev = new ImmersionEvent
        {
            CampaignId = c.Id, Kind = kind, Start = start, End = end,
            Title = Validation.RequireText(title, ImmersionEvent.TitleMaxLength, "Title"),
            Place = Validation.RequireText(place, CalendarEntry.LocationMaxLength, "Place"),
        };
        var invitees = await EventInviteesAsync(c, kind, ct);
        var entry = await calendar.ScheduleAsync(new CalendarEntrySpec
        {
            OwnerType = ImmersionLinks.EventOwnerType, OwnerId = ev.Id, Start = start, End = end,
            Title = LocalizedText.Same(ev.Title),
            Description = new LocalizedText(texts.Format("Immersion.Event.Description", "fr", c.Name), texts.Format("Immersion.Event.Description", "nl", c.Name), texts.Format("Immersion.Event.Description", "en", c.Name)),
            Location = ev.Place, LinkPath = ImmersionLinks.CampaignPath(c.Id),
            OrganizerName = c.ContactName, OrganizerEmail = c.ContactEmail, OrganizerUserId = c.CoordinatorUserId,
        }, invitees, ct);
        ev.CalendarEntryId = entry.Id;
        db.ImmersionEvents.Add(ev);
        await db.SaveChangesAsync(ct);
        return ev;
    }

    /// <summary>Sends the event's invitation to people who joined since (partners or participants added later). Saves.</summary>
    public async Task RefreshInviteesAsync(Guid campaignId, Guid eventId, CancellationToken ct = default)
    {
        var c = await campaigns.GetAsync(campaignId, ct);
        var ev = await db.ImmersionEvents.FirstOrDefaultAsync(e => e.Id == eventId && e.CampaignId == campaignId, ct) ?? throw DomainException.NotFound();
        // A team debrief's invitation is its room's: inviting the whole campaign to it would invite people who are not in the room.
        if (ev.Kind == ImmersionEventKind.TeamDebrief) throw new DomainException("Immersion.TeamDebrief.Error.UsePage");
        var entry = await calendar.GetAsync(ev.CalendarEntryId, ct) ?? throw DomainException.NotFound();
        await calendar.InviteAsync(entry, await EventInviteesAsync(c, ev.Kind, ct), ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task CancelAsync(Guid campaignId, Guid eventId, CancellationToken ct = default)
    {
        var ev = await db.ImmersionEvents.FirstOrDefaultAsync(e => e.Id == eventId && e.CampaignId == campaignId, ct) ?? throw DomainException.NotFound();
        var entry = await calendar.GetAsync(ev.CalendarEntryId, ct);
        if (entry is not null) await calendar.CancelAsync(entry, null, ct);
        // A team debrief's room goes with it (its invitation was the entry just cancelled).
        if (ev.RoomId is { } roomId && await db.Rooms.FirstOrDefaultAsync(r => r.Id == roomId && r.Status == Rooms.RoomStatus.Scheduled, ct) is { } room)
        {
            room.Status = Rooms.RoomStatus.Cancelled;
            room.StateVersion++;
        }
        db.ImmersionEvents.Remove(ev);
        await db.SaveChangesAsync(ct);
    }

    private async Task<List<InviteeSpec>> EventInviteesAsync(ImmersionCampaign c, ImmersionEventKind kind, CancellationToken ct)
    {
        var list = new List<InviteeSpec>();
        if (kind is ImmersionEventKind.SpeedMeeting or ImmersionEventKind.PartnerMeeting)
            list.AddRange((await db.ImmersionPartners.AsNoTracking().Where(p => p.CampaignId == c.Id).ToListAsync(ct))
                .Select(p => new InviteeSpec(p.ContactEmail, p.ContactName, p.Language)));
        if (kind is not ImmersionEventKind.PartnerMeeting)
            list.AddRange((await db.ImmersionParticipants.AsNoTracking().Where(p => p.CampaignId == c.Id && p.Visits == ImmersionHost.Partner).ToListAsync(ct))
                .Where(p => p.Email.Length > 0).Select(p => new InviteeSpec(p.Email, p.Name, p.Language, p.UserId)));
        return list.DistinctBy(i => i.Email.ToLowerInvariant()).ToList();
    }
}
