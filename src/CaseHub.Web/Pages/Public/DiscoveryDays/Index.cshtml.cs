using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Localization;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Public.DiscoveryDays;

/// <summary>The public list of upcoming discovery days, with live seat counts and filters (audience, language, month).</summary>
public class IndexModel(DiscoveryBookingService bookings, TimeProvider clock) : CaseHubPageModel
{
    [BindProperty(SupportsGet = true)] public string? Audience { get; set; }
    [BindProperty(SupportsGet = true)] public string? Language { get; set; }
    /// <summary>"2026-04".</summary>
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    public IReadOnlyList<DiscoveryDay> Days { get; private set; } = [];
    public IReadOnlyList<(int Year, int Month)> Months { get; private set; } = [];
    public Dictionary<Guid, int> Waiting { get; } = [];
    public DateTimeOffset Now { get; private set; }
    public bool Filtered => Audience is not null || Language is not null || Month is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        DiscoveryAudience? audience = Enum.TryParse<DiscoveryAudience>(Audience, true, out var a) && DiscoveryView.AudienceFlags.Contains(a) ? a : null;
        if (audience is null) Audience = null;
        if (!Languages.IsSupported(Language)) Language = null;
        int? year = null, month = null;
        if (Month is { Length: 7 } m && int.TryParse(m[..4], out var y) && int.TryParse(m[5..], out var mo) && mo is >= 1 and <= 12) (year, month) = (y, mo);
        else Month = null;

        Days = await bookings.UpcomingAsync(new DiscoveryDayFilter(audience, Language, year, month), ct);
        Months = await bookings.UpcomingMonthsAsync(ct);
        foreach (var d in Days.Where(d => d.SeatsLeft == 0)) Waiting[d.Id] = await bookings.WaitingCountAsync(d.Id, ct);
    }

    public static string MonthValue((int Year, int Month) m) => $"{m.Year:D4}-{m.Month:D2}";

    public static string MonthName((int Year, int Month) m, string lang)
    {
        var name = new DateTime(m.Year, m.Month, 1).ToString("MMMM yyyy", Languages.Culture(lang));
        return char.ToUpper(name[0], Languages.Culture(lang)) + name[1..];
    }
}
