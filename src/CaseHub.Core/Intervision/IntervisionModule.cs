using CaseHub.Core.Common;
using CaseHub.Core.Demo;
using CaseHub.Core.Rooms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseHub.Core.Intervision;

/// <summary>Intervision: group-analysis protocols, teams and series, anonymous cards, the summary as minutes, the retention purge.</summary>
public sealed class IntervisionModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IProtocolSource, IntervisionProtocols>();
        services.AddScoped<IntervisionService>();
        services.AddScoped<IntervisionCards>();
        services.AddScoped<IntervisionRetention>();
        services.AddScoped<IMinutesSection, IntervisionMinutesSection>();
        services.AddScoped<IDemoContributor, IntervisionDemo>();
        // The web host replaces it with the SignalR broadcaster.
        services.TryAddSingleton<IIntervisionBroadcaster, NoIntervisionBroadcaster>();
        services.AddHostedService<IntervisionRetentionWorker>();
        services.AddScoped<IRoomGate, IntervisionRoomGate>();
    }
}
