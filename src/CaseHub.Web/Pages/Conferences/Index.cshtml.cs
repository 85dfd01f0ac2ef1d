using CaseHub.Core.Conferences;
using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>Case conferences: the facilitator's dashboard and the cases the user works on (members only).</summary>
public class IndexModel(CaseService cases, CaseTimeline timeline, OrientationCatalog orientations) : CaseHubPageModel
{
    public List<ConferenceCase> Cases { get; private set; } = [];
    public FacilitatorDashboard? Dashboard { get; private set; }
    public bool IsFacilitator => CaseService.FacilitatorRoles.Any(User.IsInRole);
    public string OrientationLabel(string? key) => orientations.Label(key, Lang);

    public async Task OnGetAsync()
    {
        Cases = await cases.CasesForAsync(Me);
        if (IsFacilitator) Dashboard = await timeline.DashboardAsync(Me);
    }
}
