using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace CaseHub.Web.Pages.DiscoveryDays;

/// <summary>Base of the organiser's pages: coordinators and administrators only.</summary>
[Authorize(Roles = Roles.Coordinator + "," + Roles.Administrator)]
public abstract class OrganiserPage : CaseHubPageModel
{
    /// <summary>Runs a Core action; a validation failure becomes an error on the field "{prefix}{Field}".</summary>
    protected async Task<bool> TryAsync(Func<Task> action, string prefix)
    {
        if (!ModelState.IsValid) return false;
        try
        {
            await action();
            return true;
        }
        catch (DomainException ex) when (!ex.IsForbidden && !ex.IsNotFound)
        {
            ModelState.AddModelError(ex.Field is null ? "" : prefix + ex.Field, T.Format(ex.TextKey, Lang, ex.Args));
            return false;
        }
    }
}
