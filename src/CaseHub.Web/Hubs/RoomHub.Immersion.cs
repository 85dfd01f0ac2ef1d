using CaseHub.Core.Immersion;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Hubs;

/// <summary>Immersion team debrief on the room hub: the team's shared debriefs, for the room's participants only.</summary>
public sealed partial class RoomHub
{
    /// <summary>The gathered shared debriefs (visitor, partner, day, Markdown text); never private notes. Not a participant: refused.</summary>
    public async Task<IReadOnlyList<GatheredDebriefView>> TeamDebriefGathered([FromServices] ImmersionTeamDebriefs debriefs, Guid roomId)
        => (await debriefs.GatherForAsync(roomId, Me)).Select(g => new GatheredDebriefView(g.PlacementId, g.Visitor, g.Partner, g.Date.ToString("yyyy-MM-dd"), g.Text)).ToList();
}

public sealed record GatheredDebriefView(Guid PlacementId, string Visitor, string Partner, string Date, string Text);
