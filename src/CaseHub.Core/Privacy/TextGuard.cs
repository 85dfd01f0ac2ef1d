using CaseHub.Core.Common;
using CaseHub.Core.Data;

namespace CaseHub.Core.Privacy;

/// <summary>A finding the author keeps on purpose, with the reason ("not a person: it is a street name").</summary>
/// <remarks>Recognised by field, kind and masked preview: the preview is the guard's safe form, never the full value.</remarks>
public sealed record KeptFinding(string Field, PiiKind Kind, string Masked, string? Reason);

/// <summary>The unresolved findings of one field, with the text they were found in (to show them in place).</summary>
public sealed record FieldFindings(string Field, string Text, IReadOnlyList<PiiFinding> Findings);

/// <summary>
/// What the author of the current request chose for the guard's findings: keep some with a reason, or mask all.
/// Scoped: the web layer fills it from the posted form (or from the hub connection) before the feature runs.
/// </summary>
public sealed class PiiChoices
{
    public const int ReasonMaxLength = 300;
    public bool MaskAll { get; set; }
    public List<KeptFinding> Kept { get; } = [];
}

/// <summary>
/// The one identifying-data check every feature calls before it stores free text: all fields of a form at once, every
/// finding reported together (never one per submit). A finding is resolved when the author keeps it with a reason
/// (audited, the reason itself must be clean) or chose "mask all" (the text comes back with the masked previews).
/// Unresolved findings refuse the whole change with <see cref="DomainException.PiiFindings"/>: nothing is stored.
/// </summary>
public sealed class TextGuard(PiiGuard guard, PiiChoices choices, CaseHubDbContext db, Audit.AuditLog audit)
{
    /// <summary>
    /// Returns each field's text to store (masked when the author chose "mask all"), in the order given. Throws
    /// "Privacy.Error.Found" listing every unresolved finding of every field. With <paramref name="confirmPossible"/>,
    /// low-confidence findings (a surname that may be an ordinary word) do not block.
    /// </summary>
    public string[] Check(KnownNames names, bool confirmPossible, Guid? actorId, params (string Field, string? Text)[] fields)
        => Check(names, confirmPossible, actorId, null, fields);

    /// <param name="scanView">What of each text the guard reads, character for character in place (e.g. a thread
    /// message with its @mentions blanked out: members' names written as mentions are not data about the person).</param>
    public string[] Check(KnownNames names, bool confirmPossible, Guid? actorId, Func<string, string>? scanView, params (string Field, string? Text)[] fields)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(fields);
        var result = new string[fields.Length];
        var open = new List<FieldFindings>();
        var kept = new List<(string Field, PiiFinding Finding, string Reason)>();
        for (var i = 0; i < fields.Length; i++)
        {
            var (field, text) = fields[i];
            result[i] = text ?? "";
            if (string.IsNullOrWhiteSpace(text)) continue;
            var unresolved = new List<PiiFinding>();
            var view = scanView?.Invoke(text) ?? text;
            if (view.Length != text.Length) throw new ArgumentException("The scan view must keep every character in place.", nameof(scanView));
            foreach (var f in guard.Scan(view, names))
            {
                if (confirmPossible && f.Confidence == PiiConfidence.Low) continue;
                var keep = choices.Kept.FirstOrDefault(k => k.Field == field && k.Kind == f.Kind && k.Masked == f.Masked && !string.IsNullOrWhiteSpace(k.Reason));
                if (keep is not null) kept.Add((field, f, keep.Reason!.Trim()));
                else unresolved.Add(f);
            }
            if (unresolved.Count == 0) continue;
            if (choices.MaskAll) result[i] = PiiGuard.Mask(text, unresolved);
            else open.Add(new FieldFindings(field, text, unresolved));
        }
        if (open.Count > 0)
            throw new DomainException("Privacy.Error.Found", open.Sum(f => f.Findings.Count)) { Field = open[0].Field, PiiFindings = open };

        foreach (var (field, finding, reason) in kept)
        {
            // The reason goes to the audit trail: it must not itself identify someone.
            var clean = Validation.RequireText(reason, PiiChoices.ReasonMaxLength, field);
            if (guard.Scan(clean, names).Any(f => f.Confidence == PiiConfidence.High))
                throw new DomainException("Privacy.Error.ReasonHasPii") { Field = field };
            audit.Record(db, actorId, "Privacy.FindingKept", "Text", field, $"kind={finding.Kind};reason={clean}");
        }
        return result;
    }
}
