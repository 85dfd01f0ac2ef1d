using System.Collections.Frozen;
using System.Text;

namespace CaseHub.Core.Privacy;

/// <summary>
/// International bank account numbers (ISO 13616): country code, two check digits, then a national part whose
/// length is fixed per country. Valid when the rearranged number mod 97 is 1.
/// </summary>
public static class Iban
{
    /// <summary>Total IBAN length per country (SWIFT IBAN registry): all SEPA countries and the other common ones.</summary>
    public static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        // SEPA
        ["AD"] = 24, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22,
        ["DK"] = 18, ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GI"] = 23, ["GR"] = 27,
        ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IS"] = 26, ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20,
        ["LV"] = 21, ["MC"] = 27, ["MT"] = 31, ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24,
        ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["VA"] = 22, ["AL"] = 28, ["MD"] = 24, ["ME"] = 22,
        ["MK"] = 19, ["RS"] = 22,
        // Other countries of the registry
        ["AE"] = 23, ["AZ"] = 28, ["BA"] = 20, ["BH"] = 22, ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CR"] = 22,
        ["DJ"] = 27, ["DO"] = 28, ["EG"] = 29, ["FO"] = 18, ["GE"] = 22, ["GL"] = 18, ["GT"] = 28, ["IL"] = 23,
        ["IQ"] = 23, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LC"] = 32, ["LY"] = 25, ["MR"] = 27,
        ["MU"] = 30, ["PK"] = 24, ["PS"] = 29, ["QA"] = 29, ["SA"] = 24, ["SC"] = 31, ["SD"] = 18, ["ST"] = 25,
        ["SV"] = 28, ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VG"] = 24, ["XK"] = 20,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the value (spaces allowed, any case) is a valid IBAN of a known country.</summary>
    public static bool IsValid(string value)
    {
        var compact = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c)) compact.Append(char.ToUpperInvariant(c));
            else if (!DigitRuns.IsSpace(c)) return false;
        }
        var s = compact.ToString();
        return s.Length >= 4 && Lengths.TryGetValue(s[..2], out var len) && s.Length == len
               && char.IsAsciiLetter(s[0]) && char.IsAsciiLetter(s[1]) && char.IsAsciiDigit(s[2]) && char.IsAsciiDigit(s[3])
               && Mod97(s) == 1;
    }

    /// <summary>ISO 7064 mod 97-10 over the number with its first four characters moved to the end, letters as 10..35.</summary>
    internal static int Mod97(ReadOnlySpan<char> iban)
    {
        var r = 0;
        for (var k = 0; k < iban.Length; k++)
        {
            var c = iban[(k + 4) % iban.Length];
            r = char.IsAsciiDigit(c) ? (r * 10 + (c - '0')) % 97 : (r * 100 + (char.ToUpperInvariant(c) - 'A' + 10)) % 97;
        }
        return r;
    }

    /// <summary>Safe preview: country, check digits and the last two characters ("BE71 **** **** **69").</summary>
    internal static string Mask(ReadOnlySpan<char> compact)
    {
        var sb = new StringBuilder(compact.Length + compact.Length / 4);
        for (var k = 0; k < compact.Length; k++)
        {
            if (k > 0 && k % 4 == 0) sb.Append(' ');
            sb.Append(k < 4 || k >= compact.Length - 2 ? compact[k] : '*');
        }
        return sb.ToString();
    }

    internal static void Find(string text, PiiGuard.Collector found)
    {
        Span<char> compact = stackalloc char[34];
        for (var i = 0; i + 4 <= text.Length; i++)
        {
            if (!char.IsAsciiLetter(text[i]) || !char.IsAsciiLetter(text[i + 1])
                || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3])) continue;
            if (i > 0 && char.IsLetterOrDigit(text[i - 1])) continue;
            if (!Lengths.TryGetValue(text.Substring(i, 2), out var length)) continue;

            // Take exactly the country's length in letters and digits, allowing one space or dash between them.
            var n = 0;
            var j = i;
            while (n < length && j < text.Length)
            {
                var c = text[j];
                if (char.IsAsciiLetterOrDigit(c)) { compact[n++] = char.ToUpperInvariant(c); j++; continue; }
                if (n >= 4 && (DigitRuns.IsSpace(c) || c == '-') && j + 1 < text.Length && char.IsAsciiLetterOrDigit(text[j + 1])) { j++; continue; }
                break;
            }
            if (n < length) continue;
            // "BE71 0961 2345 67690" is not this IBAN: the last block must end where the number ends.
            if (j < text.Length && char.IsLetterOrDigit(text[j])) continue;
            var iban = compact[..n];
            if (Mod97(iban) != 1) continue;
            found.TryAdd(new PiiFinding(PiiKind.Iban, i, j - i, Mask(iban)));
        }
    }
}
