using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Meetings;

/// <summary>Read-only large view for the meeting room's screen: phase, timer, speaker, queue, round, live notes.</summary>
public class ProjectorModel(RoomQueries rooms, RoomEngine engine, ProtocolCatalog protocols, RoomGates gates) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }
    public Room Room { get; private set; } = null!;
    public string TextsJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync()
    {
        await engine.RequireMemberAsync(Id, Me);
        Room = await rooms.GetAsync(Id);
        if (Room.Status == RoomStatus.Cancelled)
        {
            StatusMessage = T["Rooms.Error.Cancelled"];
            return Redirect(FeatureRoomPages.PageFor(Room) ?? $"/meetings/{Id}");
        }
        // A feature's condition to enter (intervision's confidentiality rule) applies to the projected notes too.
        if (await gates.RefusalAsync(Id, Me) is not null) return Redirect(FeatureRoomPages.For(Room) ?? "/meetings");
        TextsJson = RoomTexts.Json(T, protocols.Get(Room.ProtocolKey));
        return Page();
    }
}
