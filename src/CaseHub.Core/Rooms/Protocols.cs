namespace CaseHub.Core.Rooms;

/// <summary>
/// A meeting type as data: its phases (time boxes with turn-taking and permission rules) and what its minutes contain.
/// Network meetings, case conferences, comités à blanc and intervision are protocols of the same room engine.
/// </summary>
public sealed record Protocol(
    string Key,
    string NameKey,
    IReadOnlyList<PhaseTemplate> Phases,
    MinutesContent Minutes,
    IReadOnlyList<string> ProtocolRoles)
{
    /// <summary>
    /// The owning feature builds the phase plan and relies on its shape (e.g. four phases per committee case): the
    /// organiser may rename and re-time phases but not add, remove or reorder them.
    /// </summary>
    public bool FixedPlan { get; init; }

    /// <summary>Protocol roles that never take a turn in a round (e.g. the intervision narrator, whom the rounds are about).</summary>
    public IReadOnlyList<string> RoundSitOutRoles { get; init; } = [];

    /// <summary>Its brainstorm phases collect idea cards (<see cref="IdeaBoards"/>): grouping, dot-voting, top ideas carried into decisions.</summary>
    public bool IdeaCards { get; init; }

    /// <summary>Roles of the protocol beyond chair/participant/observer (e.g. "rapporteur", "narrator").</summary>
    public bool HasRole(string? role) => role is null || ProtocolRoles.Contains(role);
}

/// <summary>A phase of a protocol with its default duration. <see cref="NameKey"/> is a text key (localized per viewer).</summary>
public sealed record PhaseTemplate(string Key, string NameKey, int DefaultMinutes, PhaseKind Kind, PhasePolicy Policy)
{
    /// <summary>Agenda items are phases the organiser adds, renames and times (e.g. "AMIF update", 40 min).</summary>
    public bool Repeatable { get; init; }
}

public enum PhaseKind
{
    /// <summary>Open discussion with a speaking queue.</summary>
    Discussion = 0,
    /// <summary>Each participant in turn (check-in, check-out, questions round).</summary>
    Round = 1,
    /// <summary>Ideas collected freely (notes, cards).</summary>
    Brainstorm = 2,
    /// <summary>A vote or individual decision.</summary>
    Vote = 3,
    /// <summary>Silent reading or individual writing.</summary>
    Quiet = 4,
    /// <summary>Recording decisions and action items.</summary>
    Decisions = 5,
}

/// <summary>Who may do what during a phase. Chairs may always run the meeting.</summary>
public sealed record PhasePolicy
{
    /// <summary>Participants may raise their hand and be given the floor.</summary>
    public bool QueueOpen { get; init; } = true;
    /// <summary>Votes may be opened in this phase.</summary>
    public bool VotingAllowed { get; init; }
    /// <summary>Votes stay secret (no content leaves the server) until revealed.</summary>
    public bool SecretVotes { get; init; } = true;
    /// <summary>Who edits the shared notes: everyone but observers, or only the chair and the protocol role named here.</summary>
    public string? NotesEditorRole { get; init; }

    public static readonly PhasePolicy Open = new();
    public static readonly PhasePolicy Voting = new() { VotingAllowed = true };
}

/// <summary>What the minutes of a protocol contain.</summary>
public sealed record MinutesContent(bool Attendance = true, bool Phases = true, bool Decisions = true, bool Actions = true, bool Notes = true, bool Votes = true);

/// <summary>A feature contributes its protocols (registered in DI as IProtocolSource).</summary>
public interface IProtocolSource
{
    IEnumerable<Protocol> Protocols { get; }
}

/// <summary>All protocols known to this instance.</summary>
public sealed class ProtocolCatalog(IEnumerable<IProtocolSource> sources)
{
    private readonly Dictionary<string, Protocol> _byKey = sources.SelectMany(s => s.Protocols).ToDictionary(p => p.Key);

    public IEnumerable<Protocol> All => _byKey.Values;

    public Protocol Get(string? key) => TryGet(key, out var p) ? p : throw new Common.DomainException("Rooms.Error.UnknownProtocol");

    /// <summary>False for an unknown or missing key (a form posted without it must not become a server error).</summary>
    public bool TryGet(string? key, out Protocol protocol)
    {
        protocol = null!;
        return key is not null && _byKey.TryGetValue(key, out protocol!);
    }
}

/// <summary>
/// The network meeting (seed 002, a FR/NL inter-CPAS meeting): welcome and attendance, check-in round, timeboxed
/// agenda items, brainstorm (idea cards), decisions and action items, check-out round.
/// </summary>
public sealed class NetworkMeetingProtocol : IProtocolSource
{
    public const string Key = "network-meeting";

    public IEnumerable<Protocol> Protocols =>
    [
        new Protocol(Key, "Protocol.NetworkMeeting",
        [
            new("welcome", "Phase.Welcome", 5, PhaseKind.Discussion, PhasePolicy.Open),
            new("check-in", "Phase.CheckIn", 10, PhaseKind.Round, PhasePolicy.Open with { QueueOpen = false }),
            new("agenda", "Phase.AgendaItem", 20, PhaseKind.Discussion, PhasePolicy.Voting) { Repeatable = true },
            new("brainstorm", "Phase.Brainstorm", 15, PhaseKind.Brainstorm, PhasePolicy.Open),
            new("decisions", "Phase.DecisionsActions", 10, PhaseKind.Decisions, PhasePolicy.Voting),
            new("check-out", "Phase.CheckOut", 5, PhaseKind.Round, PhasePolicy.Open with { QueueOpen = false }),
        ],
        new MinutesContent(), ["rapporteur"]) { IdeaCards = true },
    ];
}
