using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace CaseHub.Core.Privacy;

/// <summary>
/// Belgian postal addresses: a street with its number ("rue de la Loi 16", "16, avenue Louise", "Wetstraat 16",
/// "Brusselsesteenweg 12 bus 3"), optionally followed by postcode and commune, or a postcode with its commune alone
/// ("1000 Bruxelles", "1030 Schaerbeek", "9000 Gent").
/// </summary>
/// <remarks>
/// A French street needs its street word (rue, avenue, chaussée, boulevard, place…) followed by a capitalised name
/// before the number; a Dutch one is one capitalised word ending in straat, laan, steenweg, plein… (at least two letters
/// before the ending), or the ending as a separate word after a name ("Koning Albert laan"). A postcode is four digits
/// (1000–9999) followed by a capitalised commune. Not reported: "3 mois", "1500 euros", "2026 année", "article 60",
/// "la place 2", "En 2026 Marie a…" (a year followed by a word that goes on as a sentence).
/// </remarks>
internal static partial class StreetAddress
{
    private const string Name = @"(?:\p{Lu}[\p{L}\p{M}'’.-]*|(?:de|du|des|d'|d’|la|le|les|l'|l’|aux|au|van|der|den|ter|ten|sur)(?=[\s\p{Lu}]))";
    private const string Number = @"\d{1,4}(?:[ ]?[a-zA-Z](?![\p{L}]))?(?:[ ]?(?:/|bte\.?|boîte|bus)[ ]?\d{1,4}[a-zA-Z]?)?";
    private const string Commune = @"\p{Lu}[\p{L}\p{M}]{2,}(?:[- ](?:\p{Lu}[\p{L}\p{M}]*|sur|lez|aan|op|de|la|le)){0,4}";
    private const string StreetWord = @"(?:[Rr]ue|[Aa]venue|[Aa]v\.|[Cc]haussée|[Cc]hée|[Bb]oulevard|[Bb]d|[Pp]lace|[Ss]quare|[Aa]llée|[Qq]uai|[Cc]los|[Ii]mpasse|[Dd]rève|[Cc]hemin|[Rr]oute|[Ss]entier|[Gg]alerie|[Pp]arvis|[Rr]ond-[Pp]oint|[Pp]assage|[Rr]uelle|[Vv]enelle|[Cc]ité)";
    private const string DutchEnding = @"(?:straat|laan|steenweg|plein|dreef|lei|kaai|weg|dijk|gracht|singel|vest|wegel|dries)";

    [GeneratedRegex(
        @"(?<![\p{L}\p{N}])(?:" +
            // French: "rue de la Loi 16", "avenue Louise, 54"; and "16, rue de la Loi" / "16 rue de la Loi"
            @"(?:(?:" + Number + @",?[ \u00A0]+)?" + StreetWord + @"[ \u00A0]+(?:" + Name + @"[ \u00A0]*){1,6}?,?[ \u00A0]*" + Number + ")" +
            @"|(?:" + Number + @",?[ \u00A0]+" + StreetWord + @"[ \u00A0]+(?:" + Name + @"[ \u00A0]*){0,5}\p{Lu}[\p{L}\p{M}'’-]+)" +
            // Dutch: "Wetstraat 16", "Koning Albertlaan 5 bus 2", "Sint-Jansplein 3"
            @"|(?:(?:\p{Lu}[\p{L}\p{M}-]*[ \u00A0]){0,2}\p{Lu}[\p{L}\p{M}-]{1,}" + DutchEnding + @"[ \u00A0]*,?[ \u00A0]*" + Number + ")" +
        @")(?<tail>,?[ \u00A0]+[1-9]\d{3}[ \u00A0]+" + Commune + @")?(?![\p{L}\p{N}])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Street();

    [GeneratedRegex(@"(?<![\p{L}\p{N}€$.,/:-])(?<code>[1-9]\d{3})[ \u00A0]+(?<commune>" + Commune + @")(?![\p{L}\p{N}])(?<after>\s*[\p{L}\p{N}]?)", RegexOptions.CultureInvariant)]
    private static partial Regex Postcode();

    // Capitalised words that follow a number without being a commune ("1500 Euros", "2026 Janvier", "12 Mois").
    private static readonly FrozenSet<string> NotCommunes = FrozenSet.Create(StringComparer.Ordinal,
        "euro", "euros", "eur", "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
        "novembre", "decembre", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "oktober",
        "december", "jours", "mois", "ans", "annee", "annees", "dagen", "maanden", "jaar", "jaren", "personnes", "personen",
        "les", "des", "une", "dans", "pour", "cette", "ces", "het", "een", "deze", "die", "the", "and", "nous", "elle", "ils",
        "elles", "art", "article", "artikel", "page", "pagina", "heures", "uur", "minutes", "minuten", "cpas", "ocmw");

    internal static void Find(string text, PiiGuard.Collector found)
    {
        foreach (Match m in Street().Matches(text))
        {
            var tail = m.Groups["tail"];
            found.TryAdd(new PiiFinding(PiiKind.Address, m.Index, m.Length, MaskStreet(m.Value[..(m.Length - tail.Length)]) + (tail.Success ? MaskPostcode(tail.Value) : "")));
        }

        foreach (Match m in Postcode().Matches(text))
        {
            var commune = m.Groups["commune"].Value;
            if (NotCommunes.Contains(KnownNames.Fold(commune.Split([' ', '-'])[0]))) continue;
            // A year before a capitalised word may start a sentence ("En 2026 Marie a…"): a year-like code counts only
            // when the commune ends the phrase (end of line, punctuation), as in an address.
            var code = int.Parse(m.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (code is >= 1900 and <= 2099 && m.Groups["after"].Value.Trim().Length > 0 && !m.Groups["after"].Value.Contains('\n', StringComparison.Ordinal)) continue;
            var length = m.Groups["commune"].Index + commune.Length - m.Index;
            found.TryAdd(new PiiFinding(PiiKind.Address, m.Index, length, MaskPostcode(m.Value[..length])));
        }
    }

    /// <summary>"rue de la Loi 16" → "rue ***"; "Wetstraat 16" → "***straat ***"; "16, rue X" → "***, rue ***".</summary>
    private static string MaskStreet(string street)
    {
        var word = StreetWordOf().Match(street);
        if (word.Success) return (char.IsDigit(street[0]) ? "***, " : "") + word.Value + " ***";
        var ending = DutchEndingOf().Match(street);
        return "***" + (ending.Success ? ending.Groups[1].Value : "") + " ***";
    }

    /// <summary>"1000 Bruxelles" → "1*** Bruxelles": the commune alone does not point to a person.</summary>
    private static string MaskPostcode(string tail)
    {
        var t = tail.TrimStart(',', ' ', '\u00A0');
        var prefix = tail.Length > t.Length ? ", " : "";
        var space = t.IndexOfAny([' ', '\u00A0']);
        return prefix + t[0] + "***" + t[space..].TrimEnd();
    }

    [GeneratedRegex(@"(?<![\p{L}])" + StreetWord + @"(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex StreetWordOf();

    [GeneratedRegex(@"\p{L}" + "(" + DutchEnding + @")(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex DutchEndingOf();
}
