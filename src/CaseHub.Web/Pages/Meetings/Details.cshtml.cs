using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Meetings;

/// <summary>A meeting's page: details, who comes, the plan (editable until it starts), the way into the room.</summary>
public class DetailsModel(RoomQueries queries, RoomService rooms, MeetingScheduler scheduler, ProtocolCatalog protocols,
    CalendarService calendar, MarkdownRenderer markdown) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }

    public Room Room { get; private set; } = null!;
    public Protocol Protocol { get; private set; } = null!;
    public RoomParticipant MyParticipation { get; private set; } = null!;
    public List<(RoomParticipant P, string Name, CalendarResponse? Response)> People { get; private set; } = [];
    public List<RoomPhase> Phases { get; private set; } = [];
    /// <summary>The shared manage panel (move, cancel, people, chair, who prepared), for whoever organises the meeting.</summary>
    public MeetingManageView Manage { get; private set; } = null!;
    public CalendarEntry? Entry { get; private set; }
    public string PurposeHtml { get; private set; } = "";
    public bool CanManage { get; private set; }
    public bool CanEditPlan => CanManage && Room.Status == RoomStatus.Scheduled;

    // --- forms ---
    public sealed class PlanRow
    {
        public string TemplateKey { get; set; } = "";
        [StringLength(RoomPhase.TitleMaxLength, ErrorMessage = V.Length)] public string? Title { get; set; }
        [Range(1, RoomService.MaxPhaseMinutes, ErrorMessage = V.Range)] public int Minutes { get; set; }
        /// <summary>Position typed by the organiser (1…n); rows are saved in that order.</summary>
        public int Order { get; set; }
        public bool Remove { get; set; }
        /// <summary>The blank "new agenda item" row: kept only when it has a title; it takes its position before an existing row.</summary>
        public bool IsNew { get; set; }
    }
    [BindProperty] public List<PlanRow> Plan { get; set; } = [];

    /// <summary>Bound only by the Details handler (as a parameter), so other forms on the page are not validated against it.</summary>
    public DetailsForm Edit { get; set; } = new();
    public sealed class DetailsForm
    {
        [Required(ErrorMessage = V.Required), StringLength(Room.TitleMaxLength, ErrorMessage = V.Length)] public string Title { get; set; } = "";
        [Required(ErrorMessage = V.Required)] public DateOnly? Date { get; set; }
        [Required(ErrorMessage = V.Required)] public TimeOnly? StartTime { get; set; }
        [Required(ErrorMessage = V.Required)] public TimeOnly? EndTime { get; set; }
        [StringLength(Room.LocationMaxLength, ErrorMessage = V.Length)] public string? Location { get; set; }
        [StringLength(500, ErrorMessage = V.Length)] public string? VideoUrl { get; set; }
        [StringLength(Room.PurposeMaxLength, ErrorMessage = V.Length)] public string? Purpose { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        if (FeatureRoomPages.PageFor(Room) is { } featurePage) return Redirect(featurePage);
        // Reading the agenda before the meeting is a network meeting's preparation.
        await scheduler.RecordPreparationSeenAsync(Id, Me);
        Edit = EditForm();
        Plan = PlanRows();
        return Page();
    }

    private DetailsForm EditForm() => new()
    {
        Title = Room.Title, Date = CalendarTime.LocalDate(Room.ScheduledStart), StartTime = CalendarTime.LocalTime(Room.ScheduledStart),
        EndTime = CalendarTime.LocalTime(Room.ScheduledEnd), Location = Room.Location, VideoUrl = Room.VideoUrl, Purpose = Room.Purpose,
    };

    public async Task<IActionResult> OnPostPlanAsync()
    {
        var specs = Plan.Where(r => !r.Remove && (!r.IsNew || !string.IsNullOrWhiteSpace(r.Title)))
            .OrderBy(r => r.Order).ThenBy(r => r.IsNew ? 0 : 1)
            .Select(r => new PhaseSpec(r.IsNew ? "agenda" : r.TemplateKey, r.Title, r.Minutes)).ToList();
        return await RunAsync(() => rooms.UpdatePlanAsync(Id, Me, specs), "Meetings.PlanSaved");
    }

    public Task<IActionResult> OnPostDetailsAsync([Bind(Prefix = "Edit")] DetailsForm edit)
    {
        Edit = edit;
        return RunAsync(() => scheduler.UpdateDetailsAsync(Id, Me, edit.Title, CalendarTime.FromLocal(edit.Date!.Value, edit.StartTime!.Value),
            CalendarTime.FromLocal(edit.Date!.Value, edit.EndTime!.Value), edit.Location, edit.VideoUrl, edit.Purpose), "Meetings.DetailsSaved");
    }

    /// <summary>The shared manage panel: move, cancel, add or remove someone, change the chair.</summary>
    public async Task<IActionResult> OnPostManageAsync([Bind(Prefix = "Manage")] MeetingManageForm manage)
    {
        if (await ManageMeetingAsync(scheduler, MeetingRef.OfRoom(Id), manage)) return Redirect($"/meetings/{Id}");
        await LoadAsync(manage);
        Edit = EditForm();
        Plan = PlanRows();
        return Page();
    }

    /// <summary>Runs a change; success redirects back with a message, a refusal re-shows the page with the error.</summary>
    private async Task<IActionResult> RunAsync(Func<Task> action, string successKey)
    {
        if (await TryAsync(action))
        {
            StatusMessage = T[successKey];
            return Redirect($"/meetings/{Id}");
        }
        await LoadAsync();
        if (Plan.Count == 0) Plan = PlanRows();
        return Page();
    }

    /// <summary>The current plan as form rows, plus a blank agenda item placed after the last agenda item.</summary>
    private List<PlanRow> PlanRows()
    {
        var rows = Phases.Select(p => new PlanRow { TemplateKey = p.TemplateKey, Title = p.Title, Minutes = p.PlannedMinutes, Order = p.Order + 1 }).ToList();
        var lastAgenda = rows.FindLastIndex(r => r.TemplateKey == "agenda");
        var template = Protocol.Phases.FirstOrDefault(t => t.Repeatable);
        if (template is not null)
            rows.Add(new PlanRow { TemplateKey = template.Key, Minutes = template.DefaultMinutes, Order = (lastAgenda >= 0 ? lastAgenda + 1 : rows.Count) + 1, IsNew = true });
        return rows;
    }

    private async Task LoadAsync(MeetingManageForm? posted = null)
    {
        Room = await queries.FindAsync(Id) ?? throw DomainException.NotFound();
        MyParticipation = await queries.ParticipationAsync(Id, Me) ?? throw DomainException.NotFound();
        Protocol = protocols.Get(Room.ProtocolKey);
        var state = RoomLiveState.Deserialize(Room.StateJson);
        CanManage = (Room.OrganiserId == Me || state.ActingChairId == Me) && Room.Status is RoomStatus.Scheduled or RoomStatus.Live;
        Entry = await calendar.FindAsync(MeetingScheduler.CalendarOwnerType, Id);
        var responses = Entry is null ? [] : Entry.Invitees.Where(i => i.RemovedAt == null && i.UserId != null).ToDictionary(i => i.UserId!.Value, i => i.Response);
        People = (await queries.ParticipantsAsync(Id))
            .Select(x => (x.Participant, x.Name, responses.TryGetValue(x.Participant.UserId, out var r) ? r : (CalendarResponse?)null)).ToList();
        Phases = await queries.PhasesAsync(Id);
        PurposeHtml = markdown.ToHtml(Room.Purpose);
        var panel = await scheduler.PanelAsync(MeetingRef.OfRoom(Id), Me);
        Manage = new MeetingManageView(panel, posted ?? MeetingManageForm.For(panel));
    }
}
