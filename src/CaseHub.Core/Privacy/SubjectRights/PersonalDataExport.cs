namespace CaseHub.Core.Privacy.SubjectRights;

// The machine-readable export (right of access / portability). Field names are part of the format: rename nothing,
// add fields rather than change them, and bump FormatVersion when a field's meaning changes.

public sealed record PersonalDataExport
{
    public const int CurrentFormatVersion = 1;
    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public DateTimeOffset GeneratedAt { get; init; }
    /// <summary>What is deliberately not in the file, and why (text in the user's language).</summary>
    public IReadOnlyList<string> NotIncluded { get; init; } = [];
    public required ExportAccount Account { get; init; }
    public IReadOnlyList<ExportCaseMembership> CaseMemberships { get; init; } = [];
    public IReadOnlyList<ExportMeeting> Meetings { get; init; } = [];
    public IReadOnlyList<ExportPosition> Positions { get; init; } = [];
    public IReadOnlyList<ExportHandover> Handovers { get; init; } = [];
    public IReadOnlyList<ExportDecision> DecisionsRecorded { get; init; } = [];
    public IReadOnlyList<ExportAction> ActionsOwned { get; init; } = [];
    public IReadOnlyList<ExportBallot> Ballots { get; init; } = [];
    public IReadOnlyList<ExportNotesActivity> NotesActivity { get; init; } = [];
    public IReadOnlyList<ExportIntervisionTeam> IntervisionTeams { get; init; } = [];
    public IReadOnlyList<ExportAcknowledgement> IntervisionAcknowledgements { get; init; } = [];
    public IReadOnlyList<ExportExerciseCase> ExerciseCasesAuthored { get; init; } = [];
    public IReadOnlyList<ExportImmersion> Immersion { get; init; } = [];
    public IReadOnlyList<ExportBooking> DiscoveryBookings { get; init; } = [];
    public IReadOnlyList<ExportFeedback> FeedbackAnswers { get; init; } = [];
    public IReadOnlyList<ExportInvitation> CalendarInvitations { get; init; } = [];
    public IReadOnlyList<ExportFeed> CalendarFeeds { get; init; } = [];
    public IReadOnlyList<ExportMail> MailsToYou { get; init; } = [];
    public IReadOnlyList<ExportAuditEntry> AuditEntries { get; init; } = [];
}

public sealed record ExportAccount(Guid Id, string DisplayName, string? Email, string Language, string? Organisation, string? Service,
    IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, DateTimeOffset? ActivatedAt, bool HasPassword, bool Locked, IReadOnlyList<string> TeamLeadOf);

public sealed record ExportCaseMembership(Guid CaseId, string CaseCode, string Party, bool IsFacilitator, DateTimeOffset AddedAt, DateTimeOffset? CaseClosedAt);

public sealed record ExportMeeting(Guid RoomId, string Title, string Kind, string Status, DateTimeOffset ScheduledStart, DateTimeOffset ScheduledEnd,
    string Role, string? ProtocolRole, string Attendance, string? AttendanceNote, bool Organiser);

public sealed record ExportPosition(Guid PositionId, Guid ConferenceId, string? CaseCode, string Party, bool IsPersonVoice, string Visibility,
    string Situation, string? ProposedOrientation, string? NeedsFromOthers, string? Concerns, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ExportHandover(Guid HandoverId, string? CaseCode, string Direction, string Visibility, string Note, DateTimeOffset CreatedAt,
    IReadOnlyList<ExportHandoverMessage> Messages);

public sealed record ExportHandoverMessage(bool ByYou, bool IsQuestion, string Text, DateTimeOffset CreatedAt);

public sealed record ExportDecision(Guid RoomId, string RoomTitle, string Text, DateTimeOffset RecordedAt);

public sealed record ExportAction(Guid ActionId, Guid RoomId, string RoomTitle, string Text, DateOnly? DueDate, string Status, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

public sealed record ExportBallot(Guid VoteId, string RoomTitle, string Question, string Option, string? Reason, string? Data, DateTimeOffset CastAt, DateTimeOffset UpdatedAt);

public sealed record ExportNotesActivity(string Document, int Updates, DateTimeOffset First, DateTimeOffset Last);

public sealed record ExportIntervisionTeam(Guid TeamId, string Name);

public sealed record ExportAcknowledgement(Guid SessionId, DateTimeOffset AcknowledgedAt);

public sealed record ExportExerciseCase(Guid CaseId, string Code, string Title, DateTimeOffset CreatedAt);

public sealed record ExportImmersion(string Campaign, string Name, string Email, int RankedChoices, IReadOnlyList<string> Unavailable,
    DateTimeOffset? PreferencesAt, string? PlacedAt, DateOnly? PlacementDate);

public sealed record ExportBooking(string Day, DateTimeOffset DayStart, string Status, string Name, string Organisation, string Email, string? Needs,
    DateTimeOffset ConsentAt, DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt, DateTimeOffset? CheckedInAt);

public sealed record ExportFeedback(string Questionnaire, DateTimeOffset? SubmittedAt, IReadOnlyList<ExportFeedbackAnswer> Answers);

public sealed record ExportFeedbackAnswer(string Question, bool? YesNo, int? Scale, string? Text);

public sealed record ExportInvitation(string Title, DateTimeOffset Start, DateTimeOffset End, string Response, string? DeclineReason,
    DateTimeOffset? RespondedAt, DateTimeOffset? RemovedAt);

public sealed record ExportFeed(DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record ExportMail(DateTimeOffset CreatedAt, string Kind, string? Subject, string Status, DateTimeOffset? SentAt);

public sealed record ExportAuditEntry(DateTimeOffset At, string Action, bool ByYou, string TargetType, string? TargetId, string? Details);
