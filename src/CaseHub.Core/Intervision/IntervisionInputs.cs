using CaseHub.Core.Calendar;

namespace CaseHub.Core.Intervision;

public sealed record SeriesSpec(
    Guid TeamId,
    string? Title,
    string ProtocolKey,
    Guid? TemplateId,
    Guid AnimateurId,
    DateTimeOffset FirstStart,
    int DurationMinutes,
    string? Location,
    Recurrence? Recurrence);

public sealed record SummaryInput(string? Learnings, string? Proposals, string? OpenQuestions)
{
    /// <summary>The author checked the possible findings (a word that is also a colleague's surname) and keeps them.</summary>
    public bool ConfirmPossiblePii { get; init; }
}

/// <summary>What the PII guard found in a session's live notes: only the kind and how many, never the data.</summary>
public sealed record NotesFinding(string Kind, int Count, bool Possible);

/// <summary>Who narrates and who reports in occurrence <c>i</c> of a rotation.</summary>
public sealed record RoleTurn(Guid NarratorId, Guid RapporteurId);
