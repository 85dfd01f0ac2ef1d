using CaseHub.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Accounts;

/// <summary>Users, organisations, invitations, magic links; who is who (<see cref="People"/>); staff sign-in through the organisation's OpenID Connect provider.</summary>
public sealed class AccountsModule : ICaseHubModule
{
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AccountService>();
        services.AddScoped<People>();
        services.AddScoped<Organisations>();
        // The web layer adds the OpenID Connect handler itself when Oidc:Enabled.
        services.AddOptions<Oidc.OidcOptions>().Bind(configuration.GetSection(Oidc.OidcOptions.Section));
        services.AddScoped<Oidc.ExternalSignInService>();
    }
}
