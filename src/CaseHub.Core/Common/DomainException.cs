namespace CaseHub.Core.Common;

/// <summary>
/// A rule was broken by the caller's input (not a bug). Carries a text-catalogue key so the web layer shows it
/// in the user's language: a form error, a ProblemDetails or a HubException. Nothing has been saved when it is thrown.
/// </summary>
public sealed class DomainException(string textKey, params object?[] args) : Exception(textKey)
{
    public string TextKey { get; } = textKey;
    public object?[] Args { get; } = args;
    /// <summary>Form field the message belongs to, if any.</summary>
    public string? Field { get; init; }
    /// <summary>Not allowed (403) rather than invalid (400).</summary>
    public bool IsForbidden { get; init; }
    /// <summary>The thing does not exist (404) — or the caller may not know it exists.</summary>
    public bool IsNotFound { get; init; }
    /// <summary>Identifying data found by <see cref="Privacy.TextGuard"/>: every unresolved finding of every field, to show
    /// them all at once in place (with the masked previews and the author's choices).</summary>
    public IReadOnlyList<Privacy.FieldFindings>? PiiFindings { get; init; }

    public static DomainException Forbidden() => new("Error.Forbidden") { IsForbidden = true };
    public static DomainException NotFound() => new("Error.NotFound") { IsNotFound = true };
}
