using System.Text;

namespace CaseHub.Core.Mail;

/// <summary>
/// The body of a mail, block by block, already in the recipient's language. It is written as Markdown because
/// <see cref="MailComposer"/> makes both parts from one source: the HTML part through
/// <see cref="Common.MarkdownRenderer"/> (raw HTML off, sanitised) and the text part as is (Markdown reads well as
/// plain text and keeps link targets visible). Texts from the catalogue are Markdown already; text typed by people
/// (names, titles, places, reasons) goes through <see cref="Escape"/> first.
/// </summary>
public sealed class MailBody
{
    private readonly StringBuilder _md = new();
    private bool _inList;

    /// <summary>A paragraph (catalogue text, possibly with Markdown).</summary>
    public MailBody Paragraph(string markdown) => Block(markdown);

    /// <summary>A paragraph in bold: a question or a deadline the reader must not miss.</summary>
    public MailBody Strong(string markdown) => Block("**" + markdown + "**");

    /// <summary>Small print in italics (e.g. what the attached calendar file is for).</summary>
    public MailBody Note(string markdown) => Block("_" + markdown + "_");

    /// <summary>An address alone on its line: a link in the HTML part, readable and copyable in the text part.</summary>
    public MailBody Link(string url) => Block(url);

    /// <summary>A list item "label value" with the label in bold (when, where, contact…). Consecutive items make one list.</summary>
    public MailBody Fact(string label, string markdown) => Item($"**{label}** {markdown}");

    /// <summary>A list item; <paramref name="level"/> 1 nests it under the item before.</summary>
    public MailBody Item(string markdown, int level = 0)
    {
        _md.Append(' ', 4 * level).Append("- ").AppendLine(markdown);
        _inList = true;
        return this;
    }

    /// <summary>A blank line after the current list, before the items that follow (one list of loose items in HTML).</summary>
    public MailBody EndList()
    {
        if (_inList) _md.AppendLine();
        _inList = false;
        return this;
    }

    /// <summary>A horizontal rule, e.g. between a short introduction and a whole document (minutes).</summary>
    public MailBody Rule() => Block("---");

    /// <summary>A whole Markdown document written elsewhere (minutes), appended as it is.</summary>
    public MailBody Document(string markdown) => Block(markdown);

    public override string ToString() => _md.ToString();

    private MailBody Block(string markdown)
    {
        if (_inList) _md.AppendLine(); // a blank line ends the list
        _inList = false;
        _md.AppendLine(markdown).AppendLine();
        return this;
    }

    /// <summary>Text typed by people (titles, names, places) goes into Markdown mails: escape what would become markup or links.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '~' or '|' or '#' or '!') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
