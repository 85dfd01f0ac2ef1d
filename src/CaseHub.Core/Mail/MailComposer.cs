using System.Net;
using System.Text;
using CaseHub.Core.Common;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CaseHub.Core.Mail;

/// <summary>
/// Builds the MIME message: multipart/mixed[ multipart/alternative[text/plain, text/html, text/calendar; method=X], invite.ics ].
/// That shape is what Outlook, Gmail and Apple Mail all recognise as a meeting invitation.
/// </summary>
public sealed class MailComposer(IOptions<MailOptions> options, MarkdownRenderer markdown)
{
    public MimeMessage Compose(MailRequest request, Guid messageId, DateTimeOffset date)
    {
        var o = options.Value;
        var message = new MimeMessage
        {
            Subject = request.Subject,
            Date = date,
            MessageId = $"{messageId:N}@casehub",
        };
        message.From.Add(new MailboxAddress(o.FromName, o.FromAddress));
        message.To.Add(new MailboxAddress(request.ToName ?? "", request.ToAddress));
        message.Headers.Add("Content-Language", request.Language);
        message.Headers.Add("Auto-Submitted", "auto-generated");

        var alternative = new MultipartAlternative
        {
            // Markdown reads well as plain text and keeps link targets visible (a plain-text render would drop them).
            new TextPart("plain") { Text = request.BodyMarkdown.TrimEnd() + "\n" },
            new TextPart("html") { Text = HtmlDocument(request.Subject, markdown.ToHtml(request.BodyMarkdown), request.Language) },
        };

        var hasAttachments = request.Calendar is not null || request.Attachments.Count > 0;
        if (request.Calendar is { } cal)
        {
            var calendarPart = new TextPart("calendar") { Text = cal.Ics };
            calendarPart.ContentType.Parameters.Add("method", cal.Method);
            calendarPart.ContentType.Charset = "utf-8";
            calendarPart.ContentTransferEncoding = ContentEncoding.Base64;
            alternative.Add(calendarPart);
        }

        if (!hasAttachments)
        {
            message.Body = alternative;
            return message;
        }

        var mixed = new Multipart("mixed") { alternative };
        if (request.Calendar is { } c)
            mixed.Add(Attachment("invite.ics", "application/ics", Encoding.UTF8.GetBytes(c.Ics)));
        foreach (var a in request.Attachments)
            mixed.Add(Attachment(a.FileName, a.ContentType, a.Content));
        message.Body = mixed;
        return message;
    }

    private static MimePart Attachment(string fileName, string contentType, byte[] content) => new(ContentType.Parse(contentType))
    {
        Content = new MimeContent(new MemoryStream(content)),
        ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = fileName },
        ContentTransferEncoding = ContentEncoding.Base64,
        FileName = fileName,
    };

    private static string HtmlDocument(string title, string bodyHtml, string language) =>
        $"""
        <!DOCTYPE html>
        <html lang="{language}"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title></head>
        <body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1d2733;max-width:640px;margin:0 auto;padding:16px">
        {bodyHtml}
        <hr style="border:none;border-top:1px solid #d0d7de;margin-top:24px">
        <p style="font-size:12px;color:#57606a">CaseHub</p>
        </body></html>
        """;
}
