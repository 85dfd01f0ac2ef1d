using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseHub.Benchmarks;

/// <summary>
/// The two fan-out baselines, in this process on their own Kestrel port: a raw ASP.NET Core WebSocket endpoint that
/// relays every message it receives to the other sockets of the same room, and a SignalR hub that only relays to a
/// group (JSON protocol, like CaseHub's hub). No authentication, no database: the framework's own cost.
/// </summary>
public sealed class Baselines : IAsyncDisposable
{
    private readonly WebApplication _app;
    public Uri BaseAddress { get; }

    private Baselines(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public static async Task<Baselines> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 512 * 1024);
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<RelayHub>("/hub");
        var rooms = new ConcurrentDictionary<string, ConcurrentDictionary<Guid, RawSocket>>();
        app.Map("/ws", async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest) { http.Response.StatusCode = 400; return; }
            var room = http.Request.Query["room"].ToString();
            using var ws = await http.WebSockets.AcceptWebSocketAsync();
            var me = new RawSocket(ws);
            var members = rooms.GetOrAdd(room, _ => new());
            var id = Guid.NewGuid();
            members[id] = me;
            var buffer = new byte[64 * 1024];
            try
            {
                while (ws.State == WebSocketState.Open)
                {
                    var count = 0;
                    WebSocketReceiveResult r;
                    do
                    {
                        r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer, count, buffer.Length - count), http.RequestAborted);
                        count += r.Count;
                    } while (!r.EndOfMessage && count < buffer.Length);
                    if (r.MessageType == WebSocketMessageType.Close) break;
                    var message = buffer.AsMemory(0, count).ToArray();
                    var sends = new List<Task>(members.Count);
                    foreach (var (otherId, other) in members)
                        if (otherId != id) sends.Add(other.SendAsync(message));
                    await Task.WhenAll(sends);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
            finally { members.TryRemove(id, out _); }
        });
        await app.StartAsync();
        var address = app.Urls.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1");
        return new Baselines(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The semaphore is only awaited (no wait handle to release), and other connections may still be sending to this socket after it closed")]
    private sealed class RawSocket(WebSocket ws)
    {
        private readonly SemaphoreSlim _lock = new(1, 1);

        public async Task SendAsync(byte[] message)
        {
            await _lock.WaitAsync();
            try { await ws.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None); }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException) { }
            finally { _lock.Release(); }
        }
    }
}

/// <summary>The minimal SignalR relay: join a group, send a payload to it. Nothing else.</summary>
public sealed class RelayHub : Hub
{
    public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);
    public Task Relay(string group, JsonElement payload) => Clients.Group(group).SendAsync("Patch", payload); // the name CaseHub's room hub sends (IRoomClient.Patch)
}
