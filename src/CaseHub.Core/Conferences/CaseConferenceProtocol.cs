using CaseHub.Core.Rooms;

namespace CaseHub.Core.Conferences;

/// <summary>
/// The case conference (concertation de cas) as a room protocol: positions round (the facilitator opens the written
/// positions), clarification questions, the social assessment grid filled together (bilan social: the phase opens the
/// case's grid to everyone in the room), the disagreement map, options, an optional part with the person present, then
/// the decision (orientation, actions, review date).
/// </summary>
public sealed class CaseConferenceProtocol : IProtocolSource
{
    public const string Key = "case-conference";
    /// <summary>The phase held with the person present; left out of the plan when the conference has no such part.</summary>
    public const string PersonPhase = "with-person";

    public static readonly Protocol Definition = new(Key, "Conference.Protocol",
    [
        new("welcome", "Conference.Phase.Welcome", 5, PhaseKind.Discussion, PhasePolicy.Open),
        new("positions", "Conference.Phase.Positions", 20, PhaseKind.Round, PhasePolicy.Open with { QueueOpen = false }),
        new("questions", "Conference.Phase.Questions", 15, PhaseKind.Round, PhasePolicy.Open),
        new(GridRules.Phase, "Conference.Phase.Assessment", 15, PhaseKind.Discussion, PhasePolicy.Open),
        new("map", "Conference.Phase.Map", 15, PhaseKind.Discussion, PhasePolicy.Open),
        new("options", "Conference.Phase.Options", 10, PhaseKind.Brainstorm, PhasePolicy.Open),
        new(PersonPhase, "Conference.Phase.WithPerson", 20, PhaseKind.Discussion, PhasePolicy.Open),
        new("decision", "Conference.Phase.Decision", 15, PhaseKind.Decisions, PhasePolicy.Open),
    ],
    // Votes are not used; the conference's own section (positions, map, outcome) is added per reader.
    new MinutesContent(Votes: false), []);

    public IEnumerable<Protocol> Protocols => [Definition];

    /// <summary>The phase plan of a conference, with or without the part with the person.</summary>
    public static IReadOnlyList<PhaseSpec> Plan(bool withPerson) => Definition.Phases
        .Where(p => withPerson || p.Key != PersonPhase)
        .Select(p => new PhaseSpec(p.Key, null, p.DefaultMinutes)).ToList();
}

/// <summary>Orientations a conference can reach (configurable list; the known ones have translated labels).</summary>
public static class Orientations
{
    public const string Other = "other";

    public static readonly IReadOnlyList<string> Defaults =
    [
        "first-line", "isp", "piis", "art60", "training", "language-course", "health", "debt-mediation", "housing", "partner-referral", Other,
    ];

    /// <summary>Text key of a known orientation's label.</summary>
    public static string TextKey(string key) => "Conference.Orientation." + key;
}

/// <summary>Conferences:* settings.</summary>
public sealed class ConferenceOptions
{
    public const string Section = "Conferences";

    /// <summary>Orientation keys offered as outcome (labels from "Conference.Orientation.&lt;key&gt;", else the key itself).
    /// Empty: the default list. (Not pre-filled: configuration binding appends to a pre-filled list.)</summary>
    public List<string> Orientations { get; set; } = [];

    /// <summary>Labels of configured orientations that have no text key, per language:
    /// <c>"OrientationLabels": { "budget-coaching": { "fr": "Guidance budgétaire", "nl": "Budgetbegeleiding", "en": "Budget coaching" } }</c>.</summary>
    public Dictionary<string, Dictionary<string, string>> OrientationLabels { get; set; } = [];

    /// <summary>How many days before a hard deadline its owner is reminded.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 60)] public int DeadlineReminderDays { get; set; } = 3;

    [System.ComponentModel.DataAnnotations.Range(10, 86400)] public int JobIntervalSeconds { get; set; } = 300;

    public IReadOnlyList<string> EffectiveOrientations => Orientations.Count > 0 ? Orientations : Conferences.Orientations.Defaults;

    /// <summary>Types of documents a person provides ("tell it once"), by key (labels from "Conference.DocumentType.&lt;key&gt;",
    /// else <see cref="DocumentTypeLabels"/>). Empty: the built-in list.</summary>
    public List<string> DocumentTypes { get; set; } = [];

    /// <summary>Labels of configured document types that have no text key, per language (as <see cref="OrientationLabels"/>).</summary>
    public Dictionary<string, Dictionary<string, string>> DocumentTypeLabels { get; set; } = [];

    /// <summary>A document valid until less than this many days from today shows as "about to expire" (case page, referent's home).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 365)] public int DocumentExpiryWarningDays { get; set; } = 30;

    public IReadOnlyList<string> EffectiveDocumentTypes => DocumentTypes.Count > 0 ? DocumentTypes : CaseDocumentTypes.Defaults;

    public const int DefaultConsultationWeeksValue = 4;

    /// <summary>Co-management: the cadence proposed for the AS and AI referents' consultations (weeks).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 26)] public int DefaultConsultationWeeks { get; set; } = DefaultConsultationWeeksValue;

    /// <summary>How many days before a model's follow-up (joint report, consultation) the referents are reminded.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 90)] public int FollowUpReminderDays { get; set; } = 7;
}
