using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace CaseHub.Core.Localization;

/// <summary>
/// Every user-facing string, in French, Dutch and English side by side.
/// Catalogues are <c>*.texts.json</c> files embedded in the assemblies (one per feature, so features
/// do not edit a shared file): <c>{ "Key": { "fr": "…", "nl": "…", "en": "…" } }</c>.
/// A key missing a language, or defined twice, fails at load time: no string ships in only one language.
/// </summary>
public sealed class TextCatalog
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _texts;

    public TextCatalog(IEnumerable<KeyValuePair<string, IReadOnlyDictionary<string, string>>> entries)
    {
        var dict = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (key, byLang) in entries)
        {
            foreach (var lang in Languages.All)
                if (!byLang.TryGetValue(lang, out var v) || string.IsNullOrWhiteSpace(v))
                    throw new InvalidOperationException($"Text '{key}' has no '{lang}' translation.");
            if (!dict.TryAdd(key, byLang.ToFrozenDictionary()))
                throw new InvalidOperationException($"Text '{key}' is defined twice.");
        }
        _texts = dict.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<string> Keys => _texts.Keys;

    public bool Contains(string key) => _texts.ContainsKey(key);

    /// <summary>The text in a language; falls back to the key itself so a missing key is visible, never a crash.</summary>
    public string Get(string key, string language)
        => _texts.TryGetValue(key, out var byLang) && byLang.TryGetValue(Languages.Normalize(language), out var v) ? v : key;

    public string Format(string key, string language, params object?[] args)
        => args.Length == 0 ? Get(key, language) : string.Format(Languages.Culture(language), Get(key, language), args);

    /// <summary>
    /// "Label: value" with the language's typography: French puts a space before the colon, Dutch and English do not.
    /// Compose every such pair with this (never with a hard-coded " : ").
    /// </summary>
    public string Labelled(string label, object? value, string language) => Format("Text.Labelled", language, label, value);

    /// <summary>Text in the current UI culture (set per request by the web host).</summary>
    public string this[string key] => Get(key, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    private static readonly JsonSerializerOptions StrictJson = new() { AllowDuplicateProperties = false, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>Formatted text in the current UI culture.</summary>
    public string F(string key, params object?[] args) => Format(key, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, args);

    public static TextCatalog LoadFrom(params Assembly[] assemblies)
    {
        var entries = new List<KeyValuePair<string, IReadOnlyDictionary<string, string>>>();
        foreach (var asm in assemblies.Distinct())
            foreach (var name in asm.GetManifestResourceNames().Where(n => n.EndsWith(".texts.json", StringComparison.Ordinal)).Order())
            {
                using var stream = asm.GetManifestResourceStream(name)!;
                var doc = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream, StrictJson)
                          ?? throw new InvalidOperationException($"Empty text catalogue {name}.");
                entries.AddRange(doc.Select(kv => new KeyValuePair<string, IReadOnlyDictionary<string, string>>(kv.Key, kv.Value)));
            }
        return new TextCatalog(entries);
    }
}
