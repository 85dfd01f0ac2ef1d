using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Conferences;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>A case: who works on it, its conferences, handovers (with questions) and timeline — as the reader may see it.</summary>
public class CaseModel(CaseQueries queries, People people, CaseService cases, HandoverService handovers, CaseTimeline timeline, CaseActionService actions,
    OrientationCatalog orientations, CaseHub.Core.Audit.AuditTrail audit) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }
    public ConferenceCase Case { get; private set; } = null!;
    public Viewer Viewer { get; private set; } = null!;
    public List<(CaseMember Member, string Name)> Members { get; private set; } = [];
    public List<(Conference Conference, Room Room)> Conferences { get; private set; } = [];
    public List<HandoverView> Handovers { get; private set; } = [];
    public List<TimelineItem> Timeline { get; private set; } = [];
    public List<AppUser> Addable { get; private set; } = [];
    /// <summary>CPAS team leads not yet on the case, with the team(s) they lead.</summary>
    public List<(AppUser User, string Team)> TeamLeads { get; private set; } = [];
    public List<CaseActionView> Actions { get; private set; } = [];
    public IReadOnlyList<OrientationChoice> Orientations { get; private set; } = [];
    /// <summary>The edit form stays open (with what was typed) when saving it failed.</summary>
    public bool EditOpen { get; private set; }
    /// <summary>The action whose change was refused, highlighted with its current state.</summary>
    public Guid? FailedActionId { get; private set; }
    public bool CanManage => Case.FacilitatorId == Me;
    public DateOnly Today { get; private set; }

    [BindProperty] public Guid UserId { get; set; }
    [BindProperty] public CaseParty Party { get; set; } = CaseParty.SocialWorker;
    [BindProperty] public Guid ToUserId { get; set; }
    [BindProperty, StringLength(Handover.TextMaxLength, ErrorMessage = V.Length)] public string? Note { get; set; }
    [BindProperty] public Visibility Visibility { get; set; } = Visibility.CpasOnly;
    [BindProperty] public Guid HandoverId { get; set; }
    [BindProperty, StringLength(Handover.TextMaxLength, ErrorMessage = V.Length)] public string? Message { get; set; }

    public sealed class CaseForm
    {
        [StringLength(ConferenceCase.CodeMaxLength, ErrorMessage = V.Length)] public string? Code { get; set; }
        [StringLength(ConferenceCase.ServiceMaxLength, ErrorMessage = V.Length)] public string? Service { get; set; }
        [StringLength(ConferenceCase.SummaryMaxLength, ErrorMessage = V.Length)] public string? Summary { get; set; }
        public List<SocialThemes> Themes { get; set; } = [];
        public string? Orientation { get; set; }
        public bool ConfirmPii { get; set; }
        [StringLength(64, ErrorMessage = V.Length)] public string? Stamp { get; set; }
    }
    [BindProperty] public CaseForm Edit { get; set; } = new();

    public sealed class ActionForm
    {
        public Guid Id { get; set; }
        public Guid? OwnerId { get; set; }
        public DateOnly? DueDate { get; set; }
        public ActionStatus Status { get; set; }
        public string? Stamp { get; set; }
    }
    [BindProperty] public ActionForm Followup { get; set; } = new();

    public async Task OnGetAsync()
    {
        await LoadAsync();
        await audit.RecordViewAsync(Me, "Conferences.CaseViewed", "Case", Id); // who read a case file, and when
    }

    public async Task<IActionResult> OnPostEditAsync()
    {
        var themes = Edit.Themes.Aggregate(SocialThemes.None, (a, t) => a | t);
        var input = new CaseInput(Edit.Code, Edit.Service, Edit.Summary, themes) { Orientation = Edit.Orientation, ConfirmPossiblePii = Edit.ConfirmPii, SeenStamp = Edit.Stamp ?? "" };
        EditOpen = true;
        return await RunAsync(() => cases.UpdateAsync(Id, Me, input), "Conference.UI.CaseUpdated", keepEdit: true);
    }

    public Task<IActionResult> OnPostAddTeamLeadAsync() => RunAsync(() => cases.AddMemberAsync(Id, Me, UserId, CaseParty.TeamLead), "Conference.UI.MemberAdded");

    public async Task<IActionResult> OnPostActionAsync()
    {
        FailedActionId = Followup.Id;
        return await RunAsync(() => actions.UpdateAsync(Id, Followup.Id, Me, new ActionChange(Followup.OwnerId, Followup.DueDate, Followup.Status), Followup.Stamp),
            "Conference.UI.ActionUpdated");
    }

    public Task<IActionResult> OnPostCloseAsync() => RunAsync(() => cases.SetClosedAsync(Id, Me, true), "Conference.UI.CaseClosed");
    public Task<IActionResult> OnPostReopenAsync() => RunAsync(() => cases.SetClosedAsync(Id, Me, false), "Conference.UI.CaseReopened");
    /// <summary>Days after closing when the case is deleted (shown so the facilitator knows the consequence).</summary>
    public int ClosedCasesDays => HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Core.Retention.RetentionOptions>>().Value.ClosedCasesDays;
    public Task<IActionResult> OnPostAddMemberAsync() => RunAsync(() => cases.AddMemberAsync(Id, Me, UserId, Party), "Conference.UI.MemberAdded");
    public Task<IActionResult> OnPostRemoveMemberAsync() => RunAsync(() => cases.RemoveMemberAsync(Id, Me, UserId), "Conference.UI.MemberRemoved");
    public Task<IActionResult> OnPostHandoverAsync() => RunAsync(() => handovers.CreateAsync(Id, Me, ToUserId, Note, Visibility), "Conference.UI.HandoverSent");
    public Task<IActionResult> OnPostMessageAsync() => RunAsync(async () =>
    {
        // The handover must belong to this case (the service checks the caller's membership of its case).
        if (!await queries.HasHandoverAsync(Id, HandoverId)) throw Core.Common.DomainException.NotFound();
        await handovers.AddMessageAsync(HandoverId, Me, Message);
    }, "Conference.UI.MessageSent");

    private async Task<IActionResult> RunAsync(Func<Task> action, string done, bool keepEdit = false)
    {
        await cases.RequireMemberAsync(Id, Me);
        if (await TryAsync(action))
        {
            StatusMessage = T[done];
            return Redirect($"/conferences/cases/{Id}");
        }
        await LoadAsync(keepEdit);
        return Page();
    }

    private async Task LoadAsync(bool keepEdit = false)
    {
        Viewer = await cases.ViewerAsync(Id, Me);
        Case = await queries.CaseAsync(Id);
        Members = await queries.MembersAsync(Id);
        Conferences = await queries.ConferencesAsync(Id);
        Handovers = await handovers.ForCaseAsync(Id, Me);
        Timeline = await timeline.ForCaseAsync(Id, Me);
        Today = Core.Calendar.CalendarTime.LocalDate(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        Actions = await actions.ForCaseAsync(Id, Me);
        Orientations = orientations.Choices(Lang);
        if (CanManage)
        {
            var memberIds = Members.Select(m => m.Member.UserId).ToList();
            Addable = await people.ActiveAsync(except: memberIds);
            TeamLeads = (await cases.TeamLeadsAsync()).Where(t => !memberIds.Contains(t.User.Id)).ToList();
            if (!keepEdit)
                Edit = new CaseForm
                {
                    Code = Case.Code, Service = Case.Service, Summary = Case.Summary, Orientation = Case.CurrentOrientation,
                    Themes = Enum.GetValues<SocialThemes>().Where(t => t != SocialThemes.None && Case.Themes.HasFlag(t)).ToList(),
                };
            // After a refusal the form keeps what was typed but now answers to the case as it is (the page shows it),
            // so saving again is a deliberate overwrite.
            Edit.Stamp = CaseService.Stamp(Case);
        }
    }

    public string OrientationLabel(string? key) => orientations.Label(key, Lang);

    /// <summary>Members who can own an action (anyone on the case), for the owner choice.</summary>
    public IEnumerable<(Guid Id, string Name)> Owners => Members.Select(m => (m.Member.UserId, m.Name));
}
