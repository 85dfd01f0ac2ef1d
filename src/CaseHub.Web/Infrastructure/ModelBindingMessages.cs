using System.Globalization;
using CaseHub.Core.Localization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Infrastructure;

/// <summary>Model-binding errors ("'abc' is not valid") in the user's language instead of framework English.</summary>
public static class ModelBindingMessages
{
    public static void Localize(MvcOptions o, TextCatalog t)
    {
        static string L() => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var p = o.ModelBindingMessageProvider;
        p.SetValueIsInvalidAccessor(_ => t.Get("Error.InvalidValue", L()));
        p.SetAttemptedValueIsInvalidAccessor((_, _) => t.Get("Error.InvalidValue", L()));
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => t.Get("Error.InvalidValue", L()));
        p.SetUnknownValueIsInvalidAccessor(_ => t.Get("Error.InvalidValue", L()));
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => t.Get("Error.InvalidValue", L()));
        p.SetValueMustNotBeNullAccessor(_ => t.Get("Error.Required", L()));
        p.SetMissingBindRequiredValueAccessor(_ => t.Get("Error.Required", L()));
        p.SetMissingKeyOrValueAccessor(() => t.Get("Error.Required", L()));
        p.SetMissingRequestBodyRequiredValueAccessor(() => t.Get("Error.Required", L()));
        p.SetValueMustBeANumberAccessor(_ => t.Get("Error.InvalidValue", L()));
        p.SetNonPropertyValueMustBeANumberAccessor(() => t.Get("Error.InvalidValue", L()));
    }
}
