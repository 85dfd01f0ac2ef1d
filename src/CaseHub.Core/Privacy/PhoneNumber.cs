using System.Globalization;

namespace CaseHub.Core.Privacy;

/// <summary>
/// Belgian phone numbers (+32, 0032 or 0 prefix): mobiles 04[6-9]x xx xx xx (9 national digits) and landlines
/// 0Z xxx xx xx / 0ZZ xx xx xx (8 national digits), with spaces, dots, slashes, dashes or "(0)" between groups.
/// Also international numbers written with "+" and another country code (9 to 15 digits).
/// </summary>
/// <remarks>
/// Not reported: numbers without a prefix, dates ("01/02/2026"), amounts, case codes ("C-2026-014"), and the
/// non-personal service numbers 070, 078, 0800, 090x (they reach an organisation, not a person).
/// </remarks>
internal static class PhoneNumber
{
    internal static void Find(string text, PiiGuard.Collector found)
    {
        Span<DigitGroup> groups = stackalloc DigitGroup[DigitRuns.MaxGroups];
        Span<char> d = stackalloc char[DigitRuns.MaxGroups * 4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var plus = c == '+';
            if (!(plus || c == '0') || !DigitRuns.StartsToken(text, i) || FollowsDigits(text, i)) continue;
            // "+++123/4567/89012+++" and "***…***" are structured payment references, not phone numbers.
            if (i > 0 && text[i - 1] is '+' or '*') continue;
            var firstDigit = plus ? i + 1 : i;
            if (firstDigit >= text.Length || !DigitRuns.IsDigit(text[firstDigit])) continue;

            var count = DigitRuns.Read(text, firstDigit, groups, allowParens: true);
            // A phone number is short: only the groups that fit in the buffer matter (a 200-digit run is not one).
            var used = 0;
            for (var sum = 0; used < count && sum + groups[used].Length <= d.Length; used++) sum += groups[used].Length;
            if (used == 0) continue;
            var g = groups[..count];
            DigitRuns.AppendDigits(text, g, used - 1, d, out var total);
            var digits = d[..total];

            int prefix; // digits before the national number (country code, 00, trunk 0)
            if (plus && digits.StartsWith("32")) prefix = 2;
            else if (!plus && digits.StartsWith("0032")) prefix = 4;
            else if (plus)
            {
                if (used == count) TryForeign(text, found, i, g, digits);
                continue;
            }
            else if (digits.StartsWith("00")) continue; // other international form: too ambiguous without "+"
            else prefix = 1;

            // "+32 (0)2 …" or "+32 0471 …": the trunk zero after the country code is written but not dialled.
            if (prefix != 1 && digits.Length > prefix && digits[prefix] == '0') prefix++;
            if (digits.Length <= prefix + 1) continue;
            var national = digits[prefix..];
            var mobile = national[0] == '4' && national[1] is >= '6' and <= '9';
            var expected = mobile ? 9 : 8;
            if (national.Length < expected || national[0] == '0' || IsServiceNumber(national)) continue;

            var last = DigitRuns.GroupEndingAt(g, prefix + expected);
            if (last < 0 || !DigitRuns.EndsCleanly(text, g, last)) continue;
            if (!plus && prefix == 1 && StartsLikeDate(text, g)) continue;

            var keep = prefix + (mobile ? 3 : national[0] is '2' or '3' or '4' or '9' ? 1 : 2);
            // "(02) 123 45 67": the opening parenthesis belongs to the number, like the closing one.
            var start = !plus && i > 0 && text[i - 1] == '(' && last > 0 && text.AsSpan(g[0].End, g[1].Start - g[0].End).Contains(')') ? i - 1 : i;
            found.TryAdd(new PiiFinding(PiiKind.Phone, start, g[last].End - start, Mask(text, start, g[last].End, keep)));
        }
    }

    private static void TryForeign(string text, PiiGuard.Collector found, int start, ReadOnlySpan<DigitGroup> g, ReadOnlySpan<char> digits)
    {
        // E.164: at most 15 digits; fewer than 9 is more likely "+15 %" or a score than a phone number.
        if (digits.Length is < 9 or > 15 || digits[0] == '0') return;
        var last = g.Length - 1;
        if (!DigitRuns.EndsCleanly(text, g, last)) return;
        if (g[last].End < text.Length && text[g[last].End] is '+' or '*') return;
        found.TryAdd(new PiiFinding(PiiKind.Phone, start, g[last].End - start, Mask(text, start, g[last].End, 2)));
    }

    /// <summary>
    /// A phone number does not start in the middle of a row of space-separated digits: in "85 07 30 033 29"
    /// the tail "07 30 033 29" is not a phone number.
    /// </summary>
    private static bool FollowsDigits(string text, int i)
    {
        for (var k = i - 1; k >= 0 && k >= i - 3; k--)
        {
            if (DigitRuns.IsDigit(text[k])) return true;
            if (!DigitRuns.IsSpace(text[k])) return false;
        }
        return false;
    }

    private static bool IsServiceNumber(ReadOnlySpan<char> national)
        => national.StartsWith("70") || national.StartsWith("78") || national.StartsWith("800") || national.StartsWith("90");

    /// <summary>"01/02/2026 1", "03.04.25 …": day, month, year with the same dot, slash or dash is a date, not a phone.</summary>
    private static bool StartsLikeDate(string text, ReadOnlySpan<DigitGroup> g)
    {
        if (g.Length < 3 || g[0].Length > 2 || g[1].Length > 2 || g[2].Length is not (2 or 4)) return false;
        var sep1 = text.AsSpan(g[0].End, g[1].Start - g[0].End).Trim();
        var sep2 = text.AsSpan(g[1].End, g[2].Start - g[1].End).Trim();
        if (sep1.Length != 1 || !sep1.SequenceEqual(sep2) || sep1[0] is not ('/' or '.' or '-')) return false;
        var day = int.Parse(text.AsSpan(g[0].Start, g[0].Length), CultureInfo.InvariantCulture);
        var month = int.Parse(text.AsSpan(g[1].Start, g[1].Length), CultureInfo.InvariantCulture);
        return day is >= 1 and <= 31 && month is >= 1 and <= 12;
    }

    /// <summary>Keeps the layout, the first <paramref name="keepDigits"/> digits (prefix and zone) and the last two.</summary>
    private static string Mask(string text, int start, int end, int keepDigits)
    {
        var totalDigits = 0;
        for (var k = start; k < end; k++) if (DigitRuns.IsDigit(text[k])) totalDigits++;
        var chars = text.ToCharArray(start, end - start);
        var n = 0;
        for (var k = 0; k < chars.Length; k++)
        {
            if (!DigitRuns.IsDigit(chars[k])) continue;
            if (n >= keepDigits && n < totalDigits - 2) chars[k] = '*';
            n++;
        }
        return new string(chars);
    }
}
