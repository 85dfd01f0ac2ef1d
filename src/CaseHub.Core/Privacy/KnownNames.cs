using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace CaseHub.Core.Privacy;

/// <summary>
/// The names of the CaseHub directory (users and contacts), prepared for fast whole-word lookup in texts.
/// Build it once per directory version with <see cref="From"/> and reuse it: it is immutable and thread-safe.
/// </summary>
/// <remarks>
/// From each display name ("Marie Dupont", "Dupont, Marie", "Jean-Pierre Van den Berghe") it matches:
/// the full name in either order ("Marie Dupont", "DUPONT Marie"), and the surname alone when it has at least three
/// letters and is not only a particle ("Dupont", "Van den Berghe"). First names alone are not matched: too common.
/// A one-word display name is treated as a surname. Matching ignores case and accents ("muller" finds "Müller") and
/// only compares whole words, so "Marie" is not found in "Marietta".
/// </remarks>
public sealed class KnownNames
{
    public static KnownNames Empty { get; } = new(FrozenDictionary<string, NamePattern[]>.Empty);

    private static readonly FrozenSet<string> Honorifics = FrozenSet.Create(StringComparer.Ordinal,
        "m", "mme", "mlle", "mr", "mrs", "ms", "dr", "me", "mevr", "mevrouw", "dhr", "meneer", "monsieur", "madame", "prof");

    private static readonly FrozenSet<string> Particles = FrozenSet.Create(StringComparer.Ordinal,
        "van", "de", "der", "den", "du", "des", "le", "la", "les", "von", "di", "da", "del", "della", "dos", "das", "ten", "ter", "vanden", "vander", "t", "d", "l", "el", "al", "y");

    /// <summary>Patterns by their first (folded) word; longest first, so "Marie Dupont" wins over "Marie".</summary>
    private readonly FrozenDictionary<string, NamePattern[]> _byFirstWord;

    private KnownNames(FrozenDictionary<string, NamePattern[]> byFirstWord) => _byFirstWord = byFirstWord;

    /// <summary>Number of distinct word sequences looked for.</summary>
    public int PatternCount => _byFirstWord.Values.Sum(p => p.Length);

    /// <param name="secondPart">Index of the word where the second part of the name starts (for the initials), or -1.</param>
    internal sealed record NamePattern(string[] Words, int SecondPart, bool SurnameOnly);

    public static KnownNames From(IEnumerable<string?> displayNames)
    {
        var patterns = new Dictionary<string, NamePattern>(StringComparer.Ordinal);
        void Add(string[] words, int secondPart, bool surnameOnly)
        {
            if (words.Length == 0) return;
            var key = string.Join(' ', words);
            // The same words may be one person's full name and another's surname: the full name is the stronger signal.
            if (!patterns.TryGetValue(key, out var existing) || (existing.SurnameOnly && !surnameOnly))
                patterns[key] = new NamePattern(words, secondPart, surnameOnly);
        }

        foreach (var displayName in displayNames)
        {
            if (string.IsNullOrWhiteSpace(displayName)) continue;
            var (given, surname, lastWord) = Split(displayName);
            if (surname.Length == 0) continue;
            if (given.Length > 0)
            {
                Add([.. given, .. surname], given.Length, surnameOnly: false);
                Add([.. surname, .. given], surname.Length, surnameOnly: false);
            }
            if (IsDistinctiveSurname(surname)) Add(surname, -1, surnameOnly: true);
            if (lastWord.Length > 0 && IsDistinctiveSurname(lastWord)) Add(lastWord, -1, surnameOnly: true);
        }

        var index = patterns.Values
            .GroupBy(p => p.Words[0], StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(p => p.Words.Length).ThenBy(p => p.SurnameOnly).ToArray(), StringComparer.Ordinal);
        return new KnownNames(index);
    }

    private static bool IsDistinctiveSurname(string[] words)
        => words.Sum(w => w.Count(char.IsLetter)) >= 3 && !words.All(Particles.Contains);

