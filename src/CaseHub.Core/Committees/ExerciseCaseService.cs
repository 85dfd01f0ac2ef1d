using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Committees;

/// <summary>What an author writes for an exercise case (amounts in euros as typed).</summary>
public sealed class ExerciseCaseInput
{
    public string? Code { get; set; }
    public string? Title { get; set; }
    public string? Household { get; set; }
    public LegalCategory LegalCategory { get; set; }
    public string? Resources { get; set; }
    public string? MonthlyResources { get; set; }
    public string? Request { get; set; }
    public AidType AidType { get; set; }
    public string? RequestedAmount { get; set; }
    public string? Narrative { get; set; }
    public List<AttachmentInput> Attachments { get; set; } = [];
    /// <summary>Findings the author keeps on purpose, each with a reason (audited).</summary>
    public List<OverrideInput> Overrides { get; set; } = [];

    public sealed class AttachmentInput
    {
        public string? Title { get; set; }
        public string? Text { get; set; }
    }

    public sealed class OverrideInput
    {
        public string Field { get; set; } = "";
        public PiiKind Kind { get; set; }
        public string Masked { get; set; } = "";
        public string? Reason { get; set; }
    }

    /// <summary>The free-text fields the PII guard reads, by field name.</summary>
    public IEnumerable<(string Field, string Text)> Texts()
    {
        yield return ("Title", Title ?? "");
        yield return ("Household", Household ?? "");
        yield return ("Resources", Resources ?? "");
        yield return ("Request", Request ?? "");
        yield return ("Narrative", Narrative ?? "");
        for (var i = 0; i < Attachments.Count; i++)
        {
            yield return ($"Attachments[{i}].Title", Attachments[i].Title ?? "");
            yield return ($"Attachments[{i}].Text", Attachments[i].Text ?? "");
        }
    }

