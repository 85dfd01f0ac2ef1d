using CaseHub.Core.Retention;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Admin;

/// <summary>What CaseHub keeps, for how long, what goes at the next purge and when the next item falls due.</summary>
public class RetentionModel(RetentionService retention) : CaseHubPageModel
{
    public IReadOnlyList<RetentionService.RuleStatus> Rules { get; private set; } = [];

    public async Task OnGetAsync() => Rules = await retention.ForecastAsync();

    /// <summary>Runs the purge now (it runs by itself every day; idempotent).</summary>
    public async Task<IActionResult> OnPostPurgeAsync()
    {
        var counts = await retention.PurgeAsync();
        StatusMessage = T.F("Admin.Retention.Purged", counts.Values.Sum());
        return RedirectToPage();
    }
}
