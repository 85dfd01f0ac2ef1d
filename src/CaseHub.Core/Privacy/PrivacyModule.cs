using CaseHub.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Privacy;

/// <summary>The PII guard every feature calls before saving case text; a person's data export and erasure.</summary>
public sealed class PrivacyModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PiiGuard>();
        services.AddScoped<PiiChoices>();
        services.AddScoped<TextGuard>();
        services.AddScoped<SubjectRights.PersonalDataExporter>();
        services.AddScoped<SubjectRights.UserErasure>();
    }
}
