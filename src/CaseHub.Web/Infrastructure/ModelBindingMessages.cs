using System.Globalization;
using CaseHub.Core.Localization;
using Microsoft.AspNetCore.Mvc;


namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Model-binding errors ("'abc' is not valid") in the user's language instead of framework English, naming the value
/// that did not convert. Each message made for a request is remembered on it (<see cref="Of"/>), so that a form which
/// shows only its general errors at the top still shows these: a field the page has no place for (a hidden value, a
/// checkbox posted as "maybe", a key that is not a GUID) would otherwise fail in silence.
/// </summary>
public static class ModelBindingMessages
{
    private const string ItemKey = "casehub.binding-errors";
    private const string LocalizedKey = "casehub.localized";
    private const int MaxValueShown = 40;

    public static void Localize(MvcOptions o, TextCatalog t, IHttpContextAccessor http)
    {
        static string L() => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        string Remember(string message)
        {
            if (http.HttpContext is { } context) Note(context, ItemKey, message);
            return message;
        }
        string Invalid() => Remember(t.Get("Error.InvalidValue", L()));
        string InvalidValue(string? value) => string.IsNullOrWhiteSpace(value)
            ? Invalid()
            : Remember(InvalidValueOf(t, L(), value));
        string Required() => Remember(t.Get("Error.Required", L()));

        var p = o.ModelBindingMessageProvider;
        p.SetValueIsInvalidAccessor(InvalidValue);
        p.SetAttemptedValueIsInvalidAccessor((value, _) => InvalidValue(value));
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(InvalidValue);
        p.SetUnknownValueIsInvalidAccessor(_ => Invalid());
        p.SetNonPropertyUnknownValueIsInvalidAccessor(Invalid);
        p.SetValueMustNotBeNullAccessor(_ => Required());
        p.SetMissingBindRequiredValueAccessor(_ => Required());
        p.SetMissingKeyOrValueAccessor(Required);
        p.SetMissingRequestBodyRequiredValueAccessor(Required);
        p.SetValueMustBeANumberAccessor(_ => Invalid());
        p.SetNonPropertyValueMustBeANumberAccessor(Invalid);
        o.ModelMetadataDetailsProviders.Add(new ImplicitRequiredMessage());
    }

    /// <summary>
    /// The [Required] the framework adds to every non-nullable property carries no message of ours, so it would say
    /// "The X field is required." in English: it gets the catalogue's (<see cref="V.Required"/>).
    /// </summary>
    private sealed class ImplicitRequiredMessage : Microsoft.AspNetCore.Mvc.ModelBinding.Metadata.IValidationMetadataProvider
    {
        public void CreateValidationMetadata(Microsoft.AspNetCore.Mvc.ModelBinding.Metadata.ValidationMetadataProviderContext context)
        {
            foreach (var required in context.ValidationMetadata.ValidatorMetadata.OfType<System.ComponentModel.DataAnnotations.RequiredAttribute>())
                if (required.ErrorMessage is null && required.ErrorMessageResourceName is null) required.ErrorMessage = V.Required;
        }
    }

    /// <summary>The binding messages made for this request (empty when every value converted).</summary>
    public static IReadOnlySet<string> Of(HttpContext context) => context.Items[ItemKey] as HashSet<string> ?? [];

    /// <summary>A text CaseHub's catalogue gave during this request (see <see cref="CatalogLocalizer"/>).</summary>
    public static void NoteLocalized(HttpContext context, string text) => Note(context, LocalizedKey, text);

    private static void Note(HttpContext context, string key, string text)
    {
        if (context.Items[key] is not HashSet<string> set) context.Items[key] = set = [];
        set.Add(text);
    }

    /// <summary>
    /// Before a handler runs, every model error is either ours (a binding message above, a validation message from the
    /// catalogue) or text the framework took from an exception ("Unrecognized Guid format.", "The X field is required.").
    /// The latter are replaced by the invalid-value message, naming the value when it can be found, and shown as binding
    /// messages. Errors under the empty key that only repeat a replaced one are dropped.
    /// </summary>
    public static void ReplaceForeignMessages(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext page, object handler, TextCatalog t)
    {
        var context = page.HttpContext;
        var ours = context.Items[LocalizedKey] as HashSet<string> ?? [];
        var binding = Of(context);
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var replaced = new HashSet<string>();
        foreach (var (key, entry) in page.ModelState.ToList())
        {
            if (entry is null || entry.Errors.Count == 0 || key.Length == 0) continue;
            var foreign = entry.Errors.Where(e => !ours.Contains(e.ErrorMessage) && !binding.Contains(e.ErrorMessage)).ToList();
            if (foreign.Count == 0) continue;
            foreach (var e in foreign) { entry.Errors.Remove(e); replaced.Add(e.ErrorMessage); }
            var value = BadKey(key, handler, context) ?? (entry.AttemptedValue is { Length: > 0 } v ? v : null);
            var message = value is null ? t.Get("Error.InvalidValue", lang) : InvalidValueOf(t, lang, value);
            Note(context, ItemKey, message);
            page.ModelState.AddModelError(key, message);
        }
        if (page.ModelState.TryGetValue("", out var general) && general is not null)
            foreach (var e in general.Errors.Where(e => replaced.Contains(e.ErrorMessage)).ToList()) general.Errors.Remove(e);
    }

    /// <summary>"« abc » n'est pas une valeur valable.", the value cut to a readable length.</summary>
    private static string InvalidValueOf(TextCatalog t, string lang, string value)
        => t.Format("Error.InvalidValueOf", lang, value.Length > MaxValueShown ? value[..MaxValueShown] + "…" : value);

    /// <summary>For a dictionary property, the first posted key ("Invite[abc]") that does not convert to its key type.</summary>
    private static string? BadKey(string property, object handler, HttpContext context)
    {
        var type = handler.GetType().GetProperty(property)?.PropertyType;
        var keyType = type?.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))?.GetGenericArguments()[0];
        if (keyType is null || !context.Request.HasFormContentType) return null;
        var converter = System.ComponentModel.TypeDescriptor.GetConverter(keyType);
        return context.Request.Form.Keys
            .Where(k => k.StartsWith(property + "[", StringComparison.Ordinal) && k.IndexOf(']', property.Length) > property.Length)
            .Select(k => k[(property.Length + 1)..k.IndexOf(']', property.Length)])
            .FirstOrDefault(k => !converter.IsValid(k));
    }
}
