using CaseHub.Core.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CaseHub.Web.Infrastructure;

/// <summary>Not-found and forbidden outcomes from Core become 404/403 status pages (localized by the error page).</summary>
public sealed class DomainExceptionPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is DomainException { IsNotFound: true })
        {
            executed.Result = new NotFoundResult();
            executed.ExceptionHandled = true;
        }
        else if (executed.Exception is DomainException { IsForbidden: true })
        {
            executed.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            executed.ExceptionHandled = true;
        }
    }
}
