using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Benchmarks;

/// <summary>
/// When each receiver got the current event. Armed before an event is sent; a receiver's first message while armed
/// counts (later ones and messages outside a measurement, e.g. presence during joins, are ignored).
/// </summary>
public sealed class Receipts(int count)
{
    private readonly long[] _at = new long[count];
    private int _received;
    private volatile bool _armed;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count => count;
    public bool IsArmed => _armed;

    public Task Arm()
    {
        Array.Clear(_at);
        _received = 0;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _armed = true;
        return _done.Task;
    }

    public void Hit(int i)
    {
        if (!_armed) return;
        var now = Stopwatch.GetTimestamp();
        if (Interlocked.CompareExchange(ref _at[i], now, 0) != 0) return;
        if (Interlocked.Increment(ref _received) == count) _done.TrySetResult();
    }

    /// <summary>Latencies (ms) of the receivers that got the event since <paramref name="t0"/>; the number that did not.</summary>
    public (List<double> Latencies, int Missing) Disarm(long t0)
    {
        _armed = false;
        var list = new List<double>(count);
        var missing = 0;
        foreach (var at in _at)
            if (at == 0) missing++; else list.Add(Stopwatch.GetElapsedTime(t0, at).TotalMilliseconds);
        return (list, missing);
    }
}

/// <summary>One room of one system: receivers connected and joined, and a sender that emits one event.</summary>
public abstract class FanOutRoom : IAsyncDisposable
{
    public Receipts Receipts { get; protected init; } = null!;

    /// <summary>Called before a series of events (CaseHub: a fresh chair connection, whose per-connection command budget is full).</summary>
    public virtual Task PrepareSenderAsync() => Task.CompletedTask;

    protected abstract Task SendAsync();

    /// <summary>Sends one event and waits until every receiver has it (or the timeout).</summary>
    public async Task<(List<double> Latencies, int Missing)> OneEventAsync(TimeSpan timeout)
    {
        var done = Receipts.Arm();
        var t0 = Stopwatch.GetTimestamp();
        var send = SendAsync();
        try { await done.WaitAsync(timeout); } catch (TimeoutException) { }
        var result = Receipts.Disarm(t0);
        await send;
        return result;
    }

    public abstract ValueTask DisposeAsync();
}

public interface IFanOutSystem
{
    string Name { get; }
    /// <summary>A room with <paramref name="receivers"/> connected, joined receivers (CaseHub: users from <paramref name="userOffset"/> on).</summary>
    Task<FanOutRoom> CreateRoomAsync(int receivers, int userOffset = 0);
}

/// <summary>CaseHub's room path: the chair's AddTime command through RoomHub → RoomEngine (load, apply, save) → patch to the room group.</summary>
public sealed class CaseHubFanOut(BenchApp app) : IFanOutSystem
{
    public string Name => "CaseHub room";
    /// <summary>The first patch a receiver got, relayed verbatim by the baselines so they carry the same payload.</summary>
    public static string? SamplePatch { get; private set; }

    public async Task<FanOutRoom> CreateRoomAsync(int receivers, int userOffset = 0)
    {
        var users = Enumerable.Range(0, Math.Min(receivers, app.Users.Count)).Select(i => app.Users[(userOffset + i) % app.Users.Count]).ToList();
        var roomId = await app.CreateRoomAsync(users.Select(u => u.Id));
        var room = new Room(app, roomId, receivers);
        for (var i = 0; i < receivers; i++)
        {
            var user = users[i % users.Count];
            var c = Connect(app, user.Web);
            var index = i;
            c.On<JsonElement>("Patch", e =>
            {
                if (room.Receipts.IsArmed) SamplePatch ??= e.GetRawText();
                room.Receipts.Hit(index);
            });
            await c.StartAsync();
            await c.InvokeAsync<JsonElement>("Join", roomId);
            room.Connections.Add(c);
        }
        await room.PrepareSenderAsync();
        await room.Chair!.InvokeAsync<bool>("Start", roomId);
        await Task.Delay(100);
        return room;
    }

    public static HubConnection Connect(BenchApp app, FormClient web) => new HubConnectionBuilder()
        .WithUrl(new Uri(app.Factory.BaseAddress, "/hubs/room"), o =>
        {
            o.Cookies = web.Cookies;
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        }).Build();

    private sealed class Room : FanOutRoom
    {
        private readonly BenchApp _app;
        private readonly Guid _roomId;
        public List<HubConnection> Connections { get; } = [];
        public HubConnection? Chair { get; private set; }

        public Room(BenchApp app, Guid roomId, int receivers)
        {
            _app = app;
            _roomId = roomId;
            Receipts = new Receipts(receivers);
        }

