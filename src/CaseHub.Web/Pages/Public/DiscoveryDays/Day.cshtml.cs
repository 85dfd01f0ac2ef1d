using CaseHub.Core.Common;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Pages.Public.DiscoveryDays;

/// <summary>One day: programme, facts and, before any form, where its seats stand.</summary>
public class DayModel(DiscoveryBookingService bookings, MarkdownRenderer markdown, TimeProvider clock) : CaseHubPageModel
{
    public DiscoveryDay Day { get; private set; } = null!;
    public SeatState State { get; private set; }
    public int Waiting { get; private set; }
    public string DescriptionHtml { get; private set; } = "";

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Day = await bookings.GetDayAsync(id, ct);
        State = DiscoveryView.State(Day, clock.GetUtcNow());
        Waiting = await bookings.WaitingCountAsync(id, ct);
        DescriptionHtml = markdown.ToHtml(Day.Description);
    }
}
