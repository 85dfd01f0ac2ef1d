using CaseHub.Core.Calendar;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages;

/// <summary>Home: a public welcome, or the signed-in user's dashboard (upcoming meetings, open action items).</summary>
public class IndexModel(RoomQueries rooms, RoomEngine engine, TimeProvider clock) : CaseHubPageModel
{
    public List<MeetingSummary> Upcoming { get; private set; } = [];
    public List<ActionSummary> Actions { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public bool CanOrganise => RoomService.OrganiserRoles.Any(User.IsInRole);

    [BindProperty] public Guid ActionId { get; set; }

    public async Task OnGetAsync()
    {
        if (!User.IsSignedIn()) return;
        var now = clock.GetUtcNow();
        Today = CalendarTime.LocalDate(now);
        Upcoming = await rooms.MeetingsForAsync(Me, upcoming: true, now, take: 8);
        Actions = await rooms.OpenActionsForAsync(Me, take: 20);
    }

    public async Task<IActionResult> OnPostDoneAsync()
    {
        if (!User.IsSignedIn()) return Challenge();
        await engine.SetActionDoneAsync(ActionId, Me, done: true);
        StatusMessage = T["Home.Actions.MarkedDone"];
        return RedirectToPage();
    }
}
