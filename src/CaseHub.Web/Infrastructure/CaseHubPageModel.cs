using System.Globalization;
using CaseHub.Core.Common;
using CaseHub.Core.Localization;
using CaseHub.Core.Rooms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Web.Infrastructure;

/// <summary>Base for CaseHub pages: localized validation errors from Core's <see cref="DomainException"/>.</summary>
public abstract class CaseHubPageModel : PageModel
{
    protected TextCatalog T => HttpContext.RequestServices.GetRequiredService<TextCatalog>();

    protected static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    protected Guid Me => User.UserId();

    [TempData] public string? StatusMessage { get; set; }

    /// <summary>Shows a Core validation failure next to its field, "{fieldPrefix}{Field}" (a form bound under a prefix,
    /// e.g. "Form."), or above the form when it names no field.</summary>
    protected void AddError(DomainException ex, string fieldPrefix = "")
    {
        if (ex.PiiFindings is { Count: > 0 } findings)
        {
            // Identifying data: every finding at once, for the form's guard panel (Pages/Shared/_PiiGuard.cshtml).
            PiiGuardForm.Remember(HttpContext, fieldPrefix, findings);
            ModelState.AddModelError(fieldPrefix + findings[0].Field, PiiGuardForm.Describe(T, Lang, findings));
            return;
        }
        ModelState.AddModelError(ex.Field is null ? "" : fieldPrefix + ex.Field, T.Format(ex.TextKey, Lang, ex.Args));
    }

    /// <summary>
    /// The handler behind the shared meeting panel (Pages/Shared/_MeetingManage.cshtml): runs the posted change on the
    /// meeting through its one life cycle and sets the success message; a refused change (bad date, a person the meeting
    /// type does not allow, a cancelled meeting…) becomes an error shown in the panel (keys "Manage.*"), and false.
    /// The page's other forms are not validated. "Not found" and "forbidden" (with its own message) are not caught.
    /// </summary>
    protected async Task<bool> ManageMeetingAsync(MeetingScheduler meetings, MeetingRef meeting, MeetingManageForm form)
    {
        // Only whoever organises it may post here (403 with the reason); the others never get to the fields.
        await meetings.RequireOrganiserAsync(meeting, Me, HttpContext.RequestAborted);
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(MeetingManageForm.Prefix, StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        if (!ModelState.IsValid) return false;
        try
        {
            StatusMessage = T[await form.ApplyAsync(meetings, meeting, Me, HttpContext.RequestAborted)];
            return true;
        }
        catch (DomainException ex) when (!ex.IsForbidden && !ex.IsNotFound)
        {
            ModelState.AddModelError(MeetingManageForm.Prefix + (ex.Field ?? ""), T.Format(ex.TextKey, Lang, ex.Args));
            return false;
        }
    }

    /// <summary>
    /// Runs a Core action when the form is valid; a validation failure becomes a form error (see <see cref="AddError"/>)
    /// and false. "Not found" and "forbidden" are not caught: the global filter answers 404/403.
    /// </summary>
    protected async Task<bool> TryAsync(Func<Task> action, string fieldPrefix = "")
    {
        if (!ModelState.IsValid) return false;
        try
        {
            await action();
            return true;
        }
        catch (DomainException ex) when (!ex.IsForbidden && !ex.IsNotFound)
        {
            AddError(ex, fieldPrefix);
            return false;
        }
    }
}
