using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Common;

/// <summary>
/// One part of Core registering itself from its own folder (OrchardCore's per-module Startup, without a module
/// framework): its services, options, background workers, protocols, minutes sections, access policies, demo data and
/// retention rules. A change to a feature then stays in its folder; <see cref="CoreServices.AddCaseHubCore"/> only
/// sets up the shared plumbing and lists the modules.
/// </summary>
public interface ICaseHubModule
{
    void AddServices(IServiceCollection services, IConfiguration configuration);
}
