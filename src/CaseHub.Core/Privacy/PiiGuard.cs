using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CaseHub.Core.Privacy;

/// <summary>
/// Finds data that identifies a person in a case text (national register numbers, IBANs, phone numbers,
/// e-mail addresses, postal addresses, names from the directory or after a civil title) before the text is saved or used. Cases in CaseHub are pseudonymised:
/// every feature that stores free text asks this guard first. Stateless and thread-safe (a singleton).
/// </summary>
/// <remarks>
/// Detectors run from the most to the least certain: e-mail, IBAN, valid national number, phone,
/// national number with wrong check digits, addresses, names from the directory, names after a civil title. A span taken by one is not reported again by another, so a national
/// number is never also a phone number. Findings come back ordered by <see cref="PiiFinding.Start"/> and never overlap.
/// </remarks>
public sealed class PiiGuard
{
    /// <summary>Scans a text. <paramref name="knownNames"/> are display names of users and contacts of the directory.</summary>
    /// <remarks>For repeated scans against the same directory, build a <see cref="KnownNames"/> once and use the other overload.</remarks>
    public IReadOnlyList<PiiFinding> Scan(string text, IReadOnlyCollection<string>? knownNames = null)
        => Scan(text, knownNames is null || knownNames.Count == 0 ? KnownNames.Empty : KnownNames.From(knownNames));

    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Part of the injected guard's API: both Scan overloads are called on the instance; stateless by design")]
    public IReadOnlyList<PiiFinding> Scan(string text, KnownNames knownNames)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(knownNames);
        if (text.Length == 0) return [];

        var found = new Collector(text.Length);
        EmailAddress.Find(text, found);
        Iban.Find(text, found);
        NationalNumber.Find(text, found, highConfidence: true);
        PhoneNumber.Find(text, found);
        NationalNumber.Find(text, found, highConfidence: false);
        StreetAddress.Find(text, found);
        knownNames.Find(text, found);
        CivilTitleName.Find(text, found);
        return found.Ordered();
    }

    /// <summary>
    /// The text with each finding replaced by its masked form (the "replace all" choice of an author).
    /// Findings must come from a scan of this same text.
    /// </summary>
    public static string Mask(string text, IEnumerable<PiiFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(findings);
        var sb = new StringBuilder(text.Length);
        var pos = 0;
        foreach (var f in findings.OrderBy(f => f.Start))
        {
            if (f.Start < 0 || f.Length <= 0 || f.End > text.Length)
                throw new ArgumentOutOfRangeException(nameof(findings), "A finding lies outside the text: it comes from another text.");
            if (f.Start < pos)
                throw new ArgumentException("Findings overlap: they do not come from one scan of this text.", nameof(findings));
            sb.Append(text, pos, f.Start - pos).Append(f.Masked);
            pos = f.End;
        }
        return sb.Append(text, pos, text.Length - pos).ToString();
    }

    /// <summary>Keeps findings, refusing any that overlaps one already kept (earlier detectors win).</summary>
    internal sealed class Collector(int textLength)
    {
        private readonly bool[] _taken = new bool[textLength];
        private readonly List<PiiFinding> _findings = [];

        public bool TryAdd(PiiFinding finding)
        {
            for (var k = finding.Start; k < finding.End; k++)
                if (_taken[k]) return false;
            Array.Fill(_taken, true, finding.Start, finding.Length);
            _findings.Add(finding);
            return true;
        }

        public IReadOnlyList<PiiFinding> Ordered() => [.. _findings.OrderBy(f => f.Start)];
    }
}
