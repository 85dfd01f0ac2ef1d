using System.Collections.Concurrent;
using System.Diagnostics;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Notes;

/// <summary>
/// The real Yjs code (Notes/yjs-engine.js, built by scripts/vendor.mjs) running in the Jint interpreter: there is no
/// maintained Yjs port for .NET, and re-implementing the CRDT would be the surest way to lose keystrokes.
/// Jint engines are not thread-safe, so a small pool of them shares one parsed script. Every call runs under a time,
/// allocation and recursion limit so a hostile update cannot hang the server or overflow its stack.
/// All updates are Yjs update format v1.
/// </summary>
public sealed partial class YjsEngine : IDisposable
{
    private const string ResourceName = "CaseHub.Core.Notes.yjs-engine.js";

    /// <summary>Parsing the 80 KB bundle is the slow part of starting an engine: done once per process.</summary>
    private static readonly Lazy<Prepared<Script>> Script = new(() =>
    {
        using var stream = typeof(YjsEngine).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing (run npm run vendor).");
        using var reader = new StreamReader(stream);
        return Engine.PrepareScript(reader.ReadToEnd(), "yjs-engine.js");
    });

    /// <summary>An update with nothing in it (no structs, empty delete set).</summary>
    public static ReadOnlySpan<byte> EmptyUpdate => [0, 0];

    /// <summary>The state vector of an empty document.</summary>
    public static ReadOnlySpan<byte> EmptyStateVector => [0];

    private readonly ConcurrentBag<Instance> _idle = [];
    private readonly SemaphoreSlim _slots;
    private readonly NotesOptions _options;
    private readonly ILogger<YjsEngine> _log;

    public YjsEngine(IOptions<NotesOptions> options, ILogger<YjsEngine> log)
    {
        _options = options.Value;
        _log = log;
        var size = _options.EnginePoolSize > 0 ? _options.EnginePoolSize : Math.Max(2, Environment.ProcessorCount);
        _slots = new SemaphoreSlim(size, size);
    }

    private TimeSpan WholeDocument => TimeSpan.FromSeconds(_options.EngineTimeoutSeconds);

    /// <summary>Starts one interpreter ahead of the first keystroke (parsing and JIT take a few seconds).</summary>
    public Task WarmUpAsync(CancellationToken ct = default)
        => RunAsync(i => i.Call("stateVector", i.Bytes(EmptyUpdate)).AsUint8Array(), WholeDocument, ct);

    /// <summary>
    /// Throws <see cref="YjsEngineException"/> unless <paramref name="update"/> is a well-formed Yjs update; with
    /// <paramref name="textField"/>, also unless it only holds plain-text edits of that Y.Text. Returns its number of structs.
    /// </summary>
    public Task<int> ValidateAsync(byte[] update, string? textField = null, CancellationToken ct = default)
        => RunAsync(i => (int)i.Call("validate", i.Bytes(update), textField is null ? JsValue.Undefined : textField).AsNumber(),
            TimeSpan.FromSeconds(_options.ValidateTimeoutSeconds), ct);

    /// <summary>Y.mergeUpdates: one update equivalent to all (no garbage collection of deleted content).</summary>
    public Task<byte[]> MergeAsync(IReadOnlyList<byte[]> updates, CancellationToken ct = default)
        => RunAsync(i => i.Call("merge", i.Array(updates)).AsUint8Array(), WholeDocument, ct);

    /// <summary>Y.diffUpdate: what a peer at <paramref name="stateVector"/> lacks (null = everything).</summary>
    public Task<byte[]> DiffAsync(byte[] update, byte[]? stateVector, CancellationToken ct = default)
        => RunAsync(i => i.Call("diff", i.Bytes(update), i.BytesOrNull(stateVector)).AsUint8Array(), WholeDocument, ct);

    /// <summary>Y.encodeStateVectorFromUpdate.</summary>
    public Task<byte[]> StateVectorAsync(byte[] update, CancellationToken ct = default)
        => RunAsync(i => i.Call("stateVector", i.Bytes(update)).AsUint8Array(), WholeDocument, ct);

    /// <summary>The text of the Y.Text <paramref name="field"/> once <paramref name="update"/> is applied to an empty document.</summary>
    public Task<string> TextAsync(byte[] update, string field, CancellationToken ct = default)
        => RunAsync(i => i.Call("text", i.Bytes(update), field).AsString(), WholeDocument, ct);

