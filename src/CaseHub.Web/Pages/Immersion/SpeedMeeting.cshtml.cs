using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Immersion;
using CaseHub.Core.Immersion.Matching;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// The speed-meeting rotation: partners (one per line, the campaign's partners by default), worker groups and a slot
/// length (15 minutes by default) give the fewest rounds in which every group meets every partner once, without
/// clashes; printed per partner (a sheet on each table) and per group.
/// </summary>
public class SpeedMeetingModel(ImmersionService immersion) : ImmersionPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Partners { get; set; }
    [BindProperty(SupportsGet = true)] public int Groups { get; set; } = 4;
    [BindProperty(SupportsGet = true)] public int Slot { get; set; } = 15;
    [BindProperty(SupportsGet = true)] public int? BreakEvery { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Date { get; set; }
    [BindProperty(SupportsGet = true)] public TimeOnly Time { get; set; } = new(13, 30);

    public ImmersionCampaign Campaign { get; private set; } = null!;
    public List<string> PartnerNames { get; private set; } = [];
    public SpeedMeetingSchedule? Schedule { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        RequireCoordinator();
        Campaign = await immersion.GetCampaignAsync(Id, ct);
        if (Partners is null) Partners = string.Join('\n', (await immersion.PartnersAsync(Id, ct)).Select(p => p.Organisation));
        PartnerNames = Partners.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Take(60).ToList();
        Date ??= Campaign.PeriodStart.AddDays(-21);
        if (PartnerNames.Count == 0) return;
        if (Groups is < 1 or > 60) { ModelState.AddModelError("Groups", T.F("Validation.Range", "", 1, 60)); return; }
        if (Slot is < 5 or > 120) { ModelState.AddModelError("Slot", T.F("Validation.Range", "", 5, 120)); return; }
        try
        {
            Schedule = SpeedMeetingRotation.Plan(new SpeedMeetingRequest(Groups, PartnerNames.Count, CalendarTime.FromLocal(Date.Value, Time))
            {
                SlotLength = TimeSpan.FromMinutes(Slot),
                BreakEveryRounds = BreakEvery is > 0 ? BreakEvery : null,
                BreakLength = BreakEvery is > 0 ? TimeSpan.FromMinutes(15) : null,
            });
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("", T.Format(ex.TextKey, Lang, ex.Args));
        }
    }

    public string Time_(DateTimeOffset t) => CalendarTime.LocalTime(t).ToString("HH\\:mm");
    public string GroupName(int g) => T.F("Immersion.Speed.Group", g + 1);
}