        public override async Task PrepareSenderAsync()
        {
            if (Chair is not null) await Chair.DisposeAsync();
            Chair = Connect(_app, _app.ChairWeb);
            await Chair.StartAsync();
            // The chair is in the room (as in a real meeting), so the chair watch never sees it absent.
            await Chair.InvokeAsync<JsonElement>("Join", _roomId);
        }

        protected override Task SendAsync() => Chair!.InvokeAsync<bool>("AddTime", _roomId, 30, Guid.NewGuid());

        public override async ValueTask DisposeAsync()
        {
            if (Chair is not null) await Chair.DisposeAsync();
            await Task.WhenAll(Connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}

/// <summary>Baseline (b): the minimal SignalR hub relaying to a group.</summary>
public sealed class HubFanOut(Baselines baselines) : IFanOutSystem
{
    public string Name => "minimal SignalR hub";

    public async Task<FanOutRoom> CreateRoomAsync(int receivers, int userOffset = 0)
    {
        var group = Guid.NewGuid().ToString("N");
        var room = new Room(group, receivers);
        for (var i = 0; i < receivers; i++)
        {
            var c = Connect();
            var index = i;
            c.On<JsonElement>("Patch", _ => room.Receipts.Hit(index));
            await c.StartAsync();
            await c.InvokeAsync("Join", group);
            room.Connections.Add(c);
        }
        room.Sender = Connect();
        await room.Sender.StartAsync();
        return room;
    }

    private HubConnection Connect() => new HubConnectionBuilder()
        .WithUrl(new Uri(baselines.BaseAddress, "/hub"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        }).Build();

    private sealed class Room : FanOutRoom
    {
        private readonly string _group;
        private JsonElement? _payload;
        public List<HubConnection> Connections { get; } = [];
        public HubConnection Sender { get; set; } = null!;

        public Room(string group, int receivers)
        {
            _group = group;
            Receipts = new Receipts(receivers);
        }

        protected override Task SendAsync()
        {
            _payload ??= JsonDocument.Parse(CaseHubFanOut.SamplePatch ?? "{\"version\":1}").RootElement.Clone();
            return Sender.InvokeAsync("Relay", _group, _payload.Value);
        }

        public override async ValueTask DisposeAsync()
        {
            await Sender.DisposeAsync();
            await Task.WhenAll(Connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}

/// <summary>Baseline (a): raw WebSockets, the server relaying each message to the room's other sockets.</summary>
public sealed class RawFanOut(Baselines baselines) : IFanOutSystem
{
    public string Name => "raw WebSocket";

    public async Task<FanOutRoom> CreateRoomAsync(int receivers, int userOffset = 0)
    {
        var group = Guid.NewGuid().ToString("N");
        var uri = new Uri(baselines.BaseAddress.ToString().Replace("http://", "ws://").TrimEnd('/') + "/ws?room=" + group);
        var room = new Room(receivers);
        for (var i = 0; i < receivers; i++)
        {
            var ws = new ClientWebSocket();
            await ws.ConnectAsync(uri, CancellationToken.None);
            var index = i;
            room.Loops.Add(Task.Run(() => ReceiveLoopAsync(ws, () => room.Receipts.Hit(index))));
            room.Sockets.Add(ws);
        }
        room.Sender = new ClientWebSocket();
        await room.Sender.ConnectAsync(uri, CancellationToken.None);
        room.Loops.Add(Task.Run(() => ReceiveLoopAsync(room.Sender, () => { })));
        await Task.Delay(100); // the server registers sockets as it accepts them
        return room;
    }

    private static async Task ReceiveLoopAsync(ClientWebSocket ws, Action onMessage)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (ws.State == WebSocketState.Open)
            {
                var r = await ws.ReceiveAsync(buffer, CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close) break;
                if (r.EndOfMessage) onMessage();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException) { }
    }

    private sealed class Room : FanOutRoom
    {
        private byte[]? _payload;
        public List<ClientWebSocket> Sockets { get; } = [];
        public List<Task> Loops { get; } = [];
        public ClientWebSocket Sender { get; set; } = null!;

        public Room(int receivers) => Receipts = new Receipts(receivers);

        protected override Task SendAsync()
        {
            _payload ??= Encoding.UTF8.GetBytes(CaseHubFanOut.SamplePatch ?? "{\"version\":1}");
            return Sender.SendAsync(_payload, WebSocketMessageType.Text, true, CancellationToken.None);
        }

        public override async ValueTask DisposeAsync()
        {
            foreach (var ws in Sockets.Append(Sender))
            {
                try { await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); } catch { }
                ws.Dispose();
            }
        }
    }
}
