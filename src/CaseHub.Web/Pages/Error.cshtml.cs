using System.Diagnostics;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseHub.Web.Pages;

/// <summary>One friendly, localized error page for every status; never a stack trace.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class ErrorModel : PageModel
{
    public string TitleKey { get; private set; } = "Error.Title.500";
    public string TextKey { get; private set; } = "Error.Text.500";
    public string? RequestId { get; private set; }

    public void OnGet(int? code) => Set(code);
    public void OnPost(int? code) => Set(code);

    private void Set(int? code)
    {
        var status = code ?? HttpContext.Response.StatusCode;
        if (status < 400) status = 500;
        if (DatabaseBusy.Is(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error))
        {
            status = 503; // rolled back, nothing saved: try again
            HttpContext.Response.StatusCode = status;
            HttpContext.Response.Headers.RetryAfter = "5";
        }
        var known = status is 400 or 403 or 404 or 429 or 503 ? status : 500;
        TitleKey = $"Error.Title.{known}";
        TextKey = known == 403 && HttpContext.Items[DomainExceptionPageFilter.ForbiddenReasonKey] is string reason ? reason : $"Error.Text.{known}";
        RequestId = known == 500 ? Activity.Current?.Id ?? HttpContext.TraceIdentifier : null;
        if (code is not null) HttpContext.Response.StatusCode = status;
    }
}
