using CaseHub.Core.Common;
using CaseHub.Core.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Audit;

/// <summary>The audit trail: entries written with each change, chained by the sealer on every node, pruned by retention.</summary>
public sealed class AuditModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AuditLog>();
        services.AddScoped<AuditTrail>();
        services.AddHostedService<AuditSealer>();
        services.AddScoped<IRetentionRule, AuditRule>();
    }
}
