using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Conferences;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>The facilitator prepares a conference: who (from the case's workers), when, where or which video link, the
/// agenda, and whether a second part is held with the person. Invitations go out with a calendar request.</summary>
[Authorize(Roles = $"{Roles.Facilitator},{Roles.Administrator}")]
public class PrepareModel(CaseQueries queries, CaseService cases, ConferenceService conferences, TimeProvider clock) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }
    public ConferenceCase Case { get; private set; } = null!;
    public List<(CaseMember Member, string Name)> Members { get; private set; } = [];

    [BindProperty, StringLength(Room.TitleMaxLength, ErrorMessage = V.Length)] public string? Title { get; set; }
    [BindProperty, Required(ErrorMessage = V.Required), PlausibleDate] public DateOnly? Date { get; set; }
    [BindProperty, Required(ErrorMessage = V.Required)] public TimeOnly? StartTime { get; set; }
    [BindProperty, Required(ErrorMessage = V.Required)] public TimeOnly? EndTime { get; set; }
    [BindProperty, StringLength(Room.LocationMaxLength, ErrorMessage = V.Length)] public string? Location { get; set; }
    [BindProperty, StringLength(500, ErrorMessage = V.Length)] public string? VideoUrl { get; set; }
    [BindProperty, StringLength(Room.PurposeMaxLength, ErrorMessage = V.Length)] public string? Agenda { get; set; }
    [BindProperty] public List<Guid> Participants { get; set; } = [];
    [BindProperty] public bool WithPerson { get; set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Date = CalendarTime.LocalDate(clock.GetUtcNow()).AddDays(7);
        StartTime = new TimeOnly(10, 0);
        EndTime = new TimeOnly(11, 30);
        Participants = Members.Select(m => m.Member.UserId).ToList();
        Agenda = T["Conference.UI.DefaultAgenda"];
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        Conference? created = null;
        var ok = await TryAsync(async () =>
        {
            var start = CalendarTime.FromLocal(Date!.Value, StartTime!.Value);
            var end = CalendarTime.FromLocal(Date!.Value, EndTime!.Value);
            created = await conferences.PrepareAsync(Id, Me, new ConferencePlan(Title, start, end, Location, VideoUrl, Agenda, Participants, WithPerson));
        });
        if (!ok) return Page();
        StatusMessage = T["Conference.UI.Prepared"];
        return Redirect($"/conferences/{created!.Id}");
    }

    private async Task LoadAsync()
    {
        Case = await cases.RequireFacilitatedAsync(Id, Me);
        Members = await queries.MembersAsync(Id, except: Me);
    }
}
