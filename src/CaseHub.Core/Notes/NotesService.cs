using System.Text.RegularExpressions;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Notes;

/// <summary>What a client lacks (<see cref="Update"/>) and the server's state vector, both Yjs v1 bytes.</summary>
public sealed record NotesOpenResult(byte[] Update, byte[] StateVector);

/// <summary>Outcome of one compaction attempt.</summary>
/// <param name="Merged">Stored updates merged into the snapshot and deleted (0 when nothing was written).</param>
/// <param name="Text">The exact current text as computed by this attempt.</param>
public sealed record NotesCompaction(int Merged, string Text);

/// <summary>
/// Stores the Yjs update log of shared notes and keeps a compacted snapshot and its text.
/// The server never edits a document: it stores what clients send, answers "what do I lack?" and reads the text.
/// Authorisation (who may read or write which key) is the caller's job. Rooms read their notes through
/// <see cref="IRoomNotes"/> (minutes at closing).
/// </summary>
public sealed partial class NotesService(
    CaseHubDbContext db,
    YjsEngine engine,
    MarkdownRenderer markdown,
    IOptions<NotesOptions> options,
    TimeProvider clock,
    ILogger<NotesService> log) : IRoomNotes
{
    /// <summary>Name of the one Y.Text in every notes document (the client binds its editor to it).</summary>
    public const string TextField = "notes";

    private const int MaxStateVectorBytes = 64 * 1024;

    /// <summary>Test hook: runs after a compaction has computed its snapshot, before it writes.</summary>
    internal Func<Task>? BeforeCompactionWrite { get; set; }

    /// <summary>
    /// Stores one client update (creating the document on first use). Returns false, storing nothing, when this
    /// <paramref name="clientUpdateId"/> is already in the document's log (a re-send).
    /// Throws <c>Notes.Error.TooLarge</c> / <c>Notes.Error.Invalid</c> for oversized or malformed updates; nothing is stored then.
    /// </summary>
    public async Task<bool> AppendAsync(string docKey, byte[] update, Guid clientUpdateId, Guid? authorUserId, CancellationToken ct = default)
    {
        RequireKey(docKey);
        var max = options.Value.MaxUpdateBytes;
        if (update.Length > max) throw new DomainException("Notes.Error.TooLarge", max / 1024);
        if (update.Length == 0 || clientUpdateId == Guid.Empty) throw new DomainException("Notes.Error.Invalid");

        var documentId = await db.NoteDocuments.Where(d => d.Key == docKey).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
        if (documentId is { } known && await IsStoredAsync(known, clientUpdateId, ct)) return false;

        try
        {
            await engine.ValidateAsync(update, TextField, ct);
        }
        catch (YjsEngineException ex)
        {
            LogRefused(log, update.Length, ex.IsLimit);
            throw new DomainException("Notes.Error.Invalid");
        }

        documentId ??= await CreateDocumentAsync(docKey, ct);
        var entry = db.NoteUpdates.Add(new NoteUpdate
        {
            DocumentId = documentId.Value,
            Data = update,
            ClientUpdateId = clientUpdateId,
            AuthorUserId = authorUserId,
            CreatedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            entry.State = EntityState.Detached;
            // The same update arrived twice at once (two nodes, or a retry racing the original): the other one won.
            if (await IsStoredAsync(documentId.Value, clientUpdateId, CancellationToken.None)) return false;
            throw;
        }
    }

    /// <summary>
    /// The NotesOpen exchange: everything the client at <paramref name="stateVector"/> lacks (all of it when null)
    /// and the server's state vector, so the client can send back what the server lacks. An unknown key is an empty document.
    /// </summary>
    public async Task<NotesOpenResult> OpenAsync(string docKey, byte[]? stateVector, CancellationToken ct = default)
    {
        RequireKey(docKey);
        if (stateVector is { Length: 0 or > MaxStateVectorBytes }) throw new DomainException("Notes.Error.Invalid");
        var state = await LoadAsync(docKey, ct);
        if (state is null) return new NotesOpenResult(YjsEngine.EmptyUpdate.ToArray(), YjsEngine.EmptyStateVector.ToArray());
        try
        {
            var (update, sv) = await engine.OpenAsync(state.Parts(), stateVector, ct);
            return new NotesOpenResult(update, sv);
        }
        catch (YjsEngineException ex) when (!ex.IsLimit && stateVector is not null)
        {
            // The stored log is validated on the way in, so what Yjs refused here is the client's state vector.
            throw new DomainException("Notes.Error.Invalid");
        }
    }

    /// <summary>
    /// Merges the snapshot and every stored update into a new snapshot and text, then deletes exactly the updates it merged
    /// (an update stored meanwhile stays in the log). Does nothing if another compaction (another node) committed first.
    /// </summary>
    public async Task<NotesCompaction> CompactAsync(string docKey, CancellationToken ct = default)
    {
        RequireKey(docKey);
        var state = await LoadAsync(docKey, ct);
        return state is null ? new NotesCompaction(0, "") : await CompactAsync(state, ct);
    }

    /// <summary>The exact current text (compacting on the way). Used for minutes. An unknown key has no text.</summary>
    public async Task<string> GetTextAsync(string docKey, CancellationToken ct = default)
    {
        RequireKey(docKey);
        var state = await LoadAsync(docKey, ct);
        if (state is null) return "";
        if (state.Updates.Count == 0) return state.Text;
        return (await CompactAsync(state, ct)).Text;
    }

    /// <summary>The current notes as safe HTML (Markdig without raw HTML, then sanitised).</summary>
    public async Task<string> GetHtmlAsync(string docKey, CancellationToken ct = default)
        => markdown.ToHtml(await GetTextAsync(docKey, ct));

    /// <summary>Documents whose log is longer than <see cref="NotesOptions.CompactAfterUpdates"/> (for the background compactor).</summary>
    public async Task<List<string>> FindDocumentsToCompactAsync(int max, CancellationToken ct = default)
    {
        var threshold = options.Value.CompactAfterUpdates;
        var ids = await db.NoteUpdates.GroupBy(u => u.DocumentId)
            .Where(g => g.Count() > threshold)
            .OrderByDescending(g => g.Count()) // the longest logs first
            .Select(g => g.Key)
            .Take(max)
            .ToListAsync(ct);
        return await db.NoteDocuments.Where(d => ids.Contains(d.Id)).Select(d => d.Key).ToListAsync(ct);
    }

    private async Task<NotesCompaction> CompactAsync(DocumentState state, CancellationToken ct)
    {
        if (state.Updates.Count == 0) return new NotesCompaction(0, state.Text);
        var (snapshot, text) = await engine.CompactAsync(state.Parts(), TextField, ct);
        if (BeforeCompactionWrite is { } hook) await hook();

        var merged = state.Updates.Select(u => u.Id).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Conditional on the version read: if another compaction committed meanwhile, its snapshot already holds
        // (some of) these updates and deleting by our list could be wrong, so this attempt writes nothing.
        var won = await db.NoteDocuments
            .Where(d => d.Id == state.Id && d.Version == state.Version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Snapshot, snapshot)
                .SetProperty(d => d.Text, text)
                .SetProperty(d => d.UpdatedAt, clock.GetUtcNow())
                .SetProperty(d => d.Version, d => d.Version + 1), ct);
        if (won == 0)
        {
            await tx.RollbackAsync(ct);
            LogCompactionLost(log, state.Id);
            return new NotesCompaction(0, text);
        }
        // Exactly the ids that went into the snapshot: never "everything up to id X", which would drop an update
        // inserted concurrently with a smaller id or not yet visible when the log was read.
        var deleted = 0;
        foreach (var chunk in merged.Chunk(500))
        {
            deleted += await db.NoteUpdates.Where(u => u.DocumentId == state.Id && chunk.Contains(u.Id)).ExecuteDeleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        LogCompacted(log, state.Id, deleted, snapshot.Length);
        return new NotesCompaction(deleted, text);
    }

    /// <summary>
    /// Reads snapshot and log as one consistent state without a long transaction: the version is read again after
    /// the log, and if a compaction committed in between (moving updates from the log into the snapshot) we read again.
    /// </summary>
    private async Task<DocumentState?> LoadAsync(string docKey, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var doc = await db.NoteDocuments.AsNoTracking().Where(d => d.Key == docKey)
                .Select(d => new { d.Id, d.Version, d.Snapshot, d.Text })
                .FirstOrDefaultAsync(ct);
            if (doc is null) return null;
            var updates = await db.NoteUpdates.AsNoTracking().Where(u => u.DocumentId == doc.Id)
                .OrderBy(u => u.Id)
                .Select(u => new StoredUpdate(u.Id, u.Data))
                .ToListAsync(ct);
            var version = await db.NoteDocuments.Where(d => d.Id == doc.Id).Select(d => d.Version).FirstAsync(ct);
            if (version == doc.Version) return new DocumentState(doc.Id, doc.Version, doc.Snapshot, doc.Text, updates);
            if (attempt >= 20) throw new InvalidOperationException("Notes document keeps changing under the reader.");
        }
    }

    private Task<bool> IsStoredAsync(Guid documentId, Guid clientUpdateId, CancellationToken ct)
        => db.NoteUpdates.AnyAsync(u => u.DocumentId == documentId && u.ClientUpdateId == clientUpdateId, ct);

    private async Task<Guid> CreateDocumentAsync(string docKey, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var doc = new NoteDocument { Key = docKey, CreatedAt = now, UpdatedAt = now };
        db.NoteDocuments.Add(doc);
        try
        {
            await db.SaveChangesAsync(ct);
            return doc.Id;
        }
        catch (DbUpdateException)
        {
            // Another request created it first (unique key).
            db.Entry(doc).State = EntityState.Detached;
            return await db.NoteDocuments.Where(d => d.Key == docKey).Select(d => d.Id).FirstAsync(ct);
        }
    }

    private static void RequireKey(string docKey)
    {
        if (string.IsNullOrEmpty(docKey) || docKey.Length > NoteDocument.KeyMaxLength || !KeyPattern().IsMatch(docKey))
            throw new DomainException("Notes.Error.UnknownDocument");
    }

    [GeneratedRegex("^[A-Za-z0-9:._-]+$")]
    private static partial Regex KeyPattern();

    private sealed record StoredUpdate(Guid Id, byte[] Data);

    private sealed record DocumentState(Guid Id, long Version, byte[] Snapshot, string Text, List<StoredUpdate> Updates)
    {
        /// <summary>Snapshot first, then the log: the order does not matter to Yjs, it only keeps the work predictable.</summary>
        public List<byte[]> Parts()
        {
            var parts = new List<byte[]>(Updates.Count + 1);
            if (Snapshot.Length > 0) parts.Add(Snapshot);
            parts.AddRange(Updates.Select(u => u.Data));
            return parts;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notes update refused ({Bytes} bytes, engine limit: {Limit})")]
    private static partial void LogRefused(ILogger logger, int bytes, bool limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notes document {DocumentId} compacted: {Merged} update(s) merged, snapshot {Bytes} bytes")]
    private static partial void LogCompacted(ILogger logger, Guid documentId, int merged, int bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notes document {DocumentId}: another compaction committed first")]
    private static partial void LogCompactionLost(ILogger logger, Guid documentId);
}
