using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Committees;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Committees;

/// <summary>The chair plans a comité à blanc: cases (in order), members, timing; invitations go out with the calendar.</summary>
public class NewModel(CommitteeQueries queries, People people, CommitteeService committees, TimeProvider clock) : CommitteeOrganiserPage
{
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(Room.TitleMaxLength, ErrorMessage = V.Length)] public string Title { get; set; } = "";
    [BindProperty, Required(ErrorMessage = V.Required), PlausibleDate] public DateOnly? Date { get; set; }
    [BindProperty, Required(ErrorMessage = V.Required)] public TimeOnly? StartTime { get; set; }
    [BindProperty, Required(ErrorMessage = V.Required)] public TimeOnly? EndTime { get; set; }
    [BindProperty, StringLength(Room.LocationMaxLength, ErrorMessage = V.Length)] public string? Location { get; set; }
    [BindProperty] public bool ShowNames { get; set; }
    /// <summary>Per case: its position in the session (1, 2…), empty = not used.</summary>
    [BindProperty] public Dictionary<Guid, int?> CaseOrder { get; set; } = [];
    [BindProperty] public List<Guid> Members { get; set; } = [];
    [BindProperty, Range(1, 60, ErrorMessage = V.Range)] public int ReadingMinutes { get; set; } = 10;
    [BindProperty, Range(1, 60, ErrorMessage = V.Range)] public int VoteMinutes { get; set; } = 5;
    [BindProperty, Range(1, 120, ErrorMessage = V.Range)] public int DiscussionMinutes { get; set; } = 15;
    [BindProperty, Range(1, 60, ErrorMessage = V.Range)] public int ReferenceMinutes { get; set; } = 5;

    public List<ExerciseCase> Cases { get; private set; } = [];
    public List<(AppUser User, IList<string> Roles)> People { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Date = CalendarTime.LocalDate(clock.GetUtcNow()).AddDays(7);
        StartTime = new TimeOnly(9, 30);
        EndTime = new TimeOnly(12, 0);
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        CommitteeSession? session = null;
        var ok = await TryAsync(async () =>
        {
            var start = CalendarTime.FromLocal(Date!.Value, StartTime!.Value);
            var end = CalendarTime.FromLocal(Date!.Value, EndTime!.Value);
            session = await committees.CreateSessionAsync(new CommitteeSessionInput
            {
                Title = Title, Start = start, End = end, Location = Location, ShowNames = ShowNames,
                CaseIds = CaseOrder.Where(c => c.Value is > 0).OrderBy(c => c.Value).Select(c => c.Key).ToList(),
                MemberIds = Members, ReadingMinutes = ReadingMinutes, VoteMinutes = VoteMinutes, DiscussionMinutes = DiscussionMinutes, ReferenceMinutes = ReferenceMinutes,
            }, Me);
        }, "");
        if (!ok)
        {
            await LoadAsync();
            return Page();
        }
        StatusMessage = T["Committees.UI.SessionCreated"];
        return Redirect($"/committees/{session!.Id}");
    }

    private async Task LoadAsync()
    {
        Cases = await queries.UsableCasesAsync();
        var users = await people.WithoutRoleAsync(Roles.PartnerWorker, except: Me);
        var roles = await people.RolesByPersonAsync();
        People = users.Select(u => (u, (IList<string>)roles[u.Id].ToList())).ToList();
    }
}
