using CaseHub.Core.Common;
using CaseHub.Core.Immersion;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// One meeting of the programme that has no live room (speed-meeting, partners' meeting, preparation morning): when
/// and where, who is invited, and the shared manage panel (move, cancel, add or remove someone). Coordinators only; a
/// team debrief has its meeting page instead.
/// </summary>
public class EventModel(ImmersionCampaigns campaigns, ImmersionEvents events, MeetingScheduler scheduler) : ImmersionPage
{
    [FromRoute] public Guid Id { get; set; }
    [FromRoute] public Guid EventId { get; set; }

    public ImmersionCampaign Campaign { get; private set; } = null!;
    public ImmersionEvent Event { get; private set; } = null!;
    public MeetingManageView Manage { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(null, ct);
        return Event.RoomId is { } roomId ? Redirect($"/meetings/{roomId}") : Page();
    }

    public async Task<IActionResult> OnPostManageAsync([Bind(Prefix = "Manage")] MeetingManageForm manage, CancellationToken ct)
    {
        await LoadAsync(null, ct);
        if (await ManageMeetingAsync(scheduler, MeetingRef.OfCalendarEntry(Event.CalendarEntryId), manage))
            return Redirect(manage.Do == MeetingManageForm.Cancel ? ImmersionLinks.CampaignPath(Id) : $"/immersion/{Id}/events/{EventId}");
        await LoadAsync(manage, ct);
        return Page();
    }

    private async Task LoadAsync(MeetingManageForm? posted, CancellationToken ct)
    {
        RequireCoordinator();
        Campaign = await campaigns.GetAsync(Id, ct);
        Event = (await events.ListAsync(Id, ct)).FirstOrDefault(e => e.Id == EventId) ?? throw DomainException.NotFound();
        if (Event.RoomId is not null) return;
        var panel = await scheduler.PanelAsync(MeetingRef.OfCalendarEntry(Event.CalendarEntryId), Me, ct);
        Manage = new MeetingManageView(panel, posted ?? MeetingManageForm.For(panel));
    }
}
