using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseHub.Benchmarks;

/// <summary>
/// How long CaseHub's database transactions were open during a measurement (EF Core diagnostic events, in process).
/// On SQLite a write transaction holds the one write lock, so the sum of hold times against the wall time says
/// whether a storm is bound by that serialised section or by the work around it.
/// </summary>
public sealed class LockProfiler : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ConcurrentDictionary<Guid, Guid> _openOnConnection = new();   // connection → transaction
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _locked = new();     // transaction → end of its first statement
    private readonly ConcurrentBag<double> _held = [];
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private volatile bool _on;

    public LockProfiler() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public void Start() { _held.Clear(); _openOnConnection.Clear(); _locked.Clear(); _on = true; }

    public (int Count, double TotalMs, double MaxMs) Stop()
    {
        _on = false;
        var list = _held.ToList();
        return (list.Count, list.Sum(), list.Count == 0 ? 0 : list.Max());
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (_listeners) _listeners.Add(listener.Subscribe(this, name => name == RelationalEventId.TransactionStarted.Name
                || name == RelationalEventId.TransactionCommitted.Name || name == RelationalEventId.TransactionRolledBack.Name
                || name == RelationalEventId.CommandExecuted.Name));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (!_on) return;
        // The hold starts when the transaction's first statement (the lock-taking UPDATE) has completed: time spent
        // waiting for the lock is not holding it.
        if (e.Key == RelationalEventId.TransactionStarted.Name && e.Value is TransactionEventData s)
            _openOnConnection[s.ConnectionId] = s.TransactionId;
        else if (e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData c
                 && _openOnConnection.TryGetValue(c.ConnectionId, out var tx))
            _locked.TryAdd(tx, c.StartTime + c.Duration);
        else if ((e.Key == RelationalEventId.TransactionCommitted.Name || e.Key == RelationalEventId.TransactionRolledBack.Name) && e.Value is TransactionEndEventData end)
        {
            _openOnConnection.TryRemove(end.ConnectionId, out _);
            if (_locked.TryRemove(end.TransactionId, out var from)) _held.Add((end.StartTime + end.Duration - from).TotalMilliseconds);
        }
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }

    public void Dispose()
    {
        _subscription.Dispose();
        lock (_listeners) foreach (var l in _listeners) l.Dispose();
    }
}