    public static ExerciseCaseInput From(ExerciseCase c) => new()
    {
        Code = c.Code, Title = c.Title, Household = c.Household, LegalCategory = c.LegalCategory, Resources = c.Resources,
        MonthlyResources = c.MonthlyResourcesCents is { } m ? (m / 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : null,
        Request = c.Request, AidType = c.AidType,
        RequestedAmount = c.RequestedAmountCents is { } r ? (r / 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : null,
        Narrative = c.Narrative,
        Attachments = c.Attachments.OrderBy(a => a.Order).Select(a => new AttachmentInput { Title = a.Title, Text = a.Text }).ToList(),
        Overrides = c.PiiOverrides.Select(o => new OverrideInput { Field = o.Field, Kind = o.Kind, Masked = o.Masked, Reason = o.Reason }).ToList(),
    };
}

/// <summary>A PII-guard finding in one field of a case; <see cref="KeptBecause"/> is set when the author overrode it.</summary>
public sealed record CaseFinding(string Field, PiiFinding Finding, string? KeptBecause)
{
    public bool Resolved => KeptBecause is not null;
}

/// <summary>The outcome of a save: the case when saved, else the findings that block it.</summary>
public sealed record CaseSaveResult(ExerciseCase? Saved, IReadOnlyList<CaseFinding> Findings)
{
    public IEnumerable<CaseFinding> Unresolved => Findings.Where(f => !f.Resolved);
}

/// <summary>
/// The library of exercise cases. Nothing is saved — and no session may use a case — while the PII guard finds
/// identifying data that was neither removed nor explicitly kept with a reason.
/// </summary>
public sealed partial class ExerciseCaseService(CaseHubDbContext db, PiiGuard guard, TimeProvider clock, ILogger<ExerciseCaseService> log, Audit.AuditLog audit)
{
    /// <summary>Scans every text field against the directory's names; overrides of the input mark findings as kept.</summary>
    public async Task<IReadOnlyList<CaseFinding>> ScanAsync(ExerciseCaseInput input, CancellationToken ct = default)
    {
        var names = await DirectoryNamesAsync(ct);
        return Scan(input, names);
    }

    private List<CaseFinding> Scan(ExerciseCaseInput input, KnownNames names)
    {
        var result = new List<CaseFinding>();
        foreach (var (field, text) in input.Texts())
            foreach (var f in guard.Scan(text, names))
            {
                var kept = input.Overrides.FirstOrDefault(o => o.Field == field && o.Kind == f.Kind && o.Masked == f.Masked && !string.IsNullOrWhiteSpace(o.Reason));
                result.Add(new CaseFinding(field, f, kept?.Reason?.Trim()));
            }
        return result;
    }

    /// <summary>Creates (<paramref name="id"/> null) or updates a case. Returns the blocking findings instead of saving.</summary>
    public async Task<CaseSaveResult> SaveAsync(Guid? id, ExerciseCaseInput input, Guid userId, CancellationToken ct = default)
    {
        var title = Validation.RequireText(input.Title, ExerciseCase.TitleMaxLength, "Title");
        var household = Validation.RequireText(input.Household, ExerciseCase.HouseholdMaxLength, "Household");
        var resources = Validation.RequireText(input.Resources, ExerciseCase.ResourcesMaxLength, "Resources", required: false);
        var request = Validation.RequireText(input.Request, ExerciseCase.RequestMaxLength, "Request");
        var narrative = Validation.RequireText(input.Narrative, ExerciseCase.NarrativeMaxLength, "Narrative");
        if (!Enum.IsDefined(input.LegalCategory)) throw new DomainException("Error.InvalidValue") { Field = "LegalCategory" };
        if (!Enum.IsDefined(input.AidType)) throw new DomainException("Error.InvalidValue") { Field = "AidType" };
        var monthly = ParseMoney(input.MonthlyResources, "MonthlyResources");
        var requested = ParseMoney(input.RequestedAmount, "RequestedAmount");
        var attachments = input.Attachments.Where(a => !string.IsNullOrWhiteSpace(a.Title) || !string.IsNullOrWhiteSpace(a.Text)).ToList();
        if (attachments.Count > ExerciseCase.MaxAttachments) throw new DomainException("Committees.Error.TooManyAttachments", ExerciseCase.MaxAttachments);
        input.Attachments = attachments;
        var cleanAttachments = attachments.Select((a, i) => (
            Title: Validation.RequireText(a.Title, ExerciseCaseAttachment.TitleMaxLength, $"Attachments[{i}].Title"),
            Text: Validation.RequireText(a.Text, ExerciseCaseAttachment.TextMaxLength, $"Attachments[{i}].Text"))).ToList();
        foreach (var o in input.Overrides.Where(o => !string.IsNullOrWhiteSpace(o.Reason)))
            Validation.RequireText(o.Reason, ExerciseCasePiiOverride.ReasonMaxLength, "Overrides");

        var findings = await ScanAsync(input, ct);
        if (findings.Any(f => !f.Resolved)) return new CaseSaveResult(null, findings);

        var now = clock.GetUtcNow();
        ExerciseCase c;
        if (id is { } existing)
        {
            c = await db.ExerciseCases.Include(x => x.Attachments).Include(x => x.PiiOverrides).FirstOrDefaultAsync(x => x.Id == existing, ct)
                ?? throw DomainException.NotFound();
            db.ExerciseCaseAttachments.RemoveRange(c.Attachments);
            c.Attachments.Clear();
            c.Revision++;
        }
        else
        {
            c = new ExerciseCase { CreatedBy = userId, CreatedAt = now, Code = await NextCodeAsync(now, ct) };
            db.ExerciseCases.Add(c);
        }
        c.Title = title; c.Household = household; c.LegalCategory = input.LegalCategory; c.Resources = resources;
        c.MonthlyResourcesCents = monthly; c.Request = request; c.AidType = input.AidType; c.RequestedAmountCents = requested;
        c.Narrative = narrative; c.UpdatedBy = userId; c.UpdatedAt = now;
        foreach (var (a, i) in cleanAttachments.Select((a, i) => (a, i)))
        {
            var row = new ExerciseCaseAttachment { CaseId = c.Id, Order = i, Title = a.Title, Text = a.Text };
            db.ExerciseCaseAttachments.Add(row);
            c.Attachments.Add(row);
        }

        // Overrides: keep those still matching a finding (an edited text drops stale ones); new ones are audited.
        var kept = findings.Where(f => f.Resolved).ToList();
        foreach (var old in c.PiiOverrides.ToList())
            if (!kept.Any(f => f.Field == old.Field && f.Finding.Kind == old.Kind && f.Finding.Masked == old.Masked))
            {
                db.ExerciseCasePiiOverrides.Remove(old);
                c.PiiOverrides.Remove(old);
            }
        foreach (var f in kept.DistinctBy(f => (f.Field, f.Finding.Kind, f.Finding.Masked)))
        {
            if (c.PiiOverrides.Any(o => o.Field == f.Field && o.Kind == f.Finding.Kind && o.Masked == f.Finding.Masked)) continue;
            var row = new ExerciseCasePiiOverride
            {
                CaseId = c.Id, Field = f.Field, Kind = f.Finding.Kind, Masked = f.Finding.Masked, Reason = f.KeptBecause!,
                OverriddenBy = userId, OverriddenAt = now,
            };
            db.ExerciseCasePiiOverrides.Add(row);
            c.PiiOverrides.Add(row);
            LogOverride(log, c.Id, f.Field, f.Finding.Kind, f.Finding.Masked, userId);
            audit.Record(db, userId, "Committees.PiiOverride", "ExerciseCase", c.Id, $"field={f.Field};kind={f.Finding.Kind}");
        }
        await db.SaveChangesAsync(ct);
        return new CaseSaveResult(c, findings);
    }

    /// <summary>Refuses cases that are archived or in which the guard now finds unresolved data (the directory grows).</summary>
    public async Task<List<ExerciseCase>> RequireUsableAsync(IReadOnlyList<Guid> caseIds, CancellationToken ct = default)
    {
        var cases = await db.ExerciseCases.Include(c => c.Attachments).Include(c => c.PiiOverrides)
            .Where(c => caseIds.Contains(c.Id)).ToListAsync(ct);
        if (cases.Count != caseIds.Distinct().Count() || cases.Any(c => c.Archived)) throw new DomainException("Committees.Error.UnknownCase") { Field = "Cases" };
        var names = await DirectoryNamesAsync(ct);
        foreach (var c in cases)
            if (Scan(ExerciseCaseInput.From(c), names).Any(f => !f.Resolved))
                throw new DomainException("Committees.Error.CaseHasPii", c.Code) { Field = "Cases" };
        return caseIds.Select(id => cases.First(c => c.Id == id)).ToList();
    }

    public async Task SetArchivedAsync(Guid id, bool archived, CancellationToken ct = default)
    {
        var c = await db.ExerciseCases.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw DomainException.NotFound();
        c.Archived = archived;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The input with every unresolved finding replaced by its masked form (the author's "mask all").</summary>
    public async Task<ExerciseCaseInput> MaskUnresolvedAsync(ExerciseCaseInput input, CancellationToken ct = default)
    {
        var findings = (await ScanAsync(input, ct)).Where(f => !f.Resolved).ToLookup(f => f.Field, f => f.Finding);
        string M(string field, string? text) => text is null ? "" : PiiGuard.Mask(text, findings[field]);
        input.Title = M("Title", input.Title);
        input.Household = M("Household", input.Household);
        input.Resources = M("Resources", input.Resources);
        input.Request = M("Request", input.Request);
        input.Narrative = M("Narrative", input.Narrative);
        for (var i = 0; i < input.Attachments.Count; i++)
        {
            input.Attachments[i].Title = M($"Attachments[{i}].Title", input.Attachments[i].Title);
            input.Attachments[i].Text = M($"Attachments[{i}].Text", input.Attachments[i].Text);
        }
        return input;
    }

    private async Task<KnownNames> DirectoryNamesAsync(CancellationToken ct)
    {
        var names = await db.Users.AsNoTracking().Where(u => u.ErasedAt == null && u.DisplayName != "").Select(u => u.DisplayName).ToListAsync(ct);
        return names.Count == 0 ? KnownNames.Empty : KnownNames.From(names);
    }

    private async Task<string> NextCodeAsync(DateTimeOffset now, CancellationToken ct)
    {
        var prefix = $"CAB-{now.Year}-";
        var codes = await db.ExerciseCases.Where(c => c.Code.StartsWith(prefix)).Select(c => c.Code).ToListAsync(ct);
        var next = codes.Select(c => int.TryParse(c[prefix.Length..], out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
        return $"{prefix}{next:000}";
    }

    private static long? ParseMoney(string? text, string field)
    {
        try { return CommitteeBallotData.ParseAmount(text, allowZero: true); }
        catch (DomainException ex) { throw new DomainException(ex.TextKey, ex.Args) { Field = field }; }
    }

    [LoggerMessage(LogLevel.Information, "PII finding kept on exercise case {CaseId}: field {Field}, kind {Kind}, preview {Masked}, by user {UserId}")]
    private static partial void LogOverride(ILogger logger, Guid caseId, string field, PiiKind kind, string masked, Guid userId);
}
