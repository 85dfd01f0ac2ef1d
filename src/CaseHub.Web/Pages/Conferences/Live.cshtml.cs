using System.Text.Json;
using CaseHub.Core.Conferences;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using CaseHub.Web.Pages.Meetings;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>The live conference: the generic room (phases, timer, queue, notes, actions) plus the conference panel
/// (positions opened by the facilitator, disagreement map, outcome). Data comes over SignalR per viewer.</summary>
public class LiveModel(RoomQueries rooms, ConferenceService conferences, ProtocolCatalog protocols, OrientationCatalog orientations) : CaseHubPageModel
{
    [Microsoft.AspNetCore.Mvc.FromRoute] public Guid Id { get; set; }
    public ConferenceView View { get; private set; } = null!;
    public Room Room { get; private set; } = null!;
    public string TextsJson { get; private set; } = "{}";
    public string ConferenceTextsJson { get; private set; } = "{}";
    public string MyName { get; private set; } = "";
    public IReadOnlyList<OrientationChoice> Orientations { get; private set; } = [];

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetAsync()
    {
        View = await conferences.ViewAsync(Id, Me); // case AND room membership, else 404
        Orientations = orientations.Choices(Lang);
        Room = await rooms.GetAsync(View.RoomId);
        if (Room.Status == RoomStatus.Cancelled)
        {
            StatusMessage = T["Rooms.Error.Cancelled"];
            return Redirect($"/conferences/{Id}");
        }
        MyName = User.FindFirst(CaseHubClaimsFactory.DisplayName)?.Value ?? "";
        TextsJson = RoomTexts.Json(T, protocols.Get(Room.ProtocolKey));
        var keys = T.Keys.Where(k => (k.StartsWith("Conference.", StringComparison.Ordinal) && !k.StartsWith("Conference.Error.", StringComparison.Ordinal))
                                     || k.StartsWith("Text.", StringComparison.Ordinal)); // "label: value" in the reader's typography
        var texts = keys.ToDictionary(k => k, k => T[k]);
        // Configured orientations without a text key get their configured label (the script reads labels from here).
        foreach (var o in Orientations) texts[Core.Conferences.Orientations.TextKey(o.Key)] = o.Label;
        ConferenceTextsJson = JsonSerializer.Serialize(texts).Replace("</", "<\\/");
        return Page();
    }
}
