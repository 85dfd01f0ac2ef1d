using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseHub.Benchmarks;

/// <summary>
/// Counts CaseHub's database commands (EF Core diagnostic events, in process) while on: the fan-out report gives the
/// round-trips per room event, the part of CaseHub's latency the baselines do not have.
/// </summary>
public sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private volatile bool _on;
    private int _count;

    public CommandCounter() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public void Start() { Interlocked.Exchange(ref _count, 0); _on = true; }

    public int Stop() { _on = false; return Volatile.Read(ref _count); }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (_listeners) _listeners.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (_on && e.Key == RelationalEventId.CommandExecuted.Name) Interlocked.Increment(ref _count);
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }

    public void Dispose()
    {
        _subscription.Dispose();
        lock (_listeners) foreach (var l in _listeners) l.Dispose();
    }
}
