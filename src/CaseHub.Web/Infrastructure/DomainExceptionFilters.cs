using CaseHub.Core.Common;
using CaseHub.Core.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CaseHub.Web.Infrastructure;

/// <summary>Not-found and forbidden outcomes from Core become 404/403 status pages (localized by the error page).</summary>
/// Before the handler, model errors the framework wrote in English are replaced (<see cref="ModelBindingMessages"/>).
public sealed class DomainExceptionPageFilter(TextCatalog texts) : IAsyncPageFilter
{
    /// <summary>HttpContext item: the text key of a specific "not allowed" reason, shown by the error page.</summary>
    public const string ForbiddenReasonKey = "CaseHub.ForbiddenReason";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ModelBindingMessages.ReplaceForeignMessages(context, context.HandlerInstance, texts);
        var executed = await next();
        ForgetUnreadableCheckboxValues(context);
        if (executed.Exception is DomainException { IsNotFound: true })
        {
            executed.Result = new NotFoundResult();
            executed.ExceptionHandled = true;
        }
        else if (executed.Exception is DomainException { IsForbidden: true } forbidden)
        {
            // A refusal with its own reason ("only the organiser…") is said on the 403 page instead of the generic text.
            if (forbidden.TextKey != DomainException.Forbidden().TextKey) context.HttpContext.Items[ForbiddenReasonKey] = forbidden.TextKey;
            executed.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            executed.ExceptionHandled = true;
        }
    }

    /// <summary>
    /// A posted bool that is not "true"/"false" is already a model error; but re-rendering its checkbox would make the
    /// tag helper parse the posted text again and fail with a 500 (found by the fuzzer). Drop the unreadable text so the
    /// form shows again with its error.
    /// </summary>
    private static void ForgetUnreadableCheckboxValues(PageHandlerExecutingContext context)
    {
        foreach (var (key, entry) in context.ModelState.ToList())
        {
            if (entry is null || entry.Errors.Count == 0 || entry.RawValue is null) continue;
            var type = context.HandlerInstance.GetType().GetProperty(key)?.PropertyType;
            if (type != typeof(bool) && type != typeof(bool?)) continue;
            var raw = entry.RawValue is string[] many ? many : [entry.RawValue as string ?? ""];
            if (raw.All(v => bool.TryParse(v, out _))) continue;
            context.ModelState.SetModelValue(key, rawValue: null, attemptedValue: null);
        }
    }
}
