using CaseHub.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Calendar;

/// <summary>Invitations, updates, cancellations, reply links and feeds (ICS) for every scheduled thing.</summary>
public sealed class CalendarModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IcsWriter>();
        services.AddScoped<CalendarService>();
    }
}
