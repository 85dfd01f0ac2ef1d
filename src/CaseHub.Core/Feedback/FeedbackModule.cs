using CaseHub.Core.Common;
using CaseHub.Core.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Feedback;

/// <summary>The questionnaires sent after discovery days and immersions (named or anonymous), with their retention.</summary>
public sealed class FeedbackModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<FeedbackService>();
        services.AddScoped<IRetentionRule, FeedbackAnswersRule>();
    }
}
