using System.Net;
using System.Text.RegularExpressions;

namespace CaseHub.TestSupport;

/// <summary>
/// Submits forms the way a browser does: reads the page, takes its antiforgery token and posts the fields.
/// Cookies (sign-in, culture, antiforgery) are kept between calls.
/// </summary>
public sealed partial class FormClient(HttpClient http, CookieContainer cookies) : IDisposable
{
    public HttpClient Http { get; } = http;
    public CookieContainer Cookies { get; } = cookies;

    /// <summary>A client of the server at <paramref name="baseAddress"/> that keeps cookies and does not follow redirects.</summary>
    public static FormClient For(Uri baseAddress, string? acceptLanguage = "fr")
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        var http = new HttpClient(handler) { BaseAddress = baseAddress };
        if (acceptLanguage is not null) http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return new FormClient(http, handler.CookieContainer);
    }

    public Task<HttpResponseMessage> GetAsync(string url) => Http.GetAsync(url);

    public async Task<string> GetStringAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>GETs <paramref name="pageUrl"/>, then POSTs <paramref name="fields"/> (plus its antiforgery token) to <paramref name="postUrl"/> (default: same page).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? postUrl = null)
    {
        var page = await GetStringAsync(pageUrl);
        var token = AntiforgeryToken(page) ?? throw new InvalidOperationException($"No antiforgery token on {pageUrl}");
        return await PostAsync(postUrl ?? pageUrl, fields, token);
    }

    public Task<HttpResponseMessage> SubmitAsync(string pageUrl, params (string Key, string Value)[] fields)
        => SubmitAsync(pageUrl, fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    /// <summary>Takes the antiforgery token from <paramref name="pageUrl"/> and posts the fields to <paramref name="postUrl"/> (a handler or another endpoint).</summary>
    public Task<HttpResponseMessage> SubmitToAsync(string pageUrl, string postUrl, params (string Key, string Value)[] fields)
        => SubmitAsync(pageUrl, fields.Select(f => KeyValuePair.Create(f.Key, f.Value)), postUrl);

    public Task<HttpResponseMessage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string? token)
    {
        var all = fields.ToList();
        if (token is not null) all.Add(KeyValuePair.Create("__RequestVerificationToken", token));
        return Http.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public static string? AntiforgeryToken(string html)
    {
        var m = TokenRegex().Match(html);
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    /// <summary>Signs in with email and password; throws if the app does not redirect (i.e. sign-in failed).</summary>
    public async Task SignInAsync(string email, string password)
    {
        using var response = await SubmitAsync("/account/sign-in", ("Email", email), ("Password", password));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in failed for {email}: {response.StatusCode}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    public void Dispose() => Http.Dispose();
}
