namespace CaseHub.Core.Notes;

/// <summary>
/// One shared Markdown document (a room's notes), edited live as a Yjs CRDT. Its state is <see cref="Snapshot"/>
/// (the compacted part) plus every <see cref="NoteUpdate"/> still in the log: together they are the document.
/// </summary>
public class NoteDocument
{
    public const int KeyMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Stable name chosen by the owning feature, e.g. <c>room:{guid}:notes</c>.</summary>
    public string Key { get; set; } = "";

    /// <summary>Yjs update (format v1) equivalent to every update merged so far; empty before the first compaction.</summary>
    public byte[] Snapshot { get; set; } = [];

    /// <summary>Plain text of <see cref="Snapshot"/> (the "notes" Y.Text). Current only when the log is empty.</summary>
    public string Text { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When <see cref="Snapshot"/> and <see cref="Text"/> were last written (compaction).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Concurrency token, +1 per compaction: a compaction only commits if nobody compacted since it read.</summary>
    public long Version { get; set; }
}

/// <summary>One Yjs update received from a client, kept until a compaction merges it into the snapshot.</summary>
public class NoteUpdate
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DocumentId { get; set; }
    public byte[] Data { get; set; } = [];

    /// <summary>Chosen by the client per update: a re-sent update with the same id is ignored.</summary>
    public Guid ClientUpdateId { get; set; }

    public Guid? AuthorUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
