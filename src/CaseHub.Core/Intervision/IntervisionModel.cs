using CaseHub.Core.Accounts;

namespace CaseHub.Core.Intervision;

/// <summary>A team that practises intervision together (équipe d'intervision); its members take turns as narrator and rapporteur.</summary>
public class IntervisionTeam
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public const int NameMaxLength = 150;
    public string Name { get; set; } = "";
    public const int DefaultRetentionDays = 30;
    /// <summary>Days after a session closes before its raw cards and notes are deleted (the summary is kept).</summary>
    public int RetentionDays { get; set; } = DefaultRetentionDays;
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<IntervisionTeamMember> Members { get; set; } = [];
}

public class IntervisionTeamMember
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public Guid UserId { get; set; }
    public AppUser? User { get; set; }
    /// <summary>Order of the narrator/rapporteur rotation.</summary>
    public int Order { get; set; }
}

/// <summary>A facilitator's own method: a base protocol with phases chosen, ordered and timed.</summary>
public class IntervisionTemplate
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public const int NameMaxLength = 100;
    public string Name { get; set; } = "";
    public string ProtocolKey { get; set; } = "";
    /// <summary>"key:minutes" entries separated by ';' (e.g. "narration:15;questions:20").</summary>
    public string Plan { get; set; } = "";
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A team's recurring intervision (e.g. every first Tuesday), one calendar series, one session per occurrence.</summary>
public class IntervisionSeries
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public const int TitleMaxLength = 150;
    public string Title { get; set; } = "";
    public string ProtocolKey { get; set; } = "";
    public Guid? TemplateId { get; set; }
    /// <summary>The animateur (chair) of every session of the series.</summary>
    public Guid AnimateurId { get; set; }
    public string? RecurrenceRule { get; set; }
    public DateTimeOffset FirstStart { get; set; }
    public int DurationMinutes { get; set; }
    public string? Location { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One intervision meeting: a room of an intervision protocol, its roles, and the rapporteur's summary.</summary>
public class IntervisionSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public Guid SeriesId { get; set; }
    /// <summary>0-based occurrence of the series.</summary>
    public int Occurrence { get; set; }
    public Guid RoomId { get; set; }
    public DateTimeOffset Start { get; set; }
    public Guid AnimateurId { get; set; }
    public Guid NarratorId { get; set; }
    public Guid RapporteurId { get; set; }
    public const int ThemeMaxLength = 150;
    /// <summary>What the situation is about, in general words (never who: no case identity is stored).</summary>
    public string? Theme { get; set; }
    public const int SummaryMaxLength = 4000;
    public string? Learnings { get; set; }
    public string? Proposals { get; set; }
    public string? OpenQuestions { get; set; }
    public DateTimeOffset? SummaryUpdatedAt { get; set; }
    public const int ReactionMaxLength = 4000;
    /// <summary>The narrator's reaction to what the group said (written in the narrator's-reaction phase); raw material, purged with the cards.</summary>
    public string? NarratorReaction { get; set; }
    /// <summary>When the narrator shared the reaction with the group (before that, only the narrator sees it).</summary>
    public DateTimeOffset? ReactionSharedAt { get; set; }
    /// <summary>When the raw material (cards, notes) was deleted after the team's retention period.</summary>
    public DateTimeOffset? PurgedAt { get; set; }

    public bool HasSummary => !string.IsNullOrWhiteSpace(Learnings) || !string.IsNullOrWhiteSpace(Proposals) || !string.IsNullOrWhiteSpace(OpenQuestions);
}

/// <summary>A participant's acknowledgement of the confidentiality rule, required before they join the session.</summary>
public class IntervisionAcknowledgement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset AcknowledgedAt { get; set; }
}

/// <summary>
/// The cards of one phase. Before the reveal, each card carries a tag derived from its author and this board's salt
/// (so authors can edit their own cards); the reveal deletes the salt and the tags, so afterwards nobody — not even
/// someone reading the database — can tell who wrote what.
/// </summary>
public class IntervisionBoard
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public int PhaseIndex { get; set; }
    public byte[]? Salt { get; set; }
    public DateTimeOffset? RevealedAt { get; set; }
    /// <summary>Concurrency token: card writes and the reveal are serialised per board.</summary>
    public long Version { get; set; }
}

/// <summary>An anonymous card (sticky note). It has no author column and no creation time.</summary>
public class IntervisionCard : CaseHub.Core.Rooms.IBoardCard
{
    public Guid Id { get; set; }
    public Guid BoardId { get; set; }
    public const int TextMaxLength = 280;
    public string Text { get; set; } = "";
    /// <summary>HMAC of the author with the board's salt; null once revealed.</summary>
    public string? AuthorTag { get; set; }
    public Guid? GroupId { get; set; }
    /// <summary>Display order; shuffled at reveal so the order of writing tells nothing.</summary>
    public int Position { get; set; }
}

/// <summary>A cluster of cards labelled by the rapporteur.</summary>
public class IntervisionCardGroup
{
    public Guid Id { get; set; }
    public Guid BoardId { get; set; }
    public const int LabelMaxLength = 100;
    public string Label { get; set; } = "";
    public int Order { get; set; }
}
