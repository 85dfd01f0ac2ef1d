using Ganss.Xss;
using Markdig;

namespace CaseHub.Core.Common;

/// <summary>
/// The one way Markdown becomes HTML in CaseHub (notes, minutes, mails, debriefs):
/// Markdig with raw HTML disabled, then HtmlSanitizer. Client-rendered HTML is never trusted.
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedSchemes.Clear();
        _sanitizer.AllowedSchemes.UnionWith(["https", "http", "mailto"]);
        _sanitizer.AllowedAttributes.Remove("style");
        _sanitizer.AllowedTags.Remove("img"); // no tracking pixels or remote content in notes and mails
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a)
            {
                a.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
    }

    public string ToHtml(string? markdown)
        => string.IsNullOrEmpty(markdown) ? "" : _sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    /// <summary>Plain text of a Markdown document (for the text/plain part of a mail).</summary>
    public static string ToPlainText(string? markdown)
        => string.IsNullOrEmpty(markdown) ? "" : Markdown.ToPlainText(markdown, Pipeline).Trim();
}
