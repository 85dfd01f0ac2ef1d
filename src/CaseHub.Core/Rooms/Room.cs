using CaseHub.Core.Accounts;

namespace CaseHub.Core.Rooms;

/// <summary>A meeting: scheduled, then live, then closed with minutes. Its live state is held by the server only.</summary>
public class Room
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public const int TitleMaxLength = 200;
    public string Title { get; set; } = "";
    public string ProtocolKey { get; set; } = "";
    public RoomStatus Status { get; set; }
    public DateTimeOffset ScheduledStart { get; set; }
    public DateTimeOffset ScheduledEnd { get; set; }
    public const int LocationMaxLength = 300;
    public string? Location { get; set; }
    /// <summary>Link to the organisation's own video tool (CaseHub does not do video).</summary>
    public string? VideoUrl { get; set; }
    public const int PurposeMaxLength = 4000;
    /// <summary>Purpose and practical information shown on the invitation (Markdown).</summary>
    public string? Purpose { get; set; }
    public Guid OrganiserId { get; set; }
    /// <summary>Optional speaking-time limit applied when the chair gives the floor.</summary>
    public int? SpeakingLimitSeconds { get; set; }
    /// <summary>The feature owning the room beyond the engine ("conference", "committee", "intervision"…), if any.</summary>
    public string? ContextType { get; set; }
    public Guid? ContextId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Serialized <see cref="RoomLiveState"/>; changed only through the room engine.</summary>
    public string StateJson { get; set; } = "{}";
    /// <summary>Optimistic concurrency token: every state change increments it; a stale writer retries.</summary>
    public long StateVersion { get; set; }

    /// <summary>When the minutes mails were queued (null on a closed room: still to do).</summary>
    public DateTimeOffset? MinutesQueuedAt { get; set; }

    /// <summary>The shared notes as they were when the meeting closed (the minutes quote them).</summary>
    public string? FinalNotes { get; set; }

    public List<RoomPhase> Phases { get; set; } = [];
    public List<RoomParticipant> Participants { get; set; } = [];

    public string NotesKey => NotesKeyFor(Id);
    public static string NotesKeyFor(Guid roomId) => $"room:{roomId}:notes";
}

public enum RoomStatus
{
    Scheduled = 0,
    Live = 1,
    Closed = 2,
    Cancelled = 3,
}

/// <summary>One time box of a room's plan, copied from the protocol and adjustable before the meeting starts.</summary>
public class RoomPhase
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RoomId { get; set; }
    public int Order { get; set; }
    public string TemplateKey { get; set; } = "";
    /// <summary>Text key of the protocol's phase name, used when <see cref="Title"/> is empty.</summary>
    public string NameKey { get; set; } = "";
    public const int TitleMaxLength = 150;
    /// <summary>A custom title (agenda items are named by the organiser).</summary>
    public string? Title { get; set; }
    public int PlannedMinutes { get; set; }
    public PhaseKind Kind { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

/// <summary>Someone invited to a room, with their role in it and their attendance.</summary>
public class RoomParticipant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RoomId { get; set; }
    public Guid UserId { get; set; }
    public AppUser? User { get; set; }
    public RoomRole Role { get; set; }
    /// <summary>A role defined by the protocol (rapporteur, narrator…), besides <see cref="Role"/>.</summary>
    public string? ProtocolRole { get; set; }
    public Attendance Attendance { get; set; }
    public const int AttendanceNoteMaxLength = 500;
    /// <summary>Reason given when excused (from the calendar reply or the chair).</summary>
    public string? AttendanceNote { get; set; }
    public int JoinOrder { get; set; }
    public DateTimeOffset InvitedAt { get; set; }
    /// <summary>When they first opened the meeting's preparation page before it started (what "prepared" means for
    /// meeting types without anything to write, e.g. reading the cases of a comité à blanc).</summary>
    public DateTimeOffset? PreparationSeenAt { get; set; }
    /// <summary>When the preparation reminder went to them (sent once).</summary>
    public DateTimeOffset? PreparationRemindedAt { get; set; }
}

public enum RoomRole
{
    Participant = 0,
    Chair = 1,
    /// <summary>Takes over the chair first when the chair's connection is lost.</summary>
    CoChair = 2,
    /// <summary>Follows the meeting read-only.</summary>
    Observer = 3,
}

public enum Attendance
{
    Unknown = 0,
    Present = 1,
    Excused = 2,
    Absent = 3,
}

/// <summary>A decision recorded during the meeting.</summary>
public class Decision
{
    public Guid Id { get; set; }
    public Guid RoomId { get; set; }
    public const int TextMaxLength = 2000;
    public string Text { get; set; } = "";
    public Guid RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public int? PhaseOrder { get; set; }
}

/// <summary>Something someone will do, with an owner and a due date; appears on the owner's dashboard.</summary>
public class ActionItem
{
    public Guid Id { get; set; }
    public Guid RoomId { get; set; }
    public const int TextMaxLength = 500;
    public string Text { get; set; } = "";
    public Guid? OwnerId { get; set; }
    public AppUser? Owner { get; set; }
    public DateOnly? DueDate { get; set; }
    public ActionStatus Status { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

public enum ActionStatus
{
    Open = 0,
    Done = 1,
    Dropped = 2,
}

/// <summary>A live SignalR connection to a room, shared through the database so every node sees presence.</summary>
public class RoomConnection
{
    public const int ConnectionIdMaxLength = 100;
    public string ConnectionId { get; set; } = "";
    public Guid RoomId { get; set; }
    public Guid UserId { get; set; }
    public string Node { get; set; } = "";
    public DateTimeOffset ConnectedAt { get; set; }
    /// <summary>Refreshed by the node while the connection lives; a crashed node's rows go stale and are ignored.</summary>
    public DateTimeOffset LastSeenAt { get; set; }
}
