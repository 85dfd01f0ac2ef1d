namespace CaseHub.Core.Committees;

/// <summary>
/// An anonymised case for comités à blanc (cas d'exercice): what a committee would read before deciding — household,
/// legal category, resources, the request and its aid type, the social worker's narrative, attachments as text.
/// Every saved case has passed the PII guard: findings were removed or explicitly kept with a reason.
/// </summary>
public class ExerciseCase
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public const int CodeMaxLength = 20;
    /// <summary>"CAB-2026-007": how the case is named everywhere (never a person's name).</summary>
    public string Code { get; set; } = "";
    public const int TitleMaxLength = 200;
    public string Title { get; set; } = "";
    public const int HouseholdMaxLength = 1000;
    /// <summary>Composition du ménage: "Adult, 34; two children (6 and 9)".</summary>
    public string Household { get; set; } = "";
    public LegalCategory LegalCategory { get; set; }
    public const int ResourcesMaxLength = 2000;
    public string Resources { get; set; } = "";
    /// <summary>Net monthly resources of the household in cents, when known.</summary>
    public long? MonthlyResourcesCents { get; set; }
    public const int RequestMaxLength = 2000;
    /// <summary>What the person asks for (la demande).</summary>
    public string Request { get; set; } = "";
    public AidType AidType { get; set; }
    public long? RequestedAmountCents { get; set; }
    public const int NarrativeMaxLength = 8000;
    /// <summary>The social worker's account of the situation (rapport social, anonymised).</summary>
    public string Narrative { get; set; } = "";
    public List<ExerciseCaseAttachment> Attachments { get; set; } = [];
    /// <summary>Findings of the PII guard that the author chose to keep, with their reason.</summary>
    public List<ExerciseCasePiiOverride> PiiOverrides { get; set; } = [];
    public bool Archived { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Concurrency token: two authors saving the same case do not overwrite each other silently.</summary>
    public int Revision { get; set; }

    public const int MaxAttachments = 5;
}

/// <summary>A document of the case, as text (budget, extract of the social report, lease…).</summary>
public class ExerciseCaseAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public int Order { get; set; }
    public const int TitleMaxLength = 150;
    public string Title { get; set; } = "";
    public const int TextMaxLength = 8000;
    public string Text { get; set; } = "";
}

/// <summary>
/// A PII-guard finding the author kept on purpose ("not a person: it is the name of a street"). Recognised again on the
/// next scan by field, kind and masked preview — the preview is the guard's safe form (<c>PiiFinding.Masked</c>), the full
/// value is only in the case text itself.
/// </summary>
public class ExerciseCasePiiOverride
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public const int FieldMaxLength = 40;
    public string Field { get; set; } = "";
    public Privacy.PiiKind Kind { get; set; }
    public const int MaskedMaxLength = 120;
    public string Masked { get; set; } = "";
    public const int ReasonMaxLength = 500;
    public string Reason { get; set; } = "";
    public Guid OverriddenBy { get; set; }
    public DateTimeOffset OverriddenAt { get; set; }
}

/// <summary>The household's legal category for the integration income (catégorie RIS).</summary>
public enum LegalCategory
{
    /// <summary>Cohabitant·e.</summary>
    Cohabitant = 0,
    /// <summary>Isolé·e.</summary>
    Isolated = 1,
    /// <summary>Personne avec famille à charge.</summary>
    FamilyDependants = 2,
}

/// <summary>What kind of help the request is about.</summary>
public enum AidType
{
    /// <summary>Revenu d'intégration sociale (RIS).</summary>
    IntegrationIncome = 0,
    /// <summary>Aide sociale équivalente au RIS.</summary>
    EquivalentSocialAid = 1,
    /// <summary>Garantie locative.</summary>
    RentGuarantee = 2,
    /// <summary>Factures d'énergie.</summary>
    EnergyCosts = 3,
    /// <summary>Frais médicaux et pharmaceutiques.</summary>
    MedicalCosts = 4,
    /// <summary>Prime d'installation, mobilier.</summary>
    Installation = 5,
    /// <summary>Aide ponctuelle ou urgente.</summary>
    EmergencyAid = 6,
    Other = 7,
}

/// <summary>A committee decision (octroi / refus / suspens).</summary>
public enum CommitteeDecision
{
    Grant = 0,
    Refuse = 1,
    Defer = 2,
}
