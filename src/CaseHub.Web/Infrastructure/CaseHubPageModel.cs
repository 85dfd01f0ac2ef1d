using System.Globalization;
using CaseHub.Core.Common;
using CaseHub.Core.Localization;
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

    protected void AddError(DomainException ex)
        => ModelState.AddModelError(ex.Field ?? "", T.Format(ex.TextKey, Lang, ex.Args));

    /// <summary>Runs a Core action; a validation failure becomes a form error (403/404 go to the global filter).</summary>
    protected async Task<bool> TryAsync(Func<Task> action)
    {
        if (!ModelState.IsValid) return false;
        try
        {
            await action();
            return true;
        }
        catch (DomainException ex) when (!ex.IsForbidden && !ex.IsNotFound)
        {
            AddError(ex);
            return false;
        }
    }
}
