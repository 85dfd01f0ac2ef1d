using CaseHub.Core.DiscoveryDays;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.DiscoveryDays;

/// <summary>The organiser's list of days with their counts.</summary>
public class IndexModel(DiscoveryDayService days) : OrganiserPage
{
    [BindProperty(SupportsGet = true)] public bool Past { get; set; }
    public IReadOnlyList<DiscoveryDayRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await days.ListAsync(Past, ct);
}
