using System.Globalization;
using CaseHub.Core.Common;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Pages.Meetings;

/// <summary>The minutes of a closed meeting, in the reader's language; printable (Save as PDF from the browser).</summary>
public class MinutesModel(RoomQueries rooms, RoomEngine engine, MinutesService minutes, MarkdownRenderer markdown) : CaseHubPageModel
{
    [Microsoft.AspNetCore.Mvc.FromRoute] public Guid Id { get; set; }
    public Room Room { get; private set; } = null!;
    public string Html { get; private set; } = "";

    public async Task OnGetAsync()
    {
        await engine.RequireMemberAsync(Id, Me);
        Room = await rooms.GetAsync(Id);
        if (Room.Status != RoomStatus.Closed) throw DomainException.NotFound();
        Html = markdown.ToHtml(await minutes.BuildMarkdownAsync(Id, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName));
    }
}
