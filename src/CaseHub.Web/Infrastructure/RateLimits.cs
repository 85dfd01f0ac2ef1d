using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Infrastructure;

/// <summary>Per-IP limits on public and sign-in endpoints (config section RateLimits).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";
    public const string SignIn = "sign-in";
    public const string Public = "public";

    [Range(1, 100000)] public int SignInPerMinute { get; set; } = 20;
    [Range(1, 100000)] public int PublicPerMinute { get; set; } = 60;
}

public static class RateLimitSetup
{
    public static IServiceCollection AddCaseHubRateLimits(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RateLimitOptions>().Bind(config.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Limits are read per request (not at registration) so configuration from every source applies.
            r.AddPolicy(RateLimitOptions.SignIn, ctx => PerIp(ctx, Limits(ctx).SignInPerMinute));
            r.AddPolicy(RateLimitOptions.Public, ctx => PerIp(ctx, Limits(ctx).PublicPerMinute));
            r.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                var texts = ctx.HttpContext.RequestServices.GetRequiredService<Core.Localization.TextCatalog>();
                await ctx.HttpContext.Response.WriteAsync(texts["Error.TooFast"], ct);
            };
        });
        return services;
    }

    private static RateLimitOptions Limits(HttpContext ctx) => ctx.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;

    /// <summary>Counts submissions (POST…) per client IP; reading a page (GET/HEAD) is never limited here.</summary>
    private static RateLimitPartition<string> PerIp(HttpContext ctx, int perMinute)
        => HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method)
            ? RateLimitPartition.GetNoLimiter("read")
            : RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}

/// <summary>
/// Every page reachable without signing in gets the public rate limit unless it names a stricter one (sign-in,
/// magic links…): anonymous submissions are the first thing a script hammers. Registered after the anonymous
/// conventions in Program.cs so it sees them.
/// </summary>
public sealed class AnonymousPagesRateLimitConvention : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        var anonymous = model.EndpointMetadata.OfType<IAllowAnonymous>().Any() || model.HandlerTypeAttributes.OfType<IAllowAnonymous>().Any();
        var limited = model.EndpointMetadata.OfType<EnableRateLimitingAttribute>().Any() || model.HandlerTypeAttributes.OfType<EnableRateLimitingAttribute>().Any();
        if (anonymous && !limited) model.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimitOptions.Public));
    }
}
