using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Pages.Meetings;

public class IndexModel(RoomQueries queries, TimeProvider clock) : CaseHubPageModel
{
    public List<MeetingSummary> Upcoming { get; private set; } = [];
    public List<MeetingSummary> Past { get; private set; } = [];
    public bool CanOrganise => RoomService.OrganiserRoles.Any(User.IsInRole);

    public async Task OnGetAsync()
    {
        var now = clock.GetUtcNow();
        Upcoming = await queries.MeetingsForAsync(Me, upcoming: true, now);
        Past = await queries.MeetingsForAsync(Me, upcoming: false, now, take: 30);
    }
}
