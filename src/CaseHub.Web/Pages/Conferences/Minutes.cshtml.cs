using System.Text;
using CaseHub.Core.Common;
using CaseHub.Core.Conferences;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>The reader's own copy of a closed conference's minutes (as the mail): what their visibility allows, in their
/// language; printable, and downloadable as Markdown (the export).</summary>
public class MinutesModel(RoomQueries rooms, ConferenceService conferences, MinutesService minutes, MarkdownRenderer markdown, CaseHub.Core.Audit.AuditTrail audit) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }
    public ConferenceView View { get; private set; } = null!;
    public string Html { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(bool download = false)
    {
        View = await conferences.ViewAsync(Id, Me);
        var room = await rooms.GetAsync(View.RoomId);
        if (room.Status != RoomStatus.Closed) throw DomainException.NotFound();
        var md = await minutes.BuildMarkdownAsync(View.RoomId, Lang, Me);
        if (download) await audit.RecordViewAsync(Me, "Conferences.MinutesExported", "Room", View.RoomId);
        if (download) return File(Encoding.UTF8.GetBytes(md), "text/markdown; charset=utf-8", $"{View.CaseCode}-minutes.md");
        Html = markdown.ToHtml(md);
        return Page();
    }
}
