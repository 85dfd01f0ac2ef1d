using CaseHub.Core.Localization;
using CaseHub.Core.Common;
using CaseHub.Core.Demo;
using CaseHub.Core.Retention;
using CaseHub.Core.Rooms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Conferences;

/// <summary>Case conferences: pseudonymised cases, sealed positions, the case-conference protocol, per-reader minutes, deadlines, handovers,
/// and the casework between conferences (social assessment grid, documents provided, collaboration model, thread).</summary>
public sealed class ConferencesModule : ICaseHubModule
{
    /// <summary>"Concertation DEMO-2026-014": the title of a conference nobody named, shown in each reader's language.</summary>
    public static readonly ComposedTitleKey AutoTitle = new("Conference.AutoTitle", @"[\p{L}\p{N}][\p{L}\p{N}_/.-]*"); // a case code

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ConferenceOptions>(configuration, ConferenceOptions.Section);
        services.AddSingleton<IProtocolSource, CaseConferenceProtocol>();
        services.AddSingleton(AutoTitle);
        services.AddScoped<CaseService>();
        services.AddScoped<CaseQueries>();
        services.AddScoped<ConferenceService>();
        services.AddScoped<HandoverService>();
        services.AddScoped<IRoomAccessGuard, ConferenceRoomAccess>();
        services.AddScoped<IMeetingType, ConferenceMeetingType>();
        services.AddScoped<CaseActionService>();
        services.AddSingleton<OrientationCatalog>();
        services.AddScoped<CaseTimeline>();
        services.AddScoped<IMinutesSection, ConferenceMinutesSection>();
        services.AddScoped<IDemoContributor, ConferenceDemo>();
        services.AddScoped<ConferenceExports>();
        services.AddScoped<IRetentionRule, ClosedCasesRule>();
        services.AddScoped<DeadlineService>();
        services.AddSingleton<ConferenceDeadlineWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ConferenceDeadlineWorker>());
        // Casework between conferences: the social assessment grid, documents provided, the collaboration model, the thread.
        services.AddScoped<SocialAssessmentService>();
        services.AddSingleton<DocumentTypeCatalog>();
        services.AddScoped<CaseDocumentService>();
        services.AddScoped<CollaborationService>();
        services.AddSingleton<CaseFollowUpWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<CaseFollowUpWorker>());
        services.AddScoped<CaseThreadService>();
        services.AddScoped<CaseExport>();
    }
}
