using System.Collections.Concurrent;

namespace CaseHub.Core.Common;

/// <summary>
/// One-at-a-time turns per key inside this process. Used in front of a database lock that already makes a change
/// correct across nodes: without it, a burst of requests for the same key would each take a pooled connection and then
/// wait on the database's row lock while holding it, emptying the pool (requests for anything else then time out);
/// with it, the burst waits here in memory and uses one connection at a time. Correctness never depends on it.
/// </summary>
public class KeyedTurns<TKey> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Turn> _turns = new();

    /// <summary>Waits for the turns of every key (taken in key order, so two multi-key callers never deadlock).</summary>
    public async Task<IDisposable> TakeAsync(IEnumerable<TKey> keys, CancellationToken ct)
    {
        var taken = new List<Taken>();
        try
        {
            foreach (var key in keys.Distinct().Order())
            {
                var entry = new Taken(key, Enter(key));
                taken.Add(entry);
                await entry.Turn.Semaphore.WaitAsync(ct);
                entry.Held = true;
            }
            return new Release(this, taken);
        }
        catch
        {
            new Release(this, taken).Dispose();
            throw;
        }
    }

    /// <summary>The number of keys with someone holding or waiting for a turn (tests: nothing lingers).</summary>
    public int Active => _turns.Count;

    private Turn Enter(TKey key)
    {
        while (true)
        {
            var turn = _turns.GetOrAdd(key, _ => new Turn());
            lock (turn)
            {
                if (turn.Users >= 0) { turn.Users++; return turn; }
            }
            // That turn was just retired by its last user: take the fresh one.
        }
    }

    private void Leave(TKey key, Turn turn)
    {
        lock (turn)
        {
            if (--turn.Users > 0) return;
            turn.Users = -1; // retired: a late Enter retries with a new one
        }
        _turns.TryRemove(new KeyValuePair<TKey, Turn>(key, turn));
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim whose wait handle is never asked for holds nothing to dispose.")]
    private sealed class Turn
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }

    private sealed class Taken(TKey key, Turn turn)
    {
        public TKey Key { get; } = key;
        public Turn Turn { get; } = turn;
        public bool Held { get; set; }
    }

    private sealed class Release(KeyedTurns<TKey> owner, List<Taken> taken) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 1) return;
            for (var i = taken.Count - 1; i >= 0; i--)
            {
                var entry = taken[i];
                if (entry.Held) entry.Turn.Semaphore.Release();
                owner.Leave(entry.Key, entry.Turn);
            }
        }
    }
}
