using System.Globalization;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Immersion;
using CaseHub.Core.Immersion.Matching;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// The speed-meeting rotation: partners (one per line, the campaign's partners by default), NAMED worker groups (the
/// campaign's teams by default), a slot length (15 minutes by default) and breaks give the fewest rounds in which every
/// group meets every partner once, without clashes. Saved with the campaign (following its speed-meeting event when
/// there is one) and shown again when the page is reopened; printed per partner (a sheet on each table) and per group.
/// A query string (?Groups=4&amp;Slot=15…) only previews, nothing is saved.
/// </summary>
public class SpeedMeetingModel(ImmersionCampaigns campaigns, ImmersionPartners partners, SpeedMeetingPlans plans) : ImmersionPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Partners { get; set; }
    [BindProperty(SupportsGet = true)] public string? GroupNames { get; set; }
    [BindProperty(SupportsGet = true)] public int? Groups { get; set; }
    [BindProperty(SupportsGet = true)] public int Slot { get; set; } = 15;
    [BindProperty(SupportsGet = true)] public int? BreakEvery { get; set; }
    [BindProperty(SupportsGet = true)] public int BreakMinutes { get; set; } = 15;
    [BindProperty(SupportsGet = true)] public DateOnly? Date { get; set; }
    [BindProperty(SupportsGet = true)] public TimeOnly Time { get; set; } = new(13, 30);
    [BindProperty] public bool Replace { get; set; }

    public ImmersionCampaign Campaign { get; private set; } = null!;
    public List<string> PartnerNames { get; private set; } = [];
    public List<string> GroupList { get; private set; } = [];
    public SpeedMeetingSchedule? Schedule { get; private set; }
    public SpeedMeetingPlanView? Saved { get; private set; }
    public ImmersionEvent? Event { get; private set; }
    /// <summary>True when the rotation shown is the saved one (not a preview).</summary>
    public bool ShowsSaved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var preview = Request.Query.Count > 0;
        if (Saved is not null && !preview)
        {
            var p = Saved.Plan;
            Partners = p.Partners;
            GroupNames = p.GroupNames;
            Slot = p.SlotMinutes;
            BreakEvery = p.BreakEveryRounds;
            BreakMinutes = p.BreakMinutes;
            Date = CalendarTime.LocalDate(Saved.Start);
            Time = CalendarTime.LocalTime(Saved.Start);
            PartnerNames = p.PartnerList.ToList();
            GroupList = p.GroupList.ToList();
            Schedule = Saved.Schedule;
            ShowsSaved = true;
            return;
        }
        Partners ??= string.Join('\n', (await partners.ListAsync(Id, ct)).Select(p => p.Organisation));
        GroupNames ??= string.Join('\n', Groups is { } n && n is >= 1 and <= SpeedMeetingPlan.MaxGroups
            ? Enumerable.Range(1, n).Select(i => T.F("Immersion.Speed.DefaultGroup", i))
            : await plans.DefaultGroupNamesAsync(Id, 4, Lang, ct));
        if (Groups is < 1 or > SpeedMeetingPlan.MaxGroups) { ModelState.AddModelError("Groups", T.F("Immersion.Speed.Error.TooManyGroups", SpeedMeetingPlan.MaxGroups)); return; }
        Preview();
    }

    /// <summary>Previews the rotation from the form (nothing saved).</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        Preview();
        return Page();
    }

    /// <summary>Saves the rotation; replacing a saved one needs the confirmation box. Bad input leaves the saved plan as it was.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        if (Saved is not null && !Replace)
        {
            ModelState.AddModelError("Replace", T["Immersion.Speed.Error.ConfirmReplace"]);
            Preview();
            return Page();
        }
        var start = CalendarTime.FromLocal(Date ?? Campaign.PeriodStart.AddDays(-21), Time);
        if (await TryAsync(() => plans.SaveAsync(Id, new SpeedMeetingPlanInput(Partners, GroupNames, Slot, BreakEvery, BreakMinutes, start), Me, ct), ""))
        {
            StatusMessage = T["Immersion.Speed.Saved"];
            return Redirect($"/immersion/{Id}/speed-meeting");
        }
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        RequireCoordinator();
        Campaign = await campaigns.GetAsync(Id, ct);
        Saved = await plans.GetAsync(Id, ct);
        Event = Saved?.Event ?? await plans.EventAsync(Id, ct);
        Date ??= Event is not null ? CalendarTime.LocalDate(Event.Start) : Campaign.PeriodStart.AddDays(-21);
        if (Event is not null && Request.Method == "GET" && Request.Query.Count == 0) Time = CalendarTime.LocalTime(Event.Start);
    }

    private void Preview()
    {
        try
        {
            var (partners, groups) = SpeedMeetingPlans.Validate(new SpeedMeetingPlanInput(Partners, GroupNames, Slot, BreakEvery, BreakMinutes, default));
            PartnerNames = partners;
            GroupList = groups;
            var start = Event?.Start ?? CalendarTime.FromLocal(Date!.Value, Time);
            Schedule = SpeedMeetingPlans.Compute(partners.Count, groups.Count, Slot, BreakEvery, BreakMinutes, start);
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }
    }

    public string TimeOfDay(DateTimeOffset t) => CalendarTime.LocalTime(t).ToString("HH\\:mm", CultureInfo.InvariantCulture);
    public string GroupName(int g) => g < GroupList.Count ? GroupList[g] : T.F("Immersion.Speed.DefaultGroup", g + 1);
}
