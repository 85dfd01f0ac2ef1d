using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CaseHub.Core.Calendar;

namespace CaseHub.Core.Localization;

/// <summary>
/// A text key CaseHub composes titles with ("Concertation {0}"), registered by the feature that composes them, and what
/// its one argument looks like (a case code has no spaces: "Concertation avec la famille…" is a title someone typed).
/// </summary>
public sealed record ComposedTitleKey(string TextKey, string ArgumentPattern = ".+");

/// <summary>
/// Titles CaseHub makes itself ("Concertation DEMO-2026-014", "Débriefing des immersions — Équipe Nord") are stored once,
/// in the language of whoever created the meeting; this shows them in the reader's language. A stored title that reads
/// as one of the registered patterns in any language is composed again for the reader (its one argument kept); any
/// other title — typed by a person — is shown as typed.
/// </summary>
public sealed class ComposedTitles(TextCatalog texts, IEnumerable<ComposedTitleKey> keys)
{
    private readonly IReadOnlyList<(string Key, Regex Pattern)> _patterns = keys.DistinctBy(k => k.TextKey)
        .SelectMany(k => Languages.All.Select(l => (k.TextKey, Pattern(texts.Get(k.TextKey, l), k.ArgumentPattern)))).ToList();

    private readonly ConcurrentDictionary<(string, string), string> _cache = new();

    /// <summary>The title for a reader of <paramref name="language"/>.</summary>
    public string For(string? stored, string language)
    {
        if (string.IsNullOrEmpty(stored)) return stored ?? "";
        var l = Languages.Normalize(language);
        return _cache.Count > 10_000 ? Compose(stored, l) : _cache.GetOrAdd((stored, l), k => Compose(k.Item1, k.Item2));
    }

    /// <summary>The title for the current request's reader (pages).</summary>
    public string For(string? stored) => For(stored, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    /// <summary>The title in every language (calendar entries: each invitee's mail and file in their own).</summary>
    public LocalizedText Localized(string stored)
        => new(For(stored, Languages.French), For(stored, Languages.Dutch), For(stored, Languages.English));

    private string Compose(string stored, string language)
    {
        foreach (var (key, pattern) in _patterns)
            if (pattern.Match(stored) is { Success: true } m)
                return texts.Format(key, language, m.Groups[1].Value);
        return stored;
    }

    /// <summary>"Concertation {0}" → ^Concertation (argument)$ (the rest of the template literal).</summary>
    private static Regex Pattern(string template, string argument)
    {
        var parts = template.Split("{0}");
        return new Regex("^" + string.Join($"({argument})", parts.Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
