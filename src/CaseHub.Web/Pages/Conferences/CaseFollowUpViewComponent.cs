using CaseHub.Core.Conferences;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>What the referent of a case has to follow up, on their home page: documents about to expire (or expired and
/// not renewed) and the collaboration model's follow-ups that are due. Nothing is shown when there is nothing to do.</summary>
public sealed class CaseFollowUpViewComponent(CaseDocumentService documents, CollaborationService collaboration) : ViewComponent
{
    public sealed record Result(IReadOnlyList<ExpiringDocument> Documents, IReadOnlyList<FollowUpDue> FollowUps);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (User.Identity?.IsAuthenticated != true) return Content("");
        var me = HttpContext.User.UserId();
        var result = new Result(await documents.ExpiringForAsync(me), await collaboration.DueForAsync(me));
        return result.Documents.Count == 0 && result.FollowUps.Count == 0 ? Content("") : View(result);
    }
}
