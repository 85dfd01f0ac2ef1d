using CaseHub.Core.Immersion;
using CaseHub.Core.Notes;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// The shared debriefs of a campaign that the user may read — what the team debrief meeting goes through: for the
/// coordinator all of them, for a team lead or team mate those of their team. Nobody else sees the campaign (404).
/// </summary>
public class DebriefsModel(ImmersionCampaigns campaigns, ImmersionDebrief debrief, NotesService notes) : ImmersionPage
{
    public ImmersionCampaign Campaign { get; private set; } = null!;
    public List<(ImmersionDebrief.DebriefView View, string Html)> Items { get; private set; } = [];

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Campaign = await campaigns.GetAsync(id, ct);
        var views = await debrief.ListAsync(id, Me, ct);
        if (views.Count == 0 && !IsCoordinator) throw Core.Common.DomainException.NotFound();
        foreach (var v in views) Items.Add((v, await notes.GetHtmlAsync(ImmersionLinks.DebriefNotesKey(v.Placement.Id), ct)));
    }
}
