using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Common;

/// <summary>
/// The clock background loops wait on. The app's <see cref="TimeProvider"/> decides what is due (reminders, purges,
/// hand-overs); this one only decides when a loop looks again. Kept apart so a test host can jump the business clock
/// by days without waking every loop of the app at once, and a worker test can drive a loop with its own fake clock.
/// </summary>
public sealed record WorkerClock(TimeProvider Delays)
{
    public static readonly WorkerClock System = new(TimeProvider.System);
}

/// <summary>
/// The one shape of CaseHub's background loops: a round of work, then a wait of <see cref="Interval"/> plus up to
/// <see cref="Jitter"/> of it (nodes started together drift apart instead of hitting the same rows in step), until the
/// host stops.
/// <para><b>Every node runs every worker.</b> A round must be idempotent and safe beside the same round on another node
/// (conditional UPDATEs, outbox dedup keys, unique rows): the base cannot do that for it. Within one process rounds
/// never overlap: the loop and a caller of <see cref="RunOnceAsync"/> (a test, an admin action) take turns.</para>
/// <para><b>Failures</b> are logged with the worker, the step and the exception types only, never the message: messages
/// can carry addresses, names or case text. The next round tries again.</para>
/// </summary>
public abstract partial class PeriodicWorker(WorkerClock clock, ILogger log) : BackgroundService
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Name in logs (the type name by default).</summary>
    protected virtual string Name => GetType().Name;

    /// <summary>Wait between rounds; read before each wait, so a changed option applies from the next round.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Wait before the first round (zero: at once).</summary>
    protected virtual TimeSpan FirstDelay => TimeSpan.Zero;

    /// <summary>Up to this share of <see cref="Interval"/> is added to each wait, at random.</summary>
    protected virtual double Jitter => 0.1;

    /// <summary>One round of work. Returns true when more work is waiting: the next round starts at once.</summary>
    protected abstract Task<bool> RoundAsync(CancellationToken ct);

    /// <summary>The wait between rounds; a worker with a wake-up signal waits on it instead.</summary>
    protected virtual Task WaitAsync(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, clock.Delays, ct);

    /// <summary>One round now, in turn with the loop. Exceptions reach the caller (only the loop logs and carries on).</summary>
    public async Task RunOnceAsync(CancellationToken ct = default)
    {
        await _turn.WaitAsync(ct);
        try { await RoundAsync(ct); }
        finally { _turn.Release(); }
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = FirstDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (wait > TimeSpan.Zero)
            {
                try { await WaitAsync(wait, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
            var more = false;
            try { await _turn.WaitAsync(stoppingToken); }
            catch (OperationCanceledException) { return; }
            try
            {
                more = await RoundAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(ex, "round");
            }
            finally
            {
                _turn.Release();
            }
            wait = more ? TimeSpan.Zero : WithJitter(Interval);
        }
    }

    /// <summary>
    /// Runs one named step of a round: a failing step is logged and the round goes on with the next one (a reminder
    /// that cannot be sent must not stop the purge). Cancellation by the host still stops the round.
    /// </summary>
    protected async Task StepAsync(string step, Func<Task> work, CancellationToken ct)
    {
        try { await work(); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception ex) { LogFailed(ex, step); }
    }

    private TimeSpan WithJitter(TimeSpan interval)
        => Jitter <= 0 ? interval : interval + interval * (Random.Shared.NextDouble() * Jitter);

    private void LogFailed(Exception ex, string step)
    {
        // Types only: "DbUpdateException > SqliteException". The stack trace names code, not people.
        var types = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException) types.Add(e.GetType().Name);
        LogStepFailed(log, Name, step, string.Join(" > ", types), ex.StackTrace ?? "");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker}: {Step} failed ({ErrorTypes}); tried again next round\n{StackTrace}")]
    private static partial void LogStepFailed(ILogger logger, string worker, string step, string errorTypes, string stackTrace);
}
