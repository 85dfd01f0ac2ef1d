using CaseHub.Core.Localization;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Conferences;

public sealed record OrientationChoice(string Key, string Label);

/// <summary>
/// The one place that turns an orientation key into what people read: the translated text when the key is a known
/// one, else the label configured for it (Conferences:OrientationLabels, in the reader's language, then French, then
/// any), else the key made readable ("budget-coaching" → "Budget coaching") — never a raw text key.
/// </summary>
public sealed class OrientationCatalog(TextCatalog texts, IOptions<ConferenceOptions> options)
{
    public IReadOnlyList<string> Keys => options.Value.EffectiveOrientations;

    public bool IsOffered(string? key) => key is not null && Keys.Contains(key);

    public string Label(string? key, string language) => ChoiceLabels.Label(texts, Orientations.TextKey(key ?? ""), options.Value.OrientationLabels, key, language);

    /// <summary>The offered orientations with their labels in <paramref name="language"/>, in configured order.</summary>
    public IReadOnlyList<OrientationChoice> Choices(string language) => Keys.Select(k => new OrientationChoice(k, Label(k, language))).ToList();
}

/// <summary>
/// A configurable choice's label (orientations, document types): the translated text when the key has a text, else the
/// label configured for it (in the reader's language, then French, then any), else the key made readable
/// ("budget-coaching" → "Budget coaching") — never a raw text key.
/// </summary>
public static class ChoiceLabels
{
    public static string Label(TextCatalog texts, string textKey, Dictionary<string, Dictionary<string, string>> configuredLabels, string? key, string language)
    {
        if (string.IsNullOrWhiteSpace(key)) return "—";
        if (texts.Contains(textKey)) return texts.Get(textKey, language);
        var configured = configuredLabels.FirstOrDefault(x => string.Equals(x.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        if (configured is { Count: > 0 })
        {
            string? Pick(string lang) => configured.FirstOrDefault(x => string.Equals(x.Key, lang, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(x.Value)).Value;
            var label = Pick(language) ?? Pick(Languages.Default) ?? configured.Values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            if (label is not null) return label.Trim();
        }
        var words = key.Replace('-', ' ').Replace('_', ' ').Trim();
        return words.Length == 0 ? key : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
