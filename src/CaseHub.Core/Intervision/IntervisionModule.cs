using CaseHub.Core.Common;
using CaseHub.Core.Demo;
using CaseHub.Core.Rooms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Intervision;

/// <summary>Intervision: group-analysis protocols, teams and series, anonymous cards, the summary as minutes, the retention purge.</summary>
public sealed class IntervisionModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IProtocolSource, IntervisionProtocols>();
        IntervisionUseCases.AddIntervisionUseCases(services);
        services.AddScoped<IntervisionCards>();
        services.AddScoped<IntervisionRetention>();
        services.AddScoped<IMinutesSection, IntervisionMinutesSection>();
        services.AddScoped<IDemoContributor, IntervisionDemo>();
        services.AddHostedService<IntervisionRetentionWorker>();
        services.AddScoped<IRoomGate, IntervisionRoomGate>();
        services.AddScoped<IMeetingType, IntervisionMeetingType>();
    }
}
