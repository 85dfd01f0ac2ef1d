using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Conferences;
using CaseHub.Core.Exports;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>
/// A case: who works on it, its social assessment grid, the documents already provided, its collaboration model, the
/// thread, its conferences, handovers (with questions) and timeline — as the reader may see it; and its export.
/// </summary>
public class CaseModel(CaseQueries queries, People people, Organisations organisations, CaseService cases, HandoverService handovers, CaseTimeline timeline,
    CaseActionService actions, OrientationCatalog orientations, SocialAssessmentService grid, CaseDocumentService documents, DocumentTypeCatalog documentTypes,
    CollaborationService collaboration, CaseThreadService thread, CaseExport export, Exporter exporter, CaseHub.Core.Audit.AuditTrail audit) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }
    public ConferenceCase Case { get; private set; } = null!;
    public Viewer Viewer { get; private set; } = null!;
    public List<(CaseMember Member, string Name)> Members { get; private set; } = [];
    public List<(Conference Conference, Room Room)> Conferences { get; private set; } = [];
    public List<HandoverView> Handovers { get; private set; } = [];
    public List<TimelineItem> Timeline { get; private set; } = [];
    /// <summary>The people picker of "add a member" (nothing preselected).</summary>
    public PeoplePickerModel? Picker { get; private set; }
    [BindProperty(SupportsGet = true)] public PeoplePickerQuery Pick { get; set; } = new();
    public string ServiceName { get; private set; } = "—";
    public List<(Guid Id, string Name, string Organisation)> ServiceChoices { get; private set; } = [];
    public CaseGridView Grid { get; private set; } = null!;
    public List<CaseDocumentView> Documents { get; private set; } = [];
    public IReadOnlyList<DocumentTypeChoice> DocumentTypes { get; private set; } = [];
    /// <summary>Every organisation's services, for "provided to which service".</summary>
    public List<Organisation> AllServices { get; private set; } = [];
    public CollaborationView Collaboration { get; private set; } = null!;
    public List<CaseMessageView> Messages { get; private set; } = [];
    /// <summary>CPAS team leads not yet on the case, with the team(s) they lead.</summary>
    public List<(AppUser User, string Team)> TeamLeads { get; private set; } = [];
    public List<CaseActionView> Actions { get; private set; } = [];
    public IReadOnlyList<OrientationChoice> Orientations { get; private set; } = [];
    /// <summary>The edit form stays open (with what was typed) when saving it failed.</summary>
    public bool EditOpen { get; private set; }
    /// <summary>The action whose change was refused, highlighted with its current state.</summary>
    public Guid? FailedActionId { get; private set; }
    public bool CanManage => Case.FacilitatorId == Me;

    /// <summary>The roles of the people the member picker offers (the parties AS, AI and partner).</summary>
    private static readonly string[] CaseMemberRoles = [Roles.SocialWorker, Roles.InsertionAgent, Roles.PartnerWorker];
    public DateOnly Today { get; private set; }

    [BindProperty] public Guid UserId { get; set; }
    [BindProperty] public CaseParty? Party { get; set; }
    [BindProperty] public Guid ToUserId { get; set; }
    [BindProperty, StringLength(Handover.TextMaxLength, ErrorMessage = V.Length)] public string? Note { get; set; }
    [BindProperty] public Visibility Visibility { get; set; } = Visibility.CpasOnly;
    [BindProperty] public Guid HandoverId { get; set; }
    [BindProperty, StringLength(Handover.TextMaxLength, ErrorMessage = V.Length)] public string? Message { get; set; }

    public sealed class CaseForm
    {
        [StringLength(ConferenceCase.CodeMaxLength, ErrorMessage = V.Length)] public string? Code { get; set; }
        public Guid? ServiceId { get; set; }
        [StringLength(ConferenceCase.SummaryMaxLength, ErrorMessage = V.Length)] public string? Summary { get; set; }
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

    public sealed class DocumentForm
    {
        [StringLength(CaseDocument.TypeMaxLength, ErrorMessage = V.Length)] public string? Type { get; set; }
        public DateOnly? ProvidedOn { get; set; }
        public Guid? ServiceId { get; set; }
        public DateOnly? ValidUntil { get; set; }
    }
    [BindProperty] public DocumentForm Doc { get; set; } = new();
    [BindProperty] public Guid DocumentId { get; set; }

    public sealed class ModelForm
    {
        [StringLength(40, ErrorMessage = V.Length)] public string? Model { get; set; }
        [Range(0, 1000, ErrorMessage = V.Range)] public int? Weeks { get; set; }
        [StringLength(40, ErrorMessage = V.Length)] public string? Kind { get; set; }
        public DateOnly? Date { get; set; }
    }
    [BindProperty] public ModelForm Collab { get; set; } = new();

    public sealed class MessageForm
    {
        [StringLength(CaseMessage.TextMaxLength, ErrorMessage = V.Length)] public string? Text { get; set; }
        [StringLength(40, ErrorMessage = V.Length)] public string? Kind { get; set; }
        [StringLength(40, ErrorMessage = V.Length)] public string? Visibility { get; set; }
        public Guid? ReplyTo { get; set; }
    }
    [BindProperty] public MessageForm Post { get; set; } = new();
    /// <summary>The question whose answer form failed (kept open with what was typed).</summary>
    public Guid? FailedReplyTo { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        await audit.RecordViewAsync(Me, "Conferences.CaseViewed", "Case", Id); // who read a case file, and when
        // The thread is read like the case file: recorded (when there is something to read).
        Messages = await thread.ReadAsync(Id, Me);
    }

    public Task<IActionResult> OnGetExportCsvAsync(CancellationToken ct) => ExportAsync(ExportFormat.Csv, ct);
    public Task<IActionResult> OnGetExportXlsxAsync(CancellationToken ct) => ExportAsync(ExportFormat.Xlsx, ct);

    /// <summary>The case as this reader may see it (grid, documents, thread); audited as an export of the case file.</summary>
    private async Task<IActionResult> ExportAsync(ExportFormat format, CancellationToken ct)
    {
        var c = (await cases.RequireMemberAsync(Id, Me, ct)).CaseId;
        var code = (await queries.CaseAsync(c, ct)).Code;
        var file = exporter.Write(await export.BuildAsync(c, Me, Lang, ct), format, Lang, "case-" + code);
        await audit.RecordViewAsync(Me, "Conferences.CaseExported", "Case", c, ct);
        return ExportDownload.Page(HttpContext, file);
    }

    public ExportLinks CaseExportLinks => new("case-export", $"/conferences/cases/{Id}?handler=ExportCsv", $"/conferences/cases/{Id}?handler=ExportXlsx", T["Conference.Export.CaseTitle"]);

    public async Task<IActionResult> OnPostEditAsync()
    {
        var input = new CaseInput(Edit.Code, Edit.ServiceId, Edit.Summary) { Orientation = Edit.Orientation, ConfirmPossiblePii = Edit.ConfirmPii, SeenStamp = Edit.Stamp ?? "" };
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
    public Task<IActionResult> OnPostAddMemberAsync() => RunAsync(async () =>
    {
        // Only the facilitator (checked first, so others get 403/404 rather than a form error). Nothing is
        // preselected: a form sent without a choice says so, next to the picker.
        await cases.RequireFacilitatedAsync(Id, Me);
        if (UserId == Guid.Empty) throw new Core.Common.DomainException("Conference.Error.ChoosePerson") { Field = "UserId" };
        if (Party is not { } party) throw new Core.Common.DomainException("Conference.Error.ChooseParty") { Field = "Party" };
        await cases.AddMemberAsync(Id, Me, UserId, party);
    }, "Conference.UI.MemberAdded");

    public Task<IActionResult> OnPostDocumentAsync()
        => RunAsync(() => documents.AddAsync(Id, Me, new DocumentInput(Doc.Type, Doc.ProvidedOn, Doc.ServiceId, Doc.ValidUntil)), "Conference.Documents.Added", prefix: "Doc.", anchor: "docs-h");

    public Task<IActionResult> OnPostRemoveDocumentAsync()
        => RunAsync(() => documents.RemoveAsync(Id, Me, DocumentId), "Conference.Documents.Removed", anchor: "docs-h");

    public Task<IActionResult> OnPostModelAsync()
        => RunAsync(() => collaboration.SetModelAsync(Id, Me, Collab.Model, Collab.Weeks), "Conference.Model.Saved", prefix: "Collab.", anchor: "model-h");

    public Task<IActionResult> OnPostFollowUpAsync()
        => RunAsync(() => collaboration.RecordAsync(Id, Me, Collab.Kind, Collab.Date), "Conference.Model.Recorded", prefix: "Collab.", anchor: "model-h");

    public async Task<IActionResult> OnPostPostAsync()
    {
        FailedReplyTo = Post.ReplyTo;
        return await RunAsync(() => thread.PostAsync(Id, Me, new MessageInput(Post.Text, Post.Kind, Post.Visibility, Post.ReplyTo)), "Conference.Thread.Posted",
            prefix: "Post.", anchor: "thread-h");
    }
    public Task<IActionResult> OnPostRemoveMemberAsync() => RunAsync(() => cases.RemoveMemberAsync(Id, Me, UserId), "Conference.UI.MemberRemoved");
    public Task<IActionResult> OnPostHandoverAsync() => RunAsync(() => handovers.CreateAsync(Id, Me, ToUserId, Note, Visibility), "Conference.UI.HandoverSent");
    public Task<IActionResult> OnPostMessageAsync() => RunAsync(async () =>
    {
        // The handover must belong to this case (the service checks the caller's membership of its case).
        if (!await queries.HasHandoverAsync(Id, HandoverId)) throw Core.Common.DomainException.NotFound();
        await handovers.AddMessageAsync(HandoverId, Me, Message);
    }, "Conference.UI.MessageSent");

    private async Task<IActionResult> RunAsync(Func<Task> action, string done, bool keepEdit = false, string prefix = "", string? anchor = null)
    {
        await cases.RequireMemberAsync(Id, Me);
        if (await TryAsync(action, prefix))
        {
            StatusMessage = T[done];
            return Redirect($"/conferences/cases/{Id}" + (anchor is null ? "" : "#" + anchor));
        }
        await LoadAsync(keepEdit);
        Messages = await thread.VisibleAsync(Id, Viewer);
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
        ServiceName = await cases.ServiceNameAsync(Case);
        Grid = await grid.ViewAsync(Id, Me);
        Documents = await documents.ForCaseAsync(Id, Me);
        DocumentTypes = documentTypes.Choices(Lang);
        AllServices = (await organisations.ListByKindAsync()).Where(o => o.Services.Count > 0).ToList();
        Collaboration = await collaboration.ViewAsync(Id, Me);
        if (CanManage)
        {
            var memberIds = Members.Select(m => m.Member.UserId).ToList();
            // Only people who can sit on a case as one of the parties offered (AS, AI, partner): no administrator, no councillor.
            var (found, more) = await people.DirectoryAsync(Pick.ToFilter() with { Eligible = CaseMemberRoles }, except: memberIds);
            Picker = new PeoplePickerModel
            {
                Id = "add-person", FormId = "add-member-form", FieldName = "UserId", Action = $"/conferences/cases/{Id}", Legend = T["Conference.Field.Person"],
                People = found, More = more, Organisations = await organisations.ListByKindAsync(), Query = Pick, Roles = CaseMemberRoles,
                Chosen = UserId == Guid.Empty ? null : UserId,
            };
            TeamLeads = (await cases.TeamLeadsAsync()).Where(t => !memberIds.Contains(t.User.Id)).ToList();
            ServiceChoices = await cases.ServiceChoicesAsync(Me);
            if (!keepEdit)
                Edit = new CaseForm { Code = Case.Code, ServiceId = Case.ServiceId, Summary = Case.Summary, Orientation = Case.CurrentOrientation };
            // After a refusal the form keeps what was typed but now answers to the case as it is (the page shows it),
            // so saving again is a deliberate overwrite.
            Edit.Stamp = CaseService.Stamp(Case);
        }
    }

    public string OrientationLabel(string? key) => orientations.Label(key, Lang);

    public string DocumentLabel(string key) => documentTypes.Label(key, Lang);

    /// <summary>The members a message can mention (for the thread's hint list).</summary>
    public IEnumerable<string> MentionNames => Members.Where(m => m.Member.UserId != Me).Select(m => m.Name);

    /// <summary>Members who can own an action (anyone on the case), for the owner choice.</summary>
    public IEnumerable<(Guid Id, string Name)> Owners => Members.Select(m => (m.Member.UserId, m.Name));
}