    /// <summary>
    /// Given name = first word, surname = the rest ("Dupont, Marie" and "Marie (CPAS)" forms understood). For names of
    /// three or more words without a particle ("Jean Marc Dupont") the last word is also kept as a possible surname.
    /// </summary>
    private static (string[] Given, string[] Surname, string[] LastWord) Split(string displayName)
    {
        var cleaned = StripParentheses(displayName);
        string givenPart, surnamePart;
        var comma = cleaned.IndexOf(',');
        if (comma >= 0)
        {
            surnamePart = cleaned[..comma];
            givenPart = cleaned[(comma + 1)..];
            return (Words(givenPart), Words(surnamePart), []);
        }

        var words = cleaned.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && Honorifics.Contains(Fold(words[0].TrimEnd('.'))))
            words.RemoveAt(0);
        if (words.Count == 0) return ([], [], []);
        if (words.Count == 1) return ([], Words(words[0]), []);
        givenPart = words[0];
        surnamePart = string.Join(' ', words.Skip(1));
        var surname = Words(surnamePart);
        string[] lastWord = [];
        if (words.Count >= 3 && !Particles.Contains(Fold(words[1])))
        {
            // "Marie Claire De Smet": the surname is "De Smet", particles included.
            var k = words.Count - 1;
            while (k > 2 && Particles.Contains(Fold(words[k - 1]))) k--;
            lastWord = Words(string.Join(' ', words.Skip(k)));
        }
        return (Words(givenPart), surname, lastWord);
    }

    private static string StripParentheses(string s)
    {
        var sb = new StringBuilder(s.Length);
        var depth = 0;
        foreach (var c in s)
        {
            if (c == '(') depth++;
            else if (c == ')') depth = Math.Max(0, depth - 1);
            else if (depth == 0) sb.Append(c);
        }
        return sb.ToString();
    }

    private static string[] Words(string s)
    {
        var words = new List<string>();
        foreach (var t in Tokenize(s)) words.Add(t.Folded);
        return [.. words];
    }

    internal readonly record struct Word(int Start, int End, string Folded);

    /// <summary>Words are runs of letters and digits (with their accents); everything else separates words.</summary>
    internal static IEnumerable<Word> Tokenize(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i])) { i++; continue; }
            var start = i;
            while (i < text.Length && (IsWordChar(text[i]) || IsMark(text[i]))) i++;
            yield return new Word(start, i, Fold(text.AsSpan(start, i - start)));
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Lower case without accents: "Müller" → "muller", "Œuvray" → "oeuvray", "Strauß" → "strauss".</summary>
    internal static string Fold(ReadOnlySpan<char> word)
    {
        var ascii = true;
        foreach (var c in word) if (c > 0x7F) { ascii = false; break; }
        if (ascii)
        {
            var lower = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
            word.ToLowerInvariant(lower);
            return new string(lower);
        }

        var sb = new StringBuilder(word.Length + 2);
        foreach (var c in word.ToString().Normalize(NormalizationForm.FormD))
        {
            if (IsMark(c)) continue;
            switch (char.ToLowerInvariant(c))
            {
                case 'ß': sb.Append("ss"); break;
                case 'æ': sb.Append("ae"); break;
                case 'œ': sb.Append("oe"); break;
                case 'ø': sb.Append('o'); break;
                case 'ł': sb.Append('l'); break;
                case 'đ': sb.Append('d'); break;
                case 'ı': sb.Append('i'); break;
                case 'þ': sb.Append("th"); break;
                case var lower: sb.Append(lower); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Between two words of one name: only spaces (a line break too), hyphens or apostrophes, at most 3 characters.</summary>
    private static bool IsNameGap(string text, int from, int to)
    {
        if (to - from is < 1 or > 3) return false;
        for (var k = from; k < to; k++)
            if (!(char.IsWhiteSpace(text[k]) || text[k] is '-' or '\u2010' or '\u2011' or '\'' or '\u2019')) return false;
        return true;
    }

    internal void Find(string text, PiiGuard.Collector found)
    {
        if (_byFirstWord.Count == 0) return;
        var words = Tokenize(text).ToList();
        var i = 0;
        while (i < words.Count)
        {
            var matched = 0;
            if (_byFirstWord.TryGetValue(words[i].Folded, out var candidates))
            {
                foreach (var p in candidates)
                {
                    if (!Matches(text, words, i, p)) continue;
                    var first = words[i];
                    var lastWord = words[i + p.Words.Length - 1];
                    // A surname alone in lower case may be an ordinary word ("petit", "blanc"): report it, less sure.
                    // A capital that only starts a sentence is no sign of a name: "Autre lecture." matched the surname
                    // of "Otto Autre" with full confidence only because the sentence began with it.
                    var capitalised = false;
                    for (var k = 0; k < p.Words.Length; k++)
                        capitalised |= char.IsUpper(text[words[i + k].Start]) && (k > 0 || !p.SurnameOnly || IsAllCaps(text, words[i + k]) || !StartsSentence(text, words[i + k].Start));
                    var confidence = p.SurnameOnly && !capitalised ? PiiConfidence.Low : PiiConfidence.High;
                    var masked = Initial(text, first) + (p.SecondPart > 0 ? " " + Initial(text, words[i + p.SecondPart]) : "");
                    if (found.TryAdd(new PiiFinding(PiiKind.Name, first.Start, lastWord.End - first.Start, masked, confidence)))
                    {
                        matched = p.Words.Length;
                        break;
                    }
                }
            }
            i += Math.Max(matched, 1);
        }
    }

    private static bool IsAllCaps(string text, Word w)
    {
        if (w.End - w.Start < 2) return false;
        for (var k = w.Start; k < w.End; k++) if (char.IsLower(text[k])) return false;
        return true;
    }

    /// <summary>At the start of the text, of a line, after a sentence's end or a list bullet.</summary>
    private static bool StartsSentence(string text, int at)
    {
        var k = at - 1;
        while (k >= 0 && text[k] is ' ' or '\t' or '\u00A0' or '"' or '«' or '(' or '“' or '-' or '*' or '•') k--;
        if (k >= 0 && text[k] == '.')
        {
            // "M. Dupont", "Dr. Dupont", "J. Dupont": a dot after a short capitalised abbreviation does not end a sentence.
            var w = k;
            while (w > 0 && char.IsLetter(text[w - 1])) w--;
            if (k - w is >= 1 and <= 4 && char.IsUpper(text[w])) return false;
        }
        return k < 0 || text[k] is '.' or '!' or '?' or '\n' or '\r' or '…';
    }

    private static bool Matches(string text, List<Word> words, int at, NamePattern p)
    {
        if (at + p.Words.Length > words.Count) return false;
        for (var k = 1; k < p.Words.Length; k++)
        {
            if (!string.Equals(words[at + k].Folded, p.Words[k], StringComparison.Ordinal)) return false;
            if (!IsNameGap(text, words[at + k - 1].End, words[at + k].Start)) return false;
        }
        return true;
    }

    private static string Initial(string text, Word w) => char.ToUpperInvariant(text[w.Start]) + ".";
}
