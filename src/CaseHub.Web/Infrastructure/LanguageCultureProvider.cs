using CaseHub.Core.Localization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Picks fr, nl or en (as the Belgian cultures fr-BE, nl-BE, en-GB): first an explicit choice (the culture cookie, set
/// by the picker and at sign-in from the profile), then the browser's Accept-Language in quality order ("nl", "nl-NL" and
/// "nl-BE" all mean Dutch), else French.
/// </summary>
public sealed class LanguageCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var cookie = httpContext.Request.Cookies[CookieRequestCultureProvider.DefaultCookieName];
        if (cookie is not null && CookieRequestCultureProvider.ParseCookieValue(cookie) is { } parsed
            && parsed.UICultures.FirstOrDefault() is { } ui && Languages.IsSupported(Two(ui.Value)))
            return Result(Two(ui.Value));

        var header = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        foreach (var value in header.OrderByDescending(h => h.Quality ?? 1))
        {
            var two = Two(value.Value.Value);
            if (Languages.IsSupported(two)) return Result(two);
        }
        return NullProviderCultureResult;
    }

    private static string Two(string? culture) => culture is { Length: >= 2 } ? culture[..2].ToLowerInvariant() : "";

    private static Task<ProviderCultureResult?> Result(string language)
    {
        var name = Languages.Culture(language).Name;
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(name, name));
    }
}
