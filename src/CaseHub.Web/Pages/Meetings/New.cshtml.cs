using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Meetings;

/// <summary>Plan a meeting from a protocol: when, where, who; invitations go out with a calendar invitation.</summary>
[Authorize(Roles = $"{Roles.Administrator},{Roles.Facilitator},{Roles.Coordinator}")]
public class NewModel(People people, Core.Accounts.Organisations organisations, MeetingScheduler scheduler, ProtocolCatalog protocols, TimeProvider clock) : CaseHubPageModel
{
    [BindProperty, Required(ErrorMessage = V.Required), StringLength(Room.TitleMaxLength, ErrorMessage = V.Length)] public string Title { get; set; } = "";
    [BindProperty] public string ProtocolKey { get; set; } = NetworkMeetingProtocol.Key;
    [BindProperty, Required(ErrorMessage = V.Required), PlausibleDate] public DateOnly? Date { get; set; }
    [BindProperty, Required(ErrorMessage = V.Required)] public TimeOnly? StartTime { get; set; }
    [BindProperty, Required(ErrorMessage = V.Required)] public TimeOnly? EndTime { get; set; }
    [BindProperty, StringLength(Room.LocationMaxLength, ErrorMessage = V.Length)] public string? Location { get; set; }
    [BindProperty, StringLength(500, ErrorMessage = V.Length)] public string? VideoUrl { get; set; }
    [BindProperty, StringLength(Room.PurposeMaxLength, ErrorMessage = V.Length)] public string? Purpose { get; set; }
    [BindProperty, Range(15, 3600, ErrorMessage = V.Range)] public int? SpeakingLimitSeconds { get; set; }
    /// <summary>Per user: "", Participant, CoChair or Observer.</summary>
    [BindProperty] public Dictionary<Guid, string> Invite { get; set; } = [];
    [BindProperty] public Dictionary<Guid, string> ProtocolRole { get; set; } = [];

    public List<(AppUser User, string? Organisation)> People { get; private set; } = [];
    public IEnumerable<Protocol> Protocols => protocols.All.Where(p => p.Key == NetworkMeetingProtocol.Key);

    public async Task OnGetAsync()
    {
        var tomorrow = CalendarTime.LocalDate(clock.GetUtcNow()).AddDays(1);
        Date = tomorrow;
        StartTime = new TimeOnly(9, 30);
        EndTime = new TimeOnly(11, 0);
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!protocols.TryGet(ProtocolKey, out _)) ModelState.AddModelError(nameof(ProtocolKey), T["Rooms.Error.UnknownProtocol"]);
        Room? room = null;
        var ok = await TryAsync(async () =>
        {
            var participants = new List<ParticipantSpec>();
            foreach (var (userId, role) in Invite.Where(i => !string.IsNullOrEmpty(i.Value)))
            {
                if (!Enum.TryParse<RoomRole>(role, out var r) || r == RoomRole.Chair) throw new Core.Common.DomainException("Error.InvalidValue") { Field = "Invite" };
                var pr = ProtocolRole.TryGetValue(userId, out var x) && !string.IsNullOrEmpty(x) ? x : null;
                participants.Add(new ParticipantSpec(userId, r, pr));
            }
            var start = CalendarTime.FromLocal(Date!.Value, StartTime!.Value);
            var end = CalendarTime.FromLocal(Date!.Value, EndTime!.Value);
            room = await scheduler.CreateAsync(new RoomSpec(Title, ProtocolKey, start, end, Location, VideoUrl, Purpose, participants, null, SpeakingLimitSeconds), Me);
        });
        if (!ok)
        {
            await LoadAsync();
            return Page();
        }
        StatusMessage = T["Meetings.Created"];
        return Redirect($"/meetings/{room!.Id}");
    }

    private async Task LoadAsync()
    {
        var orgs = await organisations.NamesAsync();
        People = (await people.ActiveAsync(except: [Me]))
            .Select(u => (u, u.OrganisationId is { } o && orgs.TryGetValue(o, out var n) ? n : null)).ToList();
    }
}
