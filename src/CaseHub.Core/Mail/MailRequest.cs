namespace CaseHub.Core.Mail;

/// <summary>What a feature wants to send; texts are already in the recipient's language.</summary>
public sealed record MailRequest
{
    public required string ToAddress { get; init; }
    public string? ToName { get; init; }
    public required string Subject { get; init; }
    /// <summary>Body in Markdown: rendered (safely) to the HTML part, and kept as the text part.</summary>
    public required string BodyMarkdown { get; init; }
    /// <summary>Operator label, never personal data ("MagicLink", "Invitation", "Minutes"…).</summary>
    public required string Kind { get; init; }
    public string Language { get; init; } = Localization.Languages.Default;
    /// <summary>iCalendar object sent as a text/calendar alternative (with its METHOD) and as an .ics attachment.</summary>
    public CalendarPart? Calendar { get; init; }
    public string? DedupKey { get; init; }
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
}

/// <summary>An iCalendar payload; <paramref name="Method"/> is REQUEST, CANCEL or PUBLISH and must match the METHOD inside.</summary>
public sealed record CalendarPart(string Method, string Ics);

public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);
