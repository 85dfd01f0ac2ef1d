using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace CaseHub.Core.Privacy;

/// <summary>
/// A person's name written after a civil title (civilité, aanspreektitel), whether or not the person is in the
/// directory: "Madame Dupont", "M. Jean-Pierre Van den Berghe", "Mevr. De Smet", "Dhr. Peeters".
/// </summary>
/// <remarks>
/// The name is one to three capitalised words (or all capitals), with particles between them (de, van, van der, d'…).
/// Not reported: a title followed by a lower-case word ("Monsieur a dit"), by a function ("Monsieur le Président",
/// "Madame la Juge", "Mevrouw de Voorzitter", "Madame Présidente") or by a one-letter pseudonym ("Madame X",
/// "M. D." — which is also the masked form, so a masked text is clean).
/// </remarks>
internal static partial class CivilTitleName
{
    // A function after a title is a role, not a person ("Monsieur le Président", "Mevrouw de Voorzitter").
    private static readonly FrozenSet<string> Functions = FrozenSet.Create(StringComparer.Ordinal,
        "president", "presidente", "ministre", "juge", "directeur", "directrice", "conseiller", "conseillere", "bourgmestre",
        "echevin", "echevine", "secretaire", "docteur", "professeur", "maitre", "procureur", "commissaire", "greffier",
        "greffiere", "gouverneur", "depute", "deputee", "senateur", "recteur", "rectrice", "doyen", "mediateur", "mediatrice",
        "voorzitter", "voorzitster", "minister", "rechter", "burgemeester", "schepen", "secretaris", "dokter", "professor",
        "gouverneur", "directrice", "procureur", "griffier", "ombudsman", "ombudsvrouw", "gedeputeerde", "senator",
        "x", "y", "z", "xx", "xxx", "n", "nn");

    [GeneratedRegex(
        @"(?<![\p{L}\p{N}])(?<title>Madame|Mademoiselle|Monsieur|Mme|Mlle|Mevrouw|Mejuffrouw|Meneer|Mijnheer|Mevr\.?|Dhr\.?|M\.|Mr\.?|Mrs\.?|Ms\.?)" +
        @"[ \u00A0]+(?<name>(?:(?:[Dd]e|[Dd]u|[Dd]es|[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Dd]'|[Dd]’|[Ll]e|[Ll]a)[ \u00A0]*)*" +
        @"\p{Lu}[\p{L}\p{M}]+(?:[-'’]\p{L}[\p{L}\p{M}]*)*" +
        @"(?:[ \u00A0]+(?:(?:[Dd]e|[Dd]u|[Dd]es|[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Dd]'|[Dd]’)[ \u00A0]*)*\p{Lu}[\p{L}\p{M}]+(?:[-'’]\p{L}[\p{L}\p{M}]*)*){0,2})" +
        @"(?![\p{L}\p{N}])",
        RegexOptions.CultureInvariant)]
    private static partial Regex TitledName();

    private static readonly string[] Particles = ["de", "du", "des", "van", "von", "der", "den", "ter", "ten", "le", "la"];

    internal static void Find(string text, PiiGuard.Collector found)
    {
        foreach (Match m in TitledName().Matches(text))
        {
            var name = m.Groups["name"];
            var words = NameWords(name.Value);
            if (words.Count == 0) continue;
            // "Monsieur le Président": le/la right after the title introduces a function in French.
            var first = KnownNames.Fold(name.Value.Split([' ', '\u00A0'], StringSplitOptions.RemoveEmptyEntries)[0]);
            if (first is "le" or "la") continue;
            if (Functions.Contains(KnownNames.Fold(words[0]))) continue;
            // The title stays, the name becomes its initials: "Madame Dupont" → "Madame D." (a one-letter name is not reported).
            var masked = string.Join(' ', words.Select(w => char.ToUpperInvariant(w[0]) + "."));
            found.TryAdd(new PiiFinding(PiiKind.TitledName, name.Index, name.Length, masked));
        }
    }

    /// <summary>The capitalised words of the name, without particles.</summary>
    private static List<string> NameWords(string name)
    {
        var words = new List<string>();
        foreach (var raw in name.Split([' ', '\u00A0', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            var w = raw.TrimEnd('\'', '’');
            if (w.Length == 0 || Particles.Contains(KnownNames.Fold(w)) || w is "d" or "D" or "d’" or "D’") continue;
            words.Add(w);
        }
        return words;
    }
}
