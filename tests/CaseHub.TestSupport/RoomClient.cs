using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaseHub.TestSupport;

/// <summary>
/// A real SignalR .NET client on the room hub, signed in as a user through the real sign-in form. It records every
/// message it receives as raw JSON, so tests can check what a client could see.
/// </summary>
public sealed class RoomClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Method, string Json)> _received = new();
    private readonly FormClient _web;

    public HubConnection Connection { get; }
    public Guid UserId { get; private set; }
    public string Email { get; }

    private RoomClient(CaseHubFactory app, FormClient web, string email, bool statefulReconnect)
    {
        _web = web;
        Email = email;
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/room"), o =>
            {
                o.Cookies = web.Cookies;
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            });
        if (statefulReconnect) builder = builder.WithStatefulReconnect();
        Connection = builder.Build();
        foreach (var method in new[] { "patch", "presence", "removed", "NotesUpdate", "NotesAwareness" })
            Connection.On<JsonElement>(method, e => _received.Enqueue((method, e.GetRawText())));
    }

    public static async Task<RoomClient> ConnectAsync(CaseHubFactory app, string email, string password = Core.Demo.DemoData.Password, bool statefulReconnect = true)
    {
        var web = app.NewClient();
        await web.SignInAsync(email, password);
        var client = new RoomClient(app, web, email, statefulReconnect);
        await client.Connection.StartAsync();
        client.UserId = await app.WithDbAsync(async db => db.Users.Single(u => u.Email == email).Id);
        return client;
    }

    public IReadOnlyList<(string Method, string Json)> Received => _received.ToList();

    public IEnumerable<JsonElement> Patches => Received.Where(r => r.Method == "patch").Select(r => JsonDocument.Parse(r.Json).RootElement);

    public void ClearReceived() => _received.Clear();

    public Task<JsonElement> JoinAsync(Guid roomId) => Connection.InvokeAsync<JsonElement>("Join", roomId);

    public Task<JsonElement> StateAsync(Guid roomId) => Connection.InvokeAsync<JsonElement>("GetState", roomId);

    /// <summary>Waits until a received message satisfies <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string method, Func<JsonElement, bool> match, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (m, json) in _received)
            {
                if (m != method) continue;
                var e = JsonDocument.Parse(json).RootElement;
                if (match(e)) return e;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"{Email}: no '{method}' message matched. Received: {string.Join(" | ", _received.Select(r => r.Method + " " + r.Json[..Math.Min(200, r.Json.Length)]))}");
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _web.Dispose();
    }
}
