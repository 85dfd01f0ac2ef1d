using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Pages.Intervision;

/// <summary>My intervision teams and my next sessions; facilitators create a team here.</summary>
[Authorize(Roles = IntervisionAccess.StaffRoles)]
public class IndexModel(CaseHubDbContext db, IntervisionTeams teams, TimeProvider clock) : CaseHubPageModel
{
    public sealed record NextSession(Guid Id, string Title, DateTimeOffset Start, string Team, string? MyRole);

    public List<IntervisionTeam> Teams { get; private set; } = [];
    public List<NextSession> Upcoming { get; private set; } = [];
    public List<AppUser> Colleagues { get; private set; } = [];
    public bool CanOrganise => IntervisionAccess.OrganiserRoles.Any(User.IsInRole);

    [BindProperty, Required(ErrorMessage = V.Required), StringLength(IntervisionTeam.NameMaxLength, ErrorMessage = V.Length)] public string Name { get; set; } = "";
    [BindProperty] public List<Guid> Members { get; set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CanOrganise) return Forbid();
        IntervisionTeam? team = null;
        if (!await TryAsync(async () => team = await teams.CreateTeamAsync(Name, Me, Members)))
        {
            await LoadAsync();
            return Page();
        }
        StatusMessage = T["Intervision.Team.Created"];
        return Redirect($"/intervision/teams/{team!.Id}");
    }

    private async Task LoadAsync()
    {
        Teams = await teams.MyTeamsAsync(Me);
        var now = clock.GetUtcNow().AddHours(-4);
        var rows = await (from s in db.IntervisionSessions.AsNoTracking()
                          join r in db.Rooms.AsNoTracking() on s.RoomId equals r.Id
                          join t in db.IntervisionTeams.AsNoTracking() on s.TeamId equals t.Id
                          join p in db.RoomParticipants.AsNoTracking() on r.Id equals p.RoomId
                          where p.UserId == Me && r.Status != RoomStatus.Closed && r.Status != RoomStatus.Cancelled
                          select new { s.Id, r.Title, s.Start, Team = t.Name, p.ProtocolRole, p.Role }).ToListAsync();
        Upcoming = rows.Where(x => x.Start >= now).OrderBy(x => x.Start).Take(10)
            .Select(x => new NextSession(x.Id, x.Title, x.Start, x.Team, x.Role == RoomRole.Chair ? "animateur" : x.ProtocolRole)).ToList();
        if (CanOrganise)
            Colleagues = await db.Users.AsNoTracking().Where(u => u.ErasedAt == null && u.Id != Me).OrderBy(u => u.DisplayName).ToListAsync();
    }
}
