using CaseHub.Core.Localization;
using CaseHub.Core.Common;
using CaseHub.Core.Demo;
using CaseHub.Core.Notes;
using CaseHub.Core.Rooms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Immersion;

/// <summary>
/// The immersion programme: campaigns, partners by magic link, offers, participants and preferences, team coverage,
/// events, matching and publication, reciprocity, debriefs and the team debrief meeting, the partner directory.
/// </summary>
public sealed class ImmersionModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ImmersionOptions>(configuration, ImmersionOptions.Section);
        services.AddSingleton(new ComposedTitleKey("Immersion.TeamDebrief.DefaultTitle"));
        services.AddScoped<ImmersionCampaigns>();
        services.AddScoped<ImmersionPartners>();
        services.AddScoped<ImmersionOffers>();
        services.AddScoped<ImmersionParticipants>();
        services.AddScoped<CampaignQueries>();
        services.AddScoped<ImmersionTeams>();
        services.AddScoped<ImmersionEvents>();
        services.AddScoped<ImmersionReciprocity>();
        services.AddScoped<ImmersionMatchingService>();
        services.AddScoped<ImmersionDebrief>();
        services.AddScoped<ImmersionContacts>();
        services.AddSingleton<IProtocolSource, ImmersionTeamDebriefProtocol>();
        services.AddScoped<ImmersionTeamDebriefs>();
        services.AddScoped<IMinutesSection, ImmersionTeamDebriefMinutesSection>();
        services.AddScoped<IMeetingType, TeamDebriefMeetingType>();
        services.AddScoped<IMeetingType, ImmersionEventMeetingType>();
        services.AddScoped<SpeedMeetingPlans>();
        services.AddScoped<PartnerDirectory>();
        services.AddScoped<INotesAccessPolicy, ImmersionNotesAccess>();
        services.AddScoped<IDemoContributor, ImmersionDemo>();
        services.AddScoped<ImmersionExports>();
        services.AddScoped<ImmersionJobs>();
        services.AddSingleton<ImmersionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ImmersionWorker>());
    }
}
