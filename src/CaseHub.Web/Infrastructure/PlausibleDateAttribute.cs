using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CaseHub.Core.Calendar;
using CaseHub.Core.Localization;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// A date typed to schedule something must lie in a window around today (by default two years back, five ahead):
/// 31/12/9999 or 01/01/0001 is a slip of the keyboard, refused with the window in the reader's language.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlausibleDateAttribute : ValidationAttribute
{
    public int YearsBack { get; init; } = 2;
    public int YearsAhead { get; init; } = 5;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not DateOnly date) return ValidationResult.Success;
        var clock = validationContext.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        var (min, max) = (today.AddYears(-YearsBack), today.AddYears(YearsAhead));
        if (date >= min && date <= max) return ValidationResult.Success;
        var texts = (TextCatalog)validationContext.GetService(typeof(TextCatalog))!;
        var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        string Day(DateOnly d) => CalendarTime.FormatDate(CalendarTime.FromLocal(d, new TimeOnly(12, 0)), lang);
        var message = texts.Format("Validation.DateRange", lang, Day(min), Day(max));
        if (validationContext.GetService(typeof(IHttpContextAccessor)) is IHttpContextAccessor { HttpContext: { } http })
            ModelBindingMessages.NoteLocalized(http, message);
        return new ValidationResult(message, validationContext.MemberName is { } member ? [member] : null);
    }
}
