using CaseHub.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Notes;

/// <summary>Live shared Markdown on Yjs: the engine (Jint), the update log with its compacted snapshot, background compaction.</summary>
public sealed class NotesModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<NotesOptions>(configuration, NotesOptions.Section);
        services.AddSingleton<YjsEngine>();
        services.AddScoped<NotesService>();
        // Rooms keep their notes here (before Rooms' fallback, which is only added when nobody provides notes).
        services.AddScoped<Rooms.IRoomNotes>(sp => sp.GetRequiredService<NotesService>());
        services.AddScoped<NotesAuthorizer>();
        services.AddSingleton<NotesCompactor>();
        services.AddHostedService(sp => sp.GetRequiredService<NotesCompactor>());
    }
}
