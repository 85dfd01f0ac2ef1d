using System.Globalization;

namespace CaseHub.Core.Localization;

/// <summary>The three interface languages. French is the default (most Brussels CPAS work in French).</summary>
public static class Languages
{
    public const string French = "fr";
    public const string Dutch = "nl";
    public const string English = "en";
    public const string Default = French;

    public static readonly IReadOnlyList<string> All = [French, Dutch, English];

    public static bool IsSupported(string? code) => code is not null && All.Contains(code);

    /// <summary>Maps any culture name ("nl-BE", "fr") to a supported language, or the default.</summary>
    public static string Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return Default;
        var two = code.Length >= 2 ? code[..2].ToLowerInvariant() : code.ToLowerInvariant();
        return IsSupported(two) ? two : Default;
    }

    /// <summary>The culture used for formatting dates and numbers in a language (Belgian variants).</summary>
    public static CultureInfo Culture(string language) => Normalize(language) switch
    {
        Dutch => CultureInfo.GetCultureInfo("nl-BE"),
        English => CultureInfo.GetCultureInfo("en-GB"),
        _ => CultureInfo.GetCultureInfo("fr-BE"),
    };
}
