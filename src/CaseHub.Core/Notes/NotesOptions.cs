using System.ComponentModel.DataAnnotations;

namespace CaseHub.Core.Notes;

public sealed class NotesOptions
{
    public const string Section = "Notes";

    /// <summary>Largest accepted Yjs update (bytes). Also the wire limit the client is told about.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxUpdateBytes { get; set; } = 256 * 1024;

    /// <summary>A document with more stored updates than this is compacted by the background compactor.</summary>
    [Range(1, 100_000)]
    public int CompactAfterUpdates { get; set; } = 200;

    [Range(1, 3600)]
    public int CompactorIntervalSeconds { get; set; } = 30;

    /// <summary>JavaScript interpreters kept for Yjs work; 0 = one per processor (at least 2).</summary>
    [Range(0, 64)]
    public int EnginePoolSize { get; set; }

    /// <summary>Time limit of one engine call on a whole document (compaction, open).</summary>
    [Range(1, 600)]
    public int EngineTimeoutSeconds { get; set; } = 30;

    /// <summary>Time limit of checking one incoming update.</summary>
    [Range(1, 600)]
    public int ValidateTimeoutSeconds { get; set; } = 5;

    /// <summary>Bytes one engine call may allocate (Jint counts allocations, not live memory).</summary>
    [Range(16, 65536)]
    public int EngineMemoryLimitMegabytes { get; set; } = 2048;
}
