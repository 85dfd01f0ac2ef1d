using System.Net;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using CaseHub.Core.Localization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// The error summary at the top of a form (Pages/Shared/_Errors.cshtml): each error names its field and links to it,
/// "Programme: the line … is not understood". The summary is drawn before the form's fields, so it cannot know their
/// labels yet: it is written as a deferred piece of HTML that Razor emits only when the whole page has been rendered,
/// by which time <see cref="FieldLabelRecorder"/> has noted every label of the page.
/// </summary>
public sealed class ErrorSummary(HttpContext http, TextCatalog texts, string language, IReadOnlyList<(string Key, string Message)> errors) : IHtmlContent
{
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        var labels = FieldLabelRecorder.Labels(http);
        var items = errors.Select(e =>
        {
            var id = FieldLabelRecorder.IdOf(e.Key);
            return id.Length > 0 && labels.TryGetValue(id, out var label)
                ? $"<a href=\"#{encoder.Encode(id)}\">{encoder.Encode(texts.Labelled(label, e.Message, language))}</a>"
                : encoder.Encode(e.Message);
        }).ToList();
        writer.Write("<div class=\"alert error error-summary\" role=\"alert\" data-error-summary>");
        if (items.Count == 1)
            writer.Write(items[0]); // one error: a sentence, not a list
        else
        {
            writer.Write($"<p class=\"error-summary-title\">{encoder.Encode(texts.Get("Errors.Summary.Title", language))}</p><ul>");
            foreach (var item in items) writer.Write($"<li>{item}</li>");
            writer.Write("</ul>");
        }
        writer.Write("</div>");
    }
}

/// <summary>
/// Notes the text of every &lt;label for="…"&gt; on the page (after asp-for has set its target), for the
/// <see cref="ErrorSummary"/> to name the field an error belongs to. The label is rendered unchanged.
/// </summary>
[HtmlTargetElement("label")]
public sealed partial class FieldLabelRecorder(IHttpContextAccessor accessor) : TagHelper
{
    private const string ItemKey = "CaseHub.FieldLabels";

    /// <summary>After the framework's label tag helper (order 0), which fills in "for" from asp-for.</summary>
    public override int Order => 1000;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (accessor.HttpContext is not { } http || output.Attributes["for"]?.Value?.ToString() is not { Length: > 0 } id) return;
        var labels = Labels(http);
        if (labels.ContainsKey(id)) return;
        var html = output.IsContentModified ? output.Content.GetContent() : (await output.GetChildContentAsync()).GetContent();
        var text = WebUtility.HtmlDecode(Tags().Replace(html, " "));
        text = Spaces().Replace(text, " ").Trim().TrimEnd(':', ' ', '*');
        if (text.Length > 0) labels[id] = text;
    }

    public static Dictionary<string, string> Labels(HttpContext http)
    {
        if (http.Items[ItemKey] is not Dictionary<string, string> labels) http.Items[ItemKey] = labels = new Dictionary<string, string>(StringComparer.Ordinal);
        return labels;
    }

    /// <summary>The element id ASP.NET Core gives the input of a model key ("Form.Items[0].Name" → "Form_Items_0__Name").</summary>
    public static string IdOf(string key) => string.IsNullOrEmpty(key) ? "" : Microsoft.AspNetCore.Mvc.Rendering.TagBuilder.CreateSanitizedId(key, "_") ?? "";

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
