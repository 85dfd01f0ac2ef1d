using CaseHub.Core.Common;
using CaseHub.Core.Immersion;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Pages.Meetings;

/// <summary>The live room. The page is a shell; wwwroot/js/room.js renders the state the server sends over SignalR.</summary>
public class RoomModel(RoomQueries rooms, RoomEngine engine, ProtocolCatalog protocols, ImmersionTeamDebriefs teamDebriefs, MarkdownRenderer markdown) : CaseHubPageModel
{
    [Microsoft.AspNetCore.Mvc.FromRoute] public Guid Id { get; set; }
    public Room Room { get; private set; } = null!;
    public string TextsJson { get; private set; } = "{}";
    public string MyName { get; private set; } = "";
    /// <summary>An immersion team debrief's room: the team's shared debriefs, read-only, for its participants only.</summary>
    public List<GatheredDebrief>? Gathered { get; private set; }
    /// <summary>The room's protocol collects idea cards (a network meeting's brainstorm): the ideas panel and its script.</summary>
    public bool IdeaCards { get; private set; }
    public string Html(string markdownText) => markdown.ToHtml(markdownText);

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetAsync()
    {
        await engine.RequireMemberAsync(Id, Me);
        Room = await rooms.GetAsync(Id);
        // A cancelled meeting's room is closed to everyone: its page says why.
        if (Room.Status == RoomStatus.Cancelled) return CancelledRedirect();
        if (FeatureRoomPages.For(Room) is { } featurePage) return Redirect(featurePage);
        MyName = User.FindFirst(CaseHubClaimsFactory.DisplayName)?.Value ?? "";
        var protocol = protocols.Get(Room.ProtocolKey);
        TextsJson = RoomTexts.Json(T, protocol);
        IdeaCards = protocol.IdeaCards;
        if (Room.ContextType == ImmersionTeamDebriefs.ContextType) Gathered = await teamDebriefs.GatherForAsync(Id, Me);
        return Page();
    }

    /// <summary>
    /// The gathered debriefs panel alone (HTML fragment), asked by team-debrief-room.js on joining, on every reconnect, on
    /// its refresh button and every half minute while the meeting is live: a visitor editing their shared debrief during the
    /// meeting shows up without reloading the room. Same rendering and sanitising as the page; participants only (404
    /// otherwise, and for a room that is not a team debrief).
    /// </summary>
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetGatheredAsync()
    {
        Gathered = await teamDebriefs.GatherForAsync(Id, Me);
        Response.Headers.CacheControl = "no-store";
        return Partial("_TeamDebriefGathered", this);
    }

    private Microsoft.AspNetCore.Mvc.RedirectResult CancelledRedirect()
    {
        StatusMessage = T["Rooms.Error.Cancelled"];
        return Redirect(FeatureRoomPages.PageFor(Room) ?? $"/meetings/{Id}");
    }
}
