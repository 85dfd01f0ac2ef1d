using System.Text.Json;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using CaseHub.Web.Pages.Meetings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Intervision;

/// <summary>
/// The live intervision: the shared room (phases, timer, rounds, notes) rendered by room.js, plus the cards board and
/// the rapporteur's summary rendered by intervision.js. Only for participants who accepted the confidentiality rule.
/// </summary>
[Authorize(Roles = IntervisionAccess.StaffRoles)]
public class LiveModel(RoomQueries rooms, IntervisionSessions sessions, ProtocolCatalog protocols) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }
    public IntervisionSession Session { get; private set; } = null!;
    public Room Room { get; private set; } = null!;
    public string TextsJson { get; private set; } = "{}";
    public string IntervisionTextsJson { get; private set; } = "{}";
    public string MyName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        Session = await sessions.RequireSessionMemberAsync(Id, Me);
        if (!await sessions.HasAcknowledgedAsync(Id, Me)) return Redirect($"/intervision/sessions/{Id}");
        Room = await rooms.GetAsync(Session.RoomId);
        if (Room.Status == RoomStatus.Cancelled)
        {
            StatusMessage = T["Rooms.Error.Cancelled"];
            return Redirect($"/intervision/sessions/{Id}");
        }
        MyName = User.FindFirst(CaseHubClaimsFactory.DisplayName)?.Value ?? "";
        // The shared room texts, plus the narrator's role badge (the generic room knows only the rapporteur).
        var roomTexts = JsonSerializer.Deserialize<Dictionary<string, string>>(RoomTexts.Json(T, protocols.Get(Room.ProtocolKey)))!;
        roomTexts["Rooms.ProtocolRole.narrator"] = T["Rooms.ProtocolRole.narrator"];
        TextsJson = JsonSerializer.Serialize(roomTexts).Replace("</", "<\\/");
        var keys = T.Keys.Where(k => k.StartsWith("Intervision.Live.", StringComparison.Ordinal) || k.StartsWith("Intervision.Summary.", StringComparison.Ordinal)
            || k.StartsWith("Privacy.Kind.", StringComparison.Ordinal));
        IntervisionTextsJson = JsonSerializer.Serialize(keys.ToDictionary(k => k, k => T[k])).Replace("</", "<\\/");
        return Page();
    }
}
