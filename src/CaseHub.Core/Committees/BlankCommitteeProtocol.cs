using CaseHub.Core.Rooms;

namespace CaseHub.Core.Committees;

/// <summary>
/// The comité à blanc as a room protocol: per case, silent reading (timed), secret individual decision, discussion,
/// reference decision. The session builds the plan (four phases per case, in that order) and relies on its shape,
/// so the plan is fixed: phases may be re-timed, not added, removed or moved.
/// </summary>
public sealed class BlankCommitteeProtocol : IProtocolSource
{
    public const string Key = "blank-committee";
    public const string Reading = "reading";
    public const string Voting = "vote";
    public const string Discussion = "discussion";
    public const string Reference = "reference";
    public const int PhasesPerCase = 4;

    public IEnumerable<Protocol> Protocols =>
    [
        new Protocol(Key, "Committees.Protocol",
        [
            new(Reading, "Committees.Phase.Reading", 10, PhaseKind.Quiet, PhasePolicy.Open with { QueueOpen = false }),
            new(Voting, "Committees.Phase.Vote", 5, PhaseKind.Vote, PhasePolicy.Voting with { QueueOpen = false }),
            new(Discussion, "Committees.Phase.Discussion", 15, PhaseKind.Discussion, PhasePolicy.Open),
            new(Reference, "Committees.Phase.Reference", 5, PhaseKind.Decisions, PhasePolicy.Open),
        ],
        new MinutesContent(), []) { FixedPlan = true },
    ];

    /// <summary>Which case (0-based) and which step a room phase index belongs to.</summary>
    public static (int CaseOrder, string Step) Locate(int phaseIndex)
        => phaseIndex < 0 ? (0, Reading) : (phaseIndex / PhasesPerCase, (phaseIndex % PhasesPerCase) switch
        {
            0 => Reading,
            1 => Voting,
            2 => Discussion,
            _ => Reference,
        });

    public static int PhaseIndex(int caseOrder, string step) => caseOrder * PhasesPerCase + step switch
    {
        Reading => 0,
        Voting => 1,
        Discussion => 2,
        _ => 3,
    };
}
