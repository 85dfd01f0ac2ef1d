using CaseHub.Core.Common;
using CaseHub.Core.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.DatePolls;

/// <summary>"Find a date together" for every meeting type of the one life cycle: polls, their reminder and close job, their retention.</summary>
public sealed class DatePollsModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DatePollOptions>(configuration, DatePollOptions.Section);
        services.AddScoped<DatePollService>();
        services.AddScoped<DatePollJobs>();
        services.AddSingleton<DatePollWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DatePollWorker>());
        services.AddScoped<IRetentionRule, DatePollRule>();
    }
}
