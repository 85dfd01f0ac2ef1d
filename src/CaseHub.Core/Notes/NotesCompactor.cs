using CaseHub.Core.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Notes;

/// <summary>
/// Keeps every notes log short: documents with more than <see cref="NotesOptions.CompactAfterUpdates"/> stored updates
/// are compacted in the background. Safe with several nodes (a compaction commits only if nobody compacted since it read),
/// and idempotent across restarts (the log itself is the to-do list).
/// </summary>
public sealed partial class NotesCompactor(
    IServiceScopeFactory scopes,
    YjsEngine engine,
    IOptions<NotesOptions> options,
    WorkerClock pacing,
    ILogger<NotesCompactor> log) : PeriodicWorker(pacing, log)
{
    private bool _warm;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.CompactorIntervalSeconds);

    // The first interpreter takes a second or more of CPU to start: pay that a little after start-up (not competing
    // with it) rather than on someone's first keystroke.
    protected override TimeSpan FirstDelay => TimeSpan.FromSeconds(5);

    protected override async Task<bool> RoundAsync(CancellationToken ct)
    {
        if (!_warm)
        {
            _warm = true;
            await StepAsync("warm-up", () => engine.WarmUpAsync(ct), ct);
        }
        await CompactDueAsync(ct);
        return false;
    }

    /// <summary>One pass: compacts every document that is due. Returns how many were compacted.</summary>
    public async Task<int> CompactDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var notes = scope.ServiceProvider.GetRequiredService<NotesService>();
        var keys = await notes.FindDocumentsToCompactAsync(50, ct);
        var done = 0;
        // Random order: nodes polling together then mostly pick different documents.
        foreach (var key in keys.OrderBy(_ => Random.Shared.Next()))
        {
            try
            {
                if ((await notes.CompactAsync(key, ct)).Merged > 0) done++;
            }
            catch (YjsEngineException ex)
            {
                LogDocumentFailed(log, ex.IsLimit);
            }
        }
        return done;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Notes compaction of one document failed (engine limit: {Limit})")]
    private static partial void LogDocumentFailed(ILogger logger, bool limit);
}
