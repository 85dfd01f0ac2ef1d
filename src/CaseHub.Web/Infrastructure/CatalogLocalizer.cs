using System.Globalization;
using CaseHub.Core.Localization;
using Microsoft.Extensions.Localization;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Plugs the <see cref="TextCatalog"/> into ASP.NET Core localization, so IStringLocalizer, data-annotation
/// messages and Razor pages all read the same fr/nl/en catalogue.
/// </summary>
public sealed class CatalogLocalizerFactory(TextCatalog catalog) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new CatalogLocalizer(catalog);
    public IStringLocalizer Create(string baseName, string location) => new CatalogLocalizer(catalog);
}

public sealed class CatalogLocalizer(TextCatalog catalog) : IStringLocalizer
{
    private static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public LocalizedString this[string name]
        => new(name, catalog.Get(name, Lang), resourceNotFound: !catalog.Contains(name));

    public LocalizedString this[string name, params object[] arguments]
        => new(name, catalog.Format(name, Lang, arguments), resourceNotFound: !catalog.Contains(name));

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
        => catalog.Keys.Select(k => this[k]);
}
