namespace CaseHub.Web.Infrastructure;

/// <summary>Text keys for data-annotation messages, e.g. <c>[Required(ErrorMessage = V.Required)]</c> (localized by the catalogue).</summary>
public static class V
{
    public const string Required = "Validation.Required";
    /// <summary>For [StringLength]: {1} is the maximum.</summary>
    public const string Length = "Validation.Length";
    /// <summary>For [Range]: {1} and {2} are the bounds.</summary>
    public const string Range = "Validation.Range";
}
