using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Intervision;

public static class IntervisionUseCases
{
    /// <summary>The intervision use cases, one service per file (teams, templates, scheduling, sessions, record, privacy, live view).</summary>
    public static IServiceCollection AddIntervisionUseCases(this IServiceCollection services)
    {
        services.AddScoped<IntervisionTeams>();
        services.AddScoped<IntervisionTemplates>();
        services.AddScoped<IntervisionScheduling>();
        services.AddScoped<IntervisionSessions>();
        services.AddScoped<IntervisionRecord>();
        services.AddScoped<IntervisionPrivacy>();
        services.AddScoped<IntervisionLive>();
        services.AddScoped<IntervisionQueries>();
        return services;
    }
}
