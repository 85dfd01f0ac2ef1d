using CaseHub.Core.Exports;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Sends an export as a download: never cached (personal data), with the file name the feature chose. The caller has
/// already checked role and membership and recorded the audit entry.
/// </summary>
public static class ExportDownload
{
    public static IResult Result(HttpContext http, ExportFile file)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(file.Content, file.ContentType, file.FileName);
    }

    public static FileContentResult Page(HttpContext http, ExportFile file)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        return new FileContentResult(file.Content, file.ContentType) { FileDownloadName = file.FileName };
    }
}

/// <summary>The "CSV" and "Excel" buttons of a list (Pages/Shared/_ExportButtons.cshtml).</summary>
/// <param name="Id">Element id prefix: the links get "{Id}-csv" and "{Id}-xlsx".</param>
/// <param name="Label">Optional visible label before the buttons (which list), already localized.</param>
public sealed record ExportLinks(string Id, string CsvHref, string XlsxHref, string? Label = null);
