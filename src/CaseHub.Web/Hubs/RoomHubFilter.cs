using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using CaseHub.Core.Common;
using CaseHub.Core.Localization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Hubs;

/// <summary>
/// Around every hub call: a per-connection rate limit (notes typing has its own, larger budget), and refusals from
/// Core turned into a HubException in the caller's language. Other errors reach the client as a generic failure
/// (SignalR never sends exception details unless detailed errors are on); room state is unchanged in both cases.
/// </summary>
public sealed partial class RoomHubFilter(TextCatalog texts, HubSessionGuard sessions, Microsoft.Extensions.Options.IOptions<CaseHub.Core.Rooms.RoomOptions> options, ILogger<RoomHubFilter> log) : IHubFilter
{
    private const string LanguageKey = "lang";
    private static readonly ConcurrentDictionary<string, (RateLimiter Commands, RateLimiter Notes)> Limiters = new();

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var culture = context.Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture;
        context.Context.Items[LanguageKey] = Languages.Normalize(culture?.TwoLetterISOLanguageName);
        var o = options.Value;
        Limiters[context.Context.ConnectionId] = (
            new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions { TokenLimit = o.CommandBurst, TokensPerPeriod = o.CommandsPerFiveSeconds, ReplenishmentPeriod = TimeSpan.FromSeconds(5), QueueLimit = 0 }),
            new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions { TokenLimit = o.CommandBurst * 10, TokensPerPeriod = o.CommandsPerFiveSeconds * 10, ReplenishmentPeriod = TimeSpan.FromSeconds(5), QueueLimit = 0 }));
        sessions.Register(context.Context);
        return next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        sessions.Unregister(context.Context.ConnectionId);
        if (Limiters.TryRemove(context.Context.ConnectionId, out var l))
        {
            l.Commands.Dispose();
            l.Notes.Dispose();
        }
        await next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var lang = invocationContext.Context.Items.TryGetValue(LanguageKey, out var l) ? (string)l! : Languages.Default;
        if (Limiters.TryGetValue(invocationContext.Context.ConnectionId, out var limiters))
        {
            var limiter = invocationContext.HubMethodName.StartsWith("Notes", StringComparison.Ordinal) ? limiters.Notes : limiters.Commands;
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired) throw new HubException(texts.Get("Error.TooFast", lang));
        }
        try
        {
            return await next(invocationContext);
        }
        catch (DomainException ex) when (ex.PiiFindings is { Count: > 0 } findings)
        {
            // Every finding at once, kind and masked preview, in the caller's language (never the data itself).
            throw new HubException(Infrastructure.PiiGuardForm.Describe(texts, lang, findings));
        }
        catch (DomainException ex)
        {
            throw new HubException(texts.Format(ex.TextKey, lang, ex.Args));
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException)
        {
            LogHubMethodFailed(log, ex, invocationContext.HubMethodName);
            throw new HubException(texts.Get("Error.Text.500", lang));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    private static partial void LogHubMethodFailed(ILogger logger, Exception exception, string method);
}
