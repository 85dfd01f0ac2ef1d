using CaseHub.Core.Common;
using CaseHub.Core.Demo;
using CaseHub.Core.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.DiscoveryDays;

/// <summary>Public booking with a waiting list, reminders, "still coming?", check-in, the questionnaire after the day, the purge.</summary>
public sealed class DiscoveryDaysModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DiscoveryDayOptions>(configuration, DiscoveryDayOptions.Section);
        services.AddSingleton<DiscoveryMails>();
        services.AddScoped<DiscoveryCalendar>();
        services.AddScoped<DiscoverySeats>();
        services.AddSingleton<DiscoveryDayTurns>();
        services.AddScoped<DiscoveryBookingService>();
        services.AddScoped<DiscoveryDayService>();
        services.AddScoped<DiscoveryDayJobs>();
        services.AddScoped<IDemoContributor, DiscoveryDemo>();
        services.AddScoped<IRetentionRule, DiscoveryBookingsRule>();
        services.AddSingleton<DiscoveryDayWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscoveryDayWorker>());
    }
}
