using System.Globalization;

namespace CaseHub.Core.Privacy;

/// <summary>
/// Belgian national register number (numéro de registre national / rijksregisternummer, NISS/INSZ) and BIS number:
/// YYMMDD SSS CC. CC = 97 - (YYMMDDSSS mod 97), or for people born from 2000 on 97 - (2YYMMDDSSS mod 97).
/// BIS numbers add 20 or 40 to the month and use the same check.
/// </summary>
/// <remarks>
/// Policy for numbers whose check digits are wrong: a plain run of 11 digits is not reported (it is more often a
/// reference or an account number than a register number). A number typed in the register layout
/// (at least two separators at the usual places: "85.07.30-033.29", "850730-033-29", "85 07 30 033 29") with a
/// plausible birth date is reported with <see cref="PiiConfidence.Low"/>: it is most likely a real number with a typo,
/// which still points to one person.
/// </remarks>
public static class NationalNumber
{
    /// <summary>Separators may only sit after the 2nd, 4th, 6th or 9th digit (YY MM DD SSS CC).</summary>
    private static bool IsAllowedSplit(int digitsSoFar) => digitsSoFar is 2 or 4 or 6 or 9;

    /// <summary>True when the 11 digits (separators ignored) form a valid national register or BIS number.</summary>
    public static bool IsValid(string value)
    {
        Span<char> d = stackalloc char[11];
        var n = 0;
        foreach (var c in value)
        {
            if (DigitRuns.IsDigit(c))
            {
                if (n == 11) return false;
                d[n++] = c;
            }
            else if (!(DigitRuns.IsSpace(c) || DigitRuns.IsGlue(c))) return false;
        }
        return n == 11 && HasPlausibleParts(d) && CheckDigitsMatch(d);
    }

    internal static bool CheckDigitsMatch(ReadOnlySpan<char> d)
    {
        var first9 = long.Parse(d[..9], CultureInfo.InvariantCulture);
        var check = int.Parse(d[9..11], CultureInfo.InvariantCulture);
        return check == 97 - (int)(first9 % 97) || check == 97 - (int)((2_000_000_000L + first9) % 97);
    }

    /// <summary>
    /// Month 0-12 (0 when the birth date is unknown), or +20 / +40 for BIS numbers; day 0-31.
    /// Cuts the ~1/97 of random 11-digit numbers that happen to have matching check digits.
    /// </summary>
    internal static bool HasPlausibleParts(ReadOnlySpan<char> d)
    {
        var month = (d[2] - '0') * 10 + (d[3] - '0');
        var day = (d[4] - '0') * 10 + (d[5] - '0');
        var serial = (d[6] - '0') * 100 + (d[7] - '0') * 10 + (d[8] - '0');
        var monthOk = month is <= 12 or (>= 20 and <= 32) or (>= 40 and <= 52);
        return monthOk && day <= 31 && serial is >= 1 and <= 998;
    }

    /// <summary>Safe preview: only the birth year stays ("85.**.**-***-**"); a full birth date plus context could identify someone.</summary>
    internal static string Mask(ReadOnlySpan<char> d) => $"{d[..2]}.**.**-***-**";

    internal static void Find(string text, PiiGuard.Collector found, bool highConfidence)
    {
        Span<DigitGroup> groups = stackalloc DigitGroup[DigitRuns.MaxGroups];
        Span<char> d = stackalloc char[11];
        for (var i = 0; i < text.Length; i++)
        {
            if (!DigitRuns.IsDigit(text[i]) || !DigitRuns.StartsToken(text, i)) continue;
            var count = DigitRuns.Read(text, i, groups, allowParens: false);
            var g = groups[..count];
            var last = DigitRuns.GroupEndingAt(g, 11);
            if (last < 0 || !DigitRuns.EndsCleanly(text, g, last)) continue;

            var digits = 0;
            var splitsOk = true;
            for (var k = 0; k < last; k++)
            {
                digits += g[k].Length;
                splitsOk &= IsAllowedSplit(digits);
            }
            if (!splitsOk) continue;

            DigitRuns.AppendDigits(text, g, last, d, out _);
            if (!HasPlausibleParts(d)) continue;
            var valid = CheckDigitsMatch(d);
            // Low confidence needs the register layout: at least two separators, all at register positions.
            var formatted = last >= 2;
            if (highConfidence ? !valid : valid || !formatted) continue;

            found.TryAdd(new PiiFinding(PiiKind.NationalNumber, i, g[last].End - i, Mask(d),
                valid ? PiiConfidence.High : PiiConfidence.Low));
        }
    }
}
