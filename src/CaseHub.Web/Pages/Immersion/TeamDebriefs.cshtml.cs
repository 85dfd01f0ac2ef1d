using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Immersion;
using Microsoft.AspNetCore.Mvc;
using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// Team debrief meetings of a campaign: the coordinator (any team) or a team lead (their teams) schedules one — an
/// event with its invitation and a live room with the team's placed visitors. Anybody else gets 404.
/// </summary>
public class TeamDebriefsModel(ImmersionCampaigns campaigns, ImmersionTeamDebriefs debriefs, TimeProvider clock) : ImmersionPage
{
    [FromRoute] public Guid Id { get; set; }

    public sealed class ScheduleForm
    {
        public Guid TeamId { get; set; }
        public string? Title { get; set; }
        [PlausibleDate] public DateOnly Date { get; set; }
        public TimeOnly Start { get; set; } = new(14, 0);
        public TimeOnly End { get; set; } = new(15, 30);
        public string? Place { get; set; }
        public string? VideoUrl { get; set; }
    }

    [BindProperty] public ScheduleForm Form { get; set; } = new();
    public ImmersionCampaign Campaign { get; private set; } = null!;
    public List<TeamCoverage> Teams { get; private set; } = [];
    public List<TeamDebriefMeeting> Meetings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Form.Date = Campaign.PeriodEnd.AddDays(7) is var d && d > CalendarTime.LocalDate(clock.GetUtcNow()) ? d : CalendarTime.LocalDate(clock.GetUtcNow()).AddDays(7);
        Form.TeamId = Teams.FirstOrDefault()?.TeamId ?? Guid.Empty;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        if (await TryAsync(() => debriefs.ScheduleAsync(Id, new TeamDebriefInput
        {
            TeamId = Form.TeamId, Title = Form.Title, Date = Form.Date, Start = Form.Start, End = Form.End, Place = Form.Place, VideoUrl = Form.VideoUrl,
        }, Me, IsCoordinator, ct), "Form."))
        {
            StatusMessage = T["Immersion.TeamDebrief.Scheduled"];
            return Redirect($"/immersion/{Id}/team-debriefs");
        }
        return Page();
    }

    /// <summary>Coordinators see every team debrief; a team lead those of the teams they lead; nobody else the page.</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        Campaign = await campaigns.GetAsync(Id, ct);
        Teams = await debriefs.SchedulableTeamsAsync(Id, Me, IsCoordinator, ct);
        if (!IsCoordinator && Teams.Count == 0) throw DomainException.NotFound();
        var teamIds = Teams.Select(t => t.TeamId).ToHashSet();
        Meetings = (await debriefs.ListAsync(Id, ct)).Where(m => IsCoordinator || (m.Event.TeamId is { } t && teamIds.Contains(t))).ToList();
    }
}
