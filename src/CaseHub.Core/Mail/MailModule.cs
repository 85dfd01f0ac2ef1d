using CaseHub.Core.Common;
using CaseHub.Core.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Mail;

/// <summary>
/// The outbox and its dispatcher (SMTP or pickup folder). Mail:* options, the outbox signal and its DbContext
/// interceptor are shared plumbing (<see cref="CoreServices.AddCaseHubCore"/>): they shape the DbContext and paths.
/// </summary>
public sealed class MailModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MailComposer>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<IMailTransport>(sp =>
            sp.GetRequiredService<IOptions<MailOptions>>().Value.Transport == "Smtp"
                ? ActivatorUtilities.CreateInstance<SmtpTransport>(sp)
                : ActivatorUtilities.CreateInstance<PickupFolderTransport>(sp));
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddScoped<IRetentionRule, SentMailRule>();
    }
}
