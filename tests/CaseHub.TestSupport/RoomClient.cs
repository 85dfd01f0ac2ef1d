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

    public HubConnection Connection { get; }
    public Guid UserId { get; private set; }
    public string Email { get; }

    private RoomClient(Uri baseAddress, FormClient web, string email, bool statefulReconnect, TimeSpan[]? reconnectDelays)
    {
        Web = web;
        Email = email;
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/room"), o =>
            {
                o.Cookies = web.Cookies;
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            });
        if (statefulReconnect) builder = builder.WithStatefulReconnect();
        if (reconnectDelays is not null) builder = builder.WithAutomaticReconnect(reconnectDelays);
        Connection = builder.Build();
        // The room hub's client events (CaseHub.Web.Hubs.IRoomClient) that every test may look at.
        foreach (var method in new[] { "Patch", "Presence", "Removed", "NotesUpdate", "NotesAwareness" })
            Connection.On<JsonElement>(method, e => _received.Enqueue((method, e.GetRawText())));
    }

    public static async Task<RoomClient> ConnectAsync(CaseHubFactory app, string email, string password = Core.Demo.DemoData.Password, bool statefulReconnect = true)
    {
        var client = await ConnectAsync(app.BaseAddress, email, password, statefulReconnect);
        client.UserId = await app.WithDbAsync(async db => db.Users.Single(u => u.Email == email).Id);
        return client;
    }

    /// <summary>Signs in at any server (a node, or nginx in front of several) and connects; UserId stays empty.</summary>
    public static async Task<RoomClient> ConnectAsync(Uri baseAddress, string email, string password = Core.Demo.DemoData.Password,
        bool statefulReconnect = true, TimeSpan[]? reconnectDelays = null)
    {
        var web = FormClient.For(baseAddress);
        await web.SignInAsync(email, password);
        var client = new RoomClient(baseAddress, web, email, statefulReconnect, reconnectDelays);
        await client.Connection.StartAsync();
        return client;
    }

    /// <summary>The signed-in HTTP client behind this connection (same cookies, so nginx routes it to the same node).</summary>
    public FormClient Web { get; }

    public IReadOnlyList<(string Method, string Json)> Received => _received.ToList();

    public IEnumerable<JsonElement> Patches => Received.Where(r => r.Method == "Patch").Select(r => JsonDocument.Parse(r.Json).RootElement);

    public void ClearReceived() => _received.Clear();

    /// <summary>"True"/"False": whether <paramref name="user"/> is online in a participant list (a snapshot's or a presence
    /// message); "absent" when the list does not mention them (a presence message about someone else).</summary>
    public static string Online(JsonElement participants, Guid user)
        => participants.EnumerateArray().Where(p => p.GetProperty("userId").GetGuid() == user)
            .Select(p => p.GetProperty("online").GetBoolean().ToString()).SingleOrDefault() ?? "absent";

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
        Web.Dispose();
    }
}
