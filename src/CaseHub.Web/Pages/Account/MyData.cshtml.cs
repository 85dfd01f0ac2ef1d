using System.Text;
using CaseHub.Core.Localization;
using CaseHub.Core.Privacy.SubjectRights;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Account;

/// <summary>Right of access: the signed-in person downloads what CaseHub holds about them (always themselves: no id in
/// the request). POST only, so a link or a prefetch never starts an export; audited and limited in Core.</summary>
[Authorize]
public class MyDataModel(PersonalDataExporter exporter, TextCatalog texts) : CaseHubPageModel
{
    public void OnGet() { }

    public Task<IActionResult> OnPostJsonAsync() => DownloadAsync("json");

    public Task<IActionResult> OnPostHtmlAsync() => DownloadAsync("html");

    private async Task<IActionResult> DownloadAsync(string format)
    {
        PersonalDataExport? export = null;
        if (!await TryAsync(async () => export = await exporter.ExportAsync(Me, format, HttpContext.RequestAborted)))
            return Page();
        var name = $"casehub-my-data-{export!.GeneratedAt:yyyy-MM-dd}";
        Response.Headers.CacheControl = "no-store";
        return format == "html"
            ? File(Encoding.UTF8.GetBytes(PersonalDataHtml.Render(export, texts, export.Account.Language)), "text/html; charset=utf-8", name + ".html")
            : File(Encoding.UTF8.GetBytes(PersonalDataExporter.ToJson(export)), "application/json; charset=utf-8", name + ".json");
    }
}
