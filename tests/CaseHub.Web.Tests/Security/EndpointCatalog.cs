using System.Reflection;
using System.Text.RegularExpressions;
using CaseHub.Web.Hubs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Security;

public enum EntryKind { Page, Minimal, Hub }

/// <summary>An input an endpoint binds from a form post or a hub argument (used by the fuzzer).</summary>
public sealed record EntryInput(string Name, Type Type, bool FromRoute);

/// <summary>
/// One row of the authorization matrix: a page handler ("GET /x", "POST /x?handler=save"), a minimal endpoint or a
/// hub method ("HUB RoomHub.Join"). <see cref="Key"/> is the first column of authorization-matrix.md.
/// </summary>
public sealed record CatalogEntry(string Key, EntryKind Kind, string Method, string Route, string? Handler,
    IReadOnlyList<EntryInput> Inputs, Endpoint? Endpoint, MethodInfo? HubMethod)
{
    public bool IsPost => Method == "POST";

    /// <summary>The request path with route values filled in (missing optional values are left out).</summary>
    public string Url(IReadOnlyDictionary<string, string> values)
    {
        var path = RouteParameter().Replace(Route, m =>
            values.TryGetValue(m.Groups["name"].Value, out var v) ? Uri.EscapeDataString(v) : "");
        path = "/" + path.Trim('/').Replace("//", "/");
        if (!Route.EndsWith(".ics", StringComparison.Ordinal) && path.Length > 1) path = path.TrimEnd('/');
        return Handler is null ? path : $"{path}?handler={Handler}";
    }

    public IEnumerable<string> RouteParameters => RouteParameter().Matches(Route).Select(m => m.Groups["name"].Value);

    private static Regex RouteParameter() => new(@"\{\*?(?<name>\w+)(:[^}?]*)?\??\}", RegexOptions.Compiled);
}

/// <summary>
/// Everything a client can call, read from the running app: Razor pages and their handlers and minimal endpoints from
/// the route table (EndpointDataSource), hub methods by reflection over RoomHub (all partials). Never a hand list.
/// </summary>
public static class EndpointCatalog
{
    public static async Task<IReadOnlyList<CatalogEntry>> ReadAsync(IServiceProvider services)
    {
        var source = services.GetRequiredService<EndpointDataSource>();
        var loader = services.GetRequiredService<PageLoader>();
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        var entries = new Dictionary<string, CatalogEntry>();
        // "/Index" pages are also mapped as "/index": keep one route per page, the shortest.
        var pageRoutes = source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .GroupBy(e => e.Metadata.GetMetadata<PageActionDescriptor>()!.Id)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => (e.RoutePattern.RawText ?? "").Length).First());
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var meta = endpoint.Metadata;
            if (meta.GetMetadata<HubMetadata>() is not null) continue; // the hub's transport endpoints: covered by HUB rows
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (meta.GetMetadata<PageActionDescriptor>() is { } page)
            {
                if (pageRoutes[page.Id] != endpoint) continue;
                // "/Index" is also reachable as "/index": one row per page, under its shortest route.
                var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, meta);
                var bound = compiled.BoundProperties.OfType<PageBoundPropertyDescriptor>().Select(p => (Prop: p, Info: p.BindingInfo)).ToList();
                var handlers = compiled.HandlerMethods.Count > 0
                    ? compiled.HandlerMethods.Select(h => (h.HttpMethod.ToUpperInvariant(), h.Name, (IEnumerable<Microsoft.AspNetCore.Mvc.Abstractions.ParameterDescriptor>)h.Parameters))
                    : [("GET", null, [])];
                foreach (var (method, name, parameters) in handlers)
                {
                    if (method is not ("GET" or "POST")) continue;
                    var inputs = new List<EntryInput>();
                    foreach (var (prop, info) in bound)
                    {
                        if (method == "GET" && prop.Property.GetCustomAttribute<BindPropertyAttribute>() is { SupportsGet: false }) continue;
                        inputs.Add(new EntryInput(prop.Name, prop.ParameterType, IsRoute(prop.Name, route)));
                    }
                    foreach (var p in parameters)
                    {
                        if (p.ParameterType == typeof(CancellationToken) || p.BindingInfo?.BindingSource == BindingSource.Services) continue;
                        inputs.Add(new EntryInput(p.Name, p.ParameterType, IsRoute(p.Name, route)));
                    }
                    var handler = string.IsNullOrEmpty(name) ? null : name.ToLowerInvariant();
                    var key = $"{method} {route}" + (handler is null ? "" : $"?handler={handler}");
                    entries[key] = new CatalogEntry(key, EntryKind.Page, method, route, handler, inputs, endpoint, null);
                }
                continue;
            }
            var methods = meta.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods.Where(m => m is "GET" or "POST"))
            {
                var inputs = (meta.GetMetadata<MethodInfo>()?.GetParameters() ?? [])
                    .Where(p => !IsService(p) && !isService.IsService(p.ParameterType))
                    .Select(p => new EntryInput(p.Name!, p.ParameterType, IsRoute(p.Name!, route))).ToList();
                var key = $"{method} {route}";
                entries[key] = new CatalogEntry(key, EntryKind.Minimal, method, route, null, inputs, endpoint, null);
            }
        }
        foreach (var m in HubMethods())
        {
            var inputs = m.GetParameters().Where(p => !IsService(p) && !isService.IsService(p.ParameterType)).Select(p => new EntryInput(p.Name!, p.ParameterType, false)).ToList();
            entries[$"HUB RoomHub.{m.Name}"] = new CatalogEntry($"HUB RoomHub.{m.Name}", EntryKind.Hub, "HUB", "/hubs/room", null, inputs, null, m);
        }
        return entries.Values.OrderBy(e => e.Kind == EntryKind.Hub).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Public instance methods declared on RoomHub (every partial file), i.e. what a client can invoke.</summary>
    public static IEnumerable<MethodInfo> HubMethods() => typeof(RoomHub)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(m => !m.IsSpecialName && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync) or nameof(Hub.Dispose)))
        .OrderBy(m => m.Name, StringComparer.Ordinal);

    private static bool IsService(ParameterInfo p)
        => p.GetCustomAttribute<FromServicesAttribute>() is not null
           || p.ParameterType == typeof(CancellationToken) || p.ParameterType == typeof(HttpContext);

    private static bool IsRoute(string name, string route)
        => Regex.IsMatch(route, @"\{\*?" + Regex.Escape(name) + @"(:[^}?]*)?\??\}", RegexOptions.IgnoreCase);
}
