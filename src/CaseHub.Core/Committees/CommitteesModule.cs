using CaseHub.Core.Common;
using CaseHub.Core.Demo;
using CaseHub.Core.Rooms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Committees;

/// <summary>Comités à blanc: exercise cases (PII-guarded), sessions as a room protocol with secret ballots, internal case law.</summary>
public sealed class CommitteesModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IProtocolSource, BlankCommitteeProtocol>();
        services.AddScoped<IBallotValidator, CommitteeBallotValidator>();
        services.AddScoped<ExerciseCaseService>();
        services.AddScoped<CommitteeService>();
        services.AddScoped<IMeetingType, CommitteeMeetingType>();
        services.AddScoped<CaseLawQueries>();
        services.AddScoped<CommitteeQueries>();
        services.AddScoped<IDemoContributor, CommitteeDemo>();
    }
}
