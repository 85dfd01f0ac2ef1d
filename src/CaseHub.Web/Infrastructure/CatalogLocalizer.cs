using System.Globalization;
using CaseHub.Core.Localization;
using Microsoft.Extensions.Localization;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Plugs the <see cref="TextCatalog"/> into ASP.NET Core localization, so IStringLocalizer, data-annotation
/// messages and Razor pages all read the same fr/nl/en catalogue.
/// </summary>
public sealed class CatalogLocalizerFactory(TextCatalog catalog, IHttpContextAccessor? http = null) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new CatalogLocalizer(catalog, http);
    public IStringLocalizer Create(string baseName, string location) => new CatalogLocalizer(catalog, http);
}

/// <remarks>
/// Each text it gives during a request is noted on the request (<see cref="ModelBindingMessages.NoteLocalized"/>), so
/// that a validation message the framework wrote in English can be told apart from ours and replaced.
/// </remarks>
public sealed class CatalogLocalizer(TextCatalog catalog, IHttpContextAccessor? http = null) : IStringLocalizer
{
    private static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public LocalizedString this[string name]
        => new(name, Note(catalog.Get(name, Lang)), resourceNotFound: !catalog.Contains(name));

    public LocalizedString this[string name, params object[] arguments]
        => new(name, Note(catalog.Format(name, Lang, arguments)), resourceNotFound: !catalog.Contains(name));

    private string Note(string text)
    {
        if (http?.HttpContext is { } context) ModelBindingMessages.NoteLocalized(context, text);
        return text;
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
        => catalog.Keys.Select(k => this[k]);
}
