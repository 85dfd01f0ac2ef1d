using CaseHub.Core.Accounts;
using CaseHub.Core.Localization;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Endpoints;

public static class LanguageEndpoints
{
    public static void MapLanguageEndpoints(this IEndpointRouteBuilder app)
    {
        // The language picker: remembered in a cookie, and on the profile of a signed-in user (mails follow it too).
        app.MapPost("/language", async ([FromForm] string language, [FromForm] string? returnUrl, HttpContext http, AccountService accounts) =>
        {
            if (!Languages.IsSupported(language)) return Results.BadRequest();
            SetCultureCookie(http, language);
            if (http.User.IsSignedIn()) await accounts.RememberLanguageAsync(http.User.UserId(), language);
            return Results.LocalRedirect(AccountService.SafeReturnPath(returnUrl));
        }).AllowAnonymous().RequireRateLimiting(RateLimitOptions.Public);
    }

    public static void SetCultureCookie(HttpContext http, string language)
    {
        var culture = Languages.Culture(language).Name;
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = http.Request.IsHttps });
    }
}
