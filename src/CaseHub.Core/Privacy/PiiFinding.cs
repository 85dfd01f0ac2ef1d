namespace CaseHub.Core.Privacy;

/// <summary>What kind of identifying data a finding is (données à caractère personnel).</summary>
public enum PiiKind
{
    /// <summary>Belgian national register number or BIS number (numéro de registre national, rijksregisternummer, NISS/INSZ).</summary>
    NationalNumber,
    Iban,
    Phone,
    Email,
    /// <summary>A name from the CaseHub directory (users, contacts).</summary>
    Name,
    /// <summary>A Belgian postal address: street and number, or postcode and commune.</summary>
    Address,
    /// <summary>A name written after a civil title ("Madame Dupont", "Dhr. Peeters"), in the directory or not.</summary>
    TitledName,
}

/// <summary>
/// How sure the guard is. <see cref="High"/>: the value validates (check digits, full name, address shape).
/// <see cref="Low"/>: it has the shape but not the proof, e.g. a formatted national number whose check digits are wrong
/// (most likely a typo in a real number, which still identifies the person) or a directory surname written in lower case
/// (it may be an ordinary word: "petit", "blanc").
/// </summary>
public enum PiiConfidence
{
    High,
    Low,
}

/// <summary>
/// One piece of identifying data in a text: where it is and a safe preview of it.
/// <paramref name="Masked"/> never contains the full value, so it can be shown in the UI or written to an audit log.
/// </summary>
public sealed record PiiFinding(PiiKind Kind, int Start, int Length, string Masked, PiiConfidence Confidence = PiiConfidence.High)
{
    public int End => Start + Length;

    /// <summary>Text key of the kind's short label ("National register number").</summary>
    public string LabelKey => "Privacy.Kind." + Kind;

    /// <summary>Text key of the sentence shown next to the highlighted text ("This looks like a national register number.").</summary>
    public string MessageKey => Confidence == PiiConfidence.Low && Kind is PiiKind.NationalNumber or PiiKind.Name
        ? "Privacy.Message." + Kind + ".Possible"
        : "Privacy.Message." + Kind;
}
