using System.Text.Json;
using CaseHub.Core.Immersion;
using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// One immersion's notes: the visitor's private notes (theirs alone) and the shared debrief (what I saw, useful
/// contacts, what surprised me — the rapport d'étonnement —, what to bring back to my team), edited live like room
/// notes. Readers allowed by <see cref="ImmersionNotesAccess"/> see the debrief read-only; anybody else gets 404.
/// </summary>
public class DebriefModel(ImmersionDebrief debrief) : ImmersionPage
{
    public ImmersionDebrief.DebriefView View { get; private set; } = null!;
    public string TextsJson { get; private set; } = "{}";
    public string MyName => User.Identity?.Name ?? "";

    public async Task OnGetAsync(Guid placementId, CancellationToken ct)
    {
        View = await debrief.OpenAsync(placementId, Me, ct);
        var keys = T.Keys.Where(k => k.StartsWith("Notes.", StringComparison.Ordinal));
        TextsJson = JsonSerializer.Serialize(keys.ToDictionary(k => k, k => T[k])).Replace("</", "<\\/");
    }
}
