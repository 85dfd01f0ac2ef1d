namespace CaseHub.Core.Privacy;

/// <summary>A run of ASCII digits in the text (no separators inside).</summary>
internal readonly record struct DigitGroup(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Reads numbers the way people type them: groups of digits joined by short separators
/// ("85.07.30-033.28", "0471 / 23 45 67", "+32 (0)2 123 45 67"). Detectors then decide where a number ends.
/// </summary>
internal static class DigitRuns
{
    public const int MaxGroups = 16;

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    /// <summary>Spaces people put inside numbers, including the non-breaking ones word processors insert.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2009' or '\u2007';

    /// <summary>Separators that glue groups of one number together.</summary>
    public static bool IsGlue(char c) => c is '.' or '-' or '/' or '\u2010' or '\u2011' or '\u2012' or '\u2013';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    /// <summary>
    /// True when a number may start at <paramref name="i"/>: not inside a word or a longer number,
    /// so "C-2026-014" or "dossier 2026/0471" do not yield a number starting at "014" or "0471".
    /// </summary>
    public static bool StartsToken(string text, int i)
    {
        if (i == 0) return true;
        var prev = text[i - 1];
        if (IsWordChar(prev)) return false;
        if (IsGlue(prev) && i >= 2 && IsWordChar(text[i - 2])) return false;
        return true;
    }

    /// <summary>
    /// Reads digit groups from <paramref name="start"/> (which must be a digit). A gap between groups is at most
    /// three characters: spaces, at most one glue character and, when <paramref name="allowParens"/>, one parenthesis.
    /// </summary>
    public static int Read(string text, int start, Span<DigitGroup> groups, bool allowParens)
    {
        var count = 0;
        var i = start;
        while (count < groups.Length && i < text.Length && IsDigit(text[i]))
        {
            var g = i;
            while (i < text.Length && IsDigit(text[i])) i++;
            groups[count++] = new DigitGroup(g, i - g);

            // Look at the gap: if a digit follows a short, plausible separator, the number continues.
            int j = i, glue = 0, parens = 0;
            while (j < text.Length && j - i < 3)
            {
                var c = text[j];
                if (IsSpace(c)) { j++; continue; }
                if (IsGlue(c) && glue == 0) { glue++; j++; continue; }
                if (allowParens && c is '(' or ')' && parens == 0) { parens++; j++; continue; }
                break;
            }
            if (j == i || j >= text.Length || !IsDigit(text[j])) break;
            i = j;
        }
        return count;
    }

    /// <summary>Whether the characters between two groups are only spaces (a weaker link than a dot or a dash).</summary>
    public static bool GapIsOnlySpaces(string text, DigitGroup left, DigitGroup right)
    {
        for (var k = left.End; k < right.Start; k++)
            if (!IsSpace(text[k])) return false;
        return true;
    }

    /// <summary>
    /// The index of the group where the first <paramref name="digits"/> digits end exactly, or -1 when that count
    /// falls inside a group (the number would be cut in the middle of a block of digits).
    /// </summary>
    public static int GroupEndingAt(ReadOnlySpan<DigitGroup> groups, int digits)
    {
        var sum = 0;
        for (var k = 0; k < groups.Length; k++)
        {
            sum += groups[k].Length;
            if (sum == digits) return k;
            if (sum > digits) return -1;
        }
        return -1;
    }

    /// <summary>
    /// True when a number made of <c>groups[0..=last]</c> ends cleanly: no letter glued to it, and the next group
    /// (if any) is only separated by spaces. A dot or dash before more digits means the number goes on.
    /// </summary>
    public static bool EndsCleanly(string text, ReadOnlySpan<DigitGroup> groups, int last)
    {
        var end = groups[last].End;
        if (end < text.Length && IsWordChar(text[end])) return false;
        return last == groups.Length - 1 || GapIsOnlySpaces(text, groups[last], groups[last + 1]);
    }

    public static void AppendDigits(string text, ReadOnlySpan<DigitGroup> groups, int last, Span<char> into, out int written)
    {
        written = 0;
        for (var k = 0; k <= last; k++)
        {
            text.AsSpan(groups[k].Start, groups[k].Length).CopyTo(into[written..]);
            written += groups[k].Length;
        }
    }
}
