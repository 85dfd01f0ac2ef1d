namespace CaseHub.Core.Privacy;

/// <summary>E-mail addresses: found from each "@", then widened to the local part and the dotted domain around it.</summary>
internal static class EmailAddress
{
    private static bool IsLocalChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-' or '\'';
    private static bool IsDomainChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '-';

    internal static void Find(string text, PiiGuard.Collector found)
    {
        for (var at = text.IndexOf('@'); at >= 0; at = at + 1 < text.Length ? text.IndexOf('@', at + 1) : -1)
        {
            var start = at;
            while (start > 0 && IsLocalChar(text[start - 1])) start--;
            // A quote or dot can open a sentence ("'marie@…" or "….marie@"), not an address.
            while (start < at && text[start] is '.' or '\'') start++;
            if (start == at) continue;

            var end = at + 1;
            while (end < text.Length && IsDomainChar(text[end])) end++;
            // The full stop ending a sentence is not part of the domain.
            while (end > at + 1 && text[end - 1] is '.' or '-') end--;
            if (!IsDomain(text.AsSpan(at + 1, end - at - 1))) continue;

            found.TryAdd(new PiiFinding(PiiKind.Email, start, end - start, $"{text[start]}***@{text[(at + 1)..end]}"));
        }
    }

    /// <summary>At least two non-empty labels and a top-level domain of two or more letters.</summary>
    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        var lastDot = domain.LastIndexOf('.');
        if (lastDot <= 0 || domain.Length - lastDot - 1 < 2 || domain.Contains("..", StringComparison.Ordinal)) return false;
        foreach (var c in domain[(lastDot + 1)..])
            if (!char.IsLetter(c)) return false;
        return true;
    }
}
