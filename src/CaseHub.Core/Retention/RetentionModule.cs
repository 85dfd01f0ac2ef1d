using CaseHub.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Retention;

/// <summary>Runs every registered <see cref="IRetentionRule"/> daily on every node (idempotent); the administrator's forecast.</summary>
public sealed class RetentionModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RetentionOptions>(configuration, RetentionOptions.Section);
        services.AddScoped<RetentionService>();
        services.AddHostedService<RetentionWorker>();
    }
}
