using CaseHub.Core.Rooms;

namespace CaseHub.Core.Intervision;

/// <summary>
/// The intervision methods as room protocols. The animateur chairs the room (keeps method and time), the narrator
/// brings the situation, the rapporteur is the group's memory (seed 003: Méthode d'Analyse en Groupe).
/// </summary>
public sealed class IntervisionProtocols : IProtocolSource
{
    /// <summary>Méthode d'Analyse en Groupe (MAG), about three hours.</summary>
    public const string GroupAnalysis = "intervision-mag";
    /// <summary>A 60-minute peer consultation (consultation entre pairs).</summary>
    public const string PeerConsultation = "intervision-peer60";

    public const string Narrator = "narrator";
    public const string Rapporteur = "rapporteur";
    /// <summary>The phase in which the narrator reacts to what the group said (their reaction slot is open then).</summary>
    public const string ReactionPhase = "reaction";

    /// <summary>Phases in which participants write anonymous cards.</summary>
    public static readonly IReadOnlySet<string> CardPhases = new HashSet<string> { "interpretations", "convergences", "proposals", "hypotheses", "advice" };

    public static bool IsIntervision(string protocolKey) => protocolKey is GroupAnalysis or PeerConsultation;

    private static readonly PhasePolicy Turns = PhasePolicy.Open with { QueueOpen = false };
    private static readonly PhasePolicy RapporteurNotes = PhasePolicy.Open with { NotesEditorRole = Rapporteur };
    /// <summary>No votes, no decisions: the minutes are the rapporteur's summary (added by <see cref="IntervisionMinutesSection"/>).</summary>
    private static readonly MinutesContent Minutes = new(Attendance: true, Phases: true, Decisions: false, Actions: false, Notes: false, Votes: false);

    public IEnumerable<Protocol> Protocols =>
    [
        new Protocol(GroupAnalysis, "Intervision.Protocol.GroupAnalysis",
        [
            new("choice", "Intervision.Phase.Choice", 15, PhaseKind.Round, Turns),
            new("narration", "Intervision.Phase.Narration", 20, PhaseKind.Discussion, RapporteurNotes with { QueueOpen = false }),
            new("questions", "Intervision.Phase.Questions", 30, PhaseKind.Round, Turns),
            new("interpretations", "Intervision.Phase.Interpretations", 30, PhaseKind.Round, Turns),
            new("reaction", "Intervision.Phase.NarratorReaction", 15, PhaseKind.Discussion, RapporteurNotes with { QueueOpen = false }),
            new("convergences", "Intervision.Phase.Convergences", 30, PhaseKind.Discussion, RapporteurNotes),
            new("proposals", "Intervision.Phase.Proposals", 30, PhaseKind.Brainstorm, RapporteurNotes),
            new("evaluation", "Intervision.Phase.Evaluation", 10, PhaseKind.Round, Turns),
        ],
        Minutes, [Narrator, Rapporteur]) { RoundSitOutRoles = [Narrator] },

        new Protocol(PeerConsultation, "Intervision.Protocol.PeerConsultation",
        [
            new("narration", "Intervision.Phase.SituationQuestion", 10, PhaseKind.Discussion, RapporteurNotes with { QueueOpen = false }),
            new("questions", "Intervision.Phase.Questions", 10, PhaseKind.Round, Turns),
            new("hypotheses", "Intervision.Phase.Hypotheses", 15, PhaseKind.Round, Turns),
            new("reaction", "Intervision.Phase.NarratorReaction", 5, PhaseKind.Discussion, RapporteurNotes with { QueueOpen = false }),
            new("advice", "Intervision.Phase.Advice", 15, PhaseKind.Brainstorm, RapporteurNotes),
            new("evaluation", "Intervision.Phase.Evaluation", 5, PhaseKind.Round, Turns),
        ],
        Minutes, [Narrator, Rapporteur]) { RoundSitOutRoles = [Narrator] },
    ];
}
