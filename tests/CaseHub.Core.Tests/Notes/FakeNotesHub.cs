using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Notes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Tests.Notes;

/// <summary>
/// The notes part of the room hub exactly as the wire contract says, over the real NotesService, so the provider shared
/// by the browser editor and tests/tools/notes-client.mjs is tested end to end. (No authorisation here: the real hub
/// checks room membership and refuses NotesPush from observers.)
/// </summary>
public sealed class FakeNotesHub(NotesService notes) : Hub
{
    public sealed record NotesOpenResponse(string Update, string StateVector);

    public async Task<NotesOpenResponse> NotesOpen(string docKey, string? stateVectorBase64)
    {
        // Join the group BEFORE reading: an update stored meanwhile then reaches this client (twice at worst, harmless)
        // instead of falling between the read and the join.
        await Groups.AddToGroupAsync(Context.ConnectionId, docKey);
        var r = await Call(() => notes.OpenAsync(docKey, stateVectorBase64 is null ? null : Decode(stateVectorBase64)));
        return new NotesOpenResponse(Convert.ToBase64String(r.Update), Convert.ToBase64String(r.StateVector));
    }

    public async Task NotesPush(string docKey, string updateBase64, string clientUpdateId)
    {
        if (!Guid.TryParse(clientUpdateId, out var id)) throw new HubException("Notes.Error.Invalid");
        var stored = await Call(() => notes.AppendAsync(docKey, Decode(updateBase64), id, null));
        if (stored) await Clients.OthersInGroup(docKey).SendAsync("NotesUpdate", docKey, updateBase64);
    }

    public Task NotesAwareness(string docKey, string updateBase64)
        => updateBase64.Length > 16 * 1024 ? Task.CompletedTask : Clients.OthersInGroup(docKey).SendAsync("NotesAwareness", docKey, updateBase64);

    private static byte[] Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new HubException("Notes.Error.Invalid");
        }
    }

    private static async Task<T> Call<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (DomainException ex)
        {
            // The real hub sends the localized text; the key is enough here.
            throw new HubException(ex.TextKey);
        }
    }
}

/// <summary>A minimal Kestrel host serving <see cref="FakeNotesHub"/> at /hubs/room over a test bed's database.</summary>
internal sealed class FakeNotesServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeNotesServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }
    public string HubUrl => $"http://127.0.0.1:{Port}/hubs/room";
    public IServiceProvider Services => _app.Services;

    public static async Task<FakeNotesServer> StartAsync(CoreTestHost bed, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        // A stopping server aborts the clients' sockets after this instead of waiting up to 30 s for them to close.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddSignalR(o =>
        {
            // A 256 KB update is ~350 KB of base64 in JSON: the 32 KB default would drop the connection.
            o.MaximumReceiveMessageSize = 512 * 1024;
            o.EnableDetailedErrors = false;
        });
        // The host's database file and notes options; everything else of Core stays out of this small server.
        builder.Services.AddDbContext<CaseHubDbContext>(o =>
        {
            new DatabaseOptions { Provider = "Sqlite", ConnectionString = bed.ConnectionString }.Apply(o);
            o.AddInterceptors(new SqlitePragmas());
        });
        builder.Services.AddSingleton(Options.Create(bed.NotesOptions()));
        builder.Services.AddSingleton<YjsEngine>(); // its own engine: a restart starts from scratch but the database
        builder.Services.AddSingleton(new MarkdownRenderer());
        builder.Services.AddSingleton<TimeProvider>(bed.Clock);
        builder.Services.AddScoped<NotesService>();
        var app = builder.Build();
        app.MapHub<FakeNotesHub>("/hubs/room");
        await app.StartAsync();
        return new FakeNotesServer(app, port);
    }

    public async Task<string> TextAsync(string key)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotesService>().GetTextAsync(key);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