    /// <summary>
    /// All <paramref name="updates"/> as one update (a fresh Y.Doc's state: deleted content garbage-collected, parts that
    /// cannot integrate yet kept) and the text of <paramref name="field"/>.
    /// </summary>
    public Task<(byte[] Update, string Text)> CompactAsync(IReadOnlyList<byte[]> updates, string field, CancellationToken ct = default)
        => RunAsync(i =>
        {
            var r = i.Call("compact", i.Array(updates), field);
            return (r.Get("update").AsUint8Array(), r.Get("text").AsString());
        }, WholeDocument, ct);

    /// <summary>What a client at <paramref name="stateVector"/> (null = nothing) lacks from <paramref name="updates"/>, and their state vector.</summary>
    public Task<(byte[] Update, byte[] StateVector)> OpenAsync(IReadOnlyList<byte[]> updates, byte[]? stateVector, CancellationToken ct = default)
        => RunAsync(i =>
        {
            var r = i.Call("open", i.Array(updates), i.BytesOrNull(stateVector));
            return (r.Get("update").AsUint8Array(), r.Get("stateVector").AsUint8Array());
        }, WholeDocument, ct);

    private async Task<T> RunAsync<T>(Func<Instance, T> work, TimeSpan timeout, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        Instance? instance = null;
        var keep = false;
        try
        {
            instance = _idle.TryTake(out var idle) ? idle : Create();
            instance.Limit.Begin(timeout, ct);
            T result;
            try
            {
                result = work(instance);
            }
            finally
            {
                instance.Limit.End();
            }
            keep = true;
            return result;
        }
        catch (JavaScriptException ex)
        {
            // Malformed input: Yjs threw. The interpreter itself is fine.
            keep = true;
            throw new YjsEngineException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is TimeoutException or JintException or InsufficientExecutionStackException)
        {
            // A limit hit mid-call may leave the interpreter in any state: drop it, a new one is made on demand.
            LogLimitHit(_log, ex.GetType().Name);
            throw new YjsEngineException("Yjs engine limit exceeded: " + ex.GetType().Name, ex) { IsLimit = true };
        }
        finally
        {
            if (instance is not null && keep) _idle.Add(instance);
            _slots.Release();
        }
    }

    private Instance Create()
    {
        var started = Stopwatch.GetTimestamp();
        var limit = new CallLimit();
        var engine = new Engine(o => o
            .Strict()
            .LimitRecursion(256)
            .LimitMemory(_options.EngineMemoryLimitMegabytes * 1024L * 1024L)
            .Constraint(limit));
        engine.Execute(Script.Value);
        var api = engine.GetValue("YEngine").AsObject();
#pragma warning disable CA1873 // one subtraction when an engine starts (a few times per process), not worth a guard
        LogEngineStarted(_log, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
#pragma warning restore CA1873
        return new Instance(engine, api, limit);
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var i)) i.Engine.Dispose();
        _slots.Dispose();
    }

    private sealed class Instance(Engine engine, ObjectInstance api, CallLimit limit)
    {
        public Engine Engine { get; } = engine;
        public CallLimit Limit { get; } = limit;

        public JsValue Call(string function, params JsValue[] args) => Engine.Call(api.Get(function), api, args);

        public JsTypedArray Bytes(ReadOnlySpan<byte> data) => Engine.Intrinsics.Uint8Array.Construct(data);

        public JsValue BytesOrNull(byte[]? data) => data is null ? JsValue.Null : Bytes(data);

        public JsArray Array(IReadOnlyList<byte[]> items)
        {
            var values = new JsValue[items.Count];
            for (var n = 0; n < values.Length; n++) values[n] = Bytes(items[n]);
            return new JsArray(Engine, values);
        }
    }

    /// <summary>Per-call deadline and cancellation, checked by Jint between statements.</summary>
    private sealed class CallLimit : Constraint
    {
        private long _deadline = long.MaxValue;
        private CancellationToken _ct;

        public void Begin(TimeSpan timeout, CancellationToken ct)
        {
            _deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            _ct = ct;
        }

        public void End()
        {
            _deadline = long.MaxValue;
            _ct = CancellationToken.None;
        }

        public override void Check()
        {
            _ct.ThrowIfCancellationRequested();
            if (Stopwatch.GetTimestamp() > _deadline) throw new TimeoutException("Yjs engine call exceeded its time limit.");
        }

        public override void Reset()
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Yjs engine started in {Milliseconds} ms")]
    private static partial void LogEngineStarted(ILogger logger, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Yjs engine call stopped by a limit ({Limit}); interpreter discarded")]
    private static partial void LogLimitHit(ILogger logger, string limit);
}

/// <summary>Yjs refused the input (malformed update or state vector), or the call hit a limit (<see cref="IsLimit"/>).</summary>
public sealed class YjsEngineException(string message, Exception inner) : Exception(message, inner)
{
    public bool IsLimit { get; init; }
}
