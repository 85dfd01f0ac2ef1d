using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.HttpOverrides;

namespace CaseHub.Web.Infrastructure.ScaleOut;

/// <summary>Settings for running behind nginx (section "ReverseProxy").</summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>Proxies whose X-Forwarded-For/Proto headers are believed, besides loopback (e.g. "10.0.0.5").</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form (e.g. "172.16.0.0/12" for a Docker network).</summary>
    public string[] KnownNetworks { get; set; } = [];
}

public static class ReverseProxy
{
    /// <summary>Name of the routing cookie nginx hashes on (ops/nginx/casehub.conf); a random value, no personal data.</summary>
    public const string RouteCookie = "casehub_route";

    public static void AddCaseHubReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Client address (logs, rate limits) and scheme (secure cookies, links) as nginx saw them.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in options.KnownProxies)
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var ip) ? ip
                    : throw new InvalidOperationException($"The setting ReverseProxy:KnownProxies holds '{proxy}', which is not an IP address."));
            foreach (var network in options.KnownNetworks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var n) ? n
                    : throw new InvalidOperationException($"The setting ReverseProxy:KnownNetworks holds '{network}', which is not a CIDR network."));
        });
    }

    /// <summary>
    /// Gives each browser a random routing key so nginx keeps it on one node (SignalR's negotiate and connect requests
    /// must meet the same node) while people behind one office NAT still spread over all nodes.
    /// </summary>
    public static void UseNodeRouteCookie(this WebApplication app) => app.Use((context, next) =>
    {
        if (!context.Request.Cookies.ContainsKey(RouteCookie))
        {
            context.Response.Cookies.Append(RouteCookie, Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, IsEssential = true });
        }
        return next(context);
    });
}
