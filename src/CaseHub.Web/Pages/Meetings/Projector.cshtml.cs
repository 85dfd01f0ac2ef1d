using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Pages.Meetings;

/// <summary>Read-only large view for the meeting room's screen: phase, timer, speaker, queue, round, live notes.</summary>
public class ProjectorModel(CaseHubDbContext db, RoomEngine engine, ProtocolCatalog protocols) : CaseHubPageModel
{
    [Microsoft.AspNetCore.Mvc.FromRoute] public Guid Id { get; set; }
    public Room Room { get; private set; } = null!;
    public string TextsJson { get; private set; } = "{}";

    public async Task OnGetAsync()
    {
        await engine.RequireMemberAsync(Id, Me);
        Room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == Id);
        TextsJson = RoomTexts.Json(T, protocols.Get(Room.ProtocolKey));
    }
}
