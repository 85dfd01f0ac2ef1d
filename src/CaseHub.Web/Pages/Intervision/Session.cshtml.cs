using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Intervision;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Intervision;

/// <summary>
/// One session: its roles, the confidentiality rule each participant accepts before entering, the theme, and the
/// rapporteur's summary (the record that is kept after the raw cards and notes are deleted).
/// </summary>
[Authorize(Roles = IntervisionAccess.StaffRoles)]
public class SessionModel(RoomQueries rooms, IntervisionQueries queries, IntervisionSessions sessions, IntervisionScheduling scheduling, IntervisionRecord record, ProtocolCatalog protocols,
    MeetingScheduler scheduler) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }
    public IntervisionSession Session { get; private set; } = null!;
    public Room Room { get; private set; } = null!;
    public string TeamName { get; private set; } = "";
    public List<(Guid UserId, string Name)> People { get; private set; } = [];
    public bool Acknowledged { get; private set; }
    public int AcknowledgedCount { get; private set; }
    public Protocol Protocol => protocols.Get(Room.ProtocolKey);
    public bool IsAnimateur => Session.AnimateurId == Me;
    public bool IsRapporteur => Session.RapporteurId == Me;
    public bool IsNarrator => Session.NarratorId == Me;
    public bool Open => Room.Status is RoomStatus.Scheduled or RoomStatus.Live;
    /// <summary>The shared manage panel (move, cancel, people, chair, who prepared): the animateur's or the series' organiser's.</summary>
    public MeetingManageView Manage { get; private set; } = null!;

    [BindProperty] public bool Accept { get; set; }
    /// <summary>The author checked a possible finding of the PII guard (a word that is also a colleague's surname) and keeps it.</summary>
    [BindProperty] public bool ConfirmPii { get; set; }
    [BindProperty, StringLength(IntervisionSession.ThemeMaxLength, ErrorMessage = V.Length)] public string? Theme { get; set; }
    [BindProperty] public Guid Narrator { get; set; }
    [BindProperty] public Guid Rapporteur { get; set; }
    [BindProperty, StringLength(IntervisionSession.SummaryMaxLength, ErrorMessage = V.Length)] public string? Learnings { get; set; }
    [BindProperty, StringLength(IntervisionSession.SummaryMaxLength, ErrorMessage = V.Length)] public string? Proposals { get; set; }
    [BindProperty, StringLength(IntervisionSession.SummaryMaxLength, ErrorMessage = V.Length)] public string? OpenQuestions { get; set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Theme = Session.Theme;
        Narrator = Session.NarratorId;
        Rapporteur = Session.RapporteurId;
        Learnings = Session.Learnings;
        Proposals = Session.Proposals;
        OpenQuestions = Session.OpenQuestions;
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync()
    {
        await LoadAsync();
        if (!Accept)
        {
            ModelState.AddModelError(nameof(Accept), T["Intervision.Confidentiality.Required"]);
            return Page();
        }
        await sessions.AcknowledgeAsync(Id, Me);
        return Redirect($"/intervision/sessions/{Id}/live");
    }

    public async Task<IActionResult> OnPostThemeAsync()
    {
        await LoadAsync();
        if (!IsNarrator && !IsAnimateur) return Forbid();
        if (!await TryAsync(() => sessions.SetThemeAsync(Id, Me, Theme, confirmPossiblePii: ConfirmPii))) return Page();
        StatusMessage = T["Common.Saved"];
        return Redirect($"/intervision/sessions/{Id}");
    }

    public async Task<IActionResult> OnPostRolesAsync()
    {
        await LoadAsync();
        if (!IsAnimateur) return Forbid();
        if (!await TryAsync(() => scheduling.SetRolesAsync(Id, Me, Narrator, Rapporteur))) return Page();
        StatusMessage = T["Common.Saved"];
        return Redirect($"/intervision/sessions/{Id}");
    }

    /// <summary>The shared manage panel: move, cancel, add or remove a team member, change the animateur (chair).</summary>
    public async Task<IActionResult> OnPostManageAsync([Bind(Prefix = "Manage")] MeetingManageForm manage)
    {
        await LoadAsync();
        if (await ManageMeetingAsync(scheduler, MeetingRef.OfRoom(Session.RoomId), manage)) return Redirect($"/intervision/sessions/{Id}");
        await LoadAsync(manage);
        Theme = Session.Theme;
        Narrator = Session.NarratorId;
        Rapporteur = Session.RapporteurId;
        return Page();
    }

    public async Task<IActionResult> OnPostSummaryAsync()
    {
        await LoadAsync();
        if (!IsRapporteur) return Forbid();
        if (!await TryAsync(() => record.SaveSummaryAsync(Id, Me, new SummaryInput(Learnings, Proposals, OpenQuestions) { ConfirmPossiblePii = ConfirmPii }))) return Page();
        StatusMessage = T["Common.Saved"];
        return Redirect($"/intervision/sessions/{Id}");
    }

    private async Task LoadAsync(MeetingManageForm? posted = null)
    {
        // Membership first: a non-participant gets 404.
        Session = await sessions.RequireSessionMemberAsync(Id, Me);
        Room = await rooms.GetAsync(Session.RoomId);
        People = (await rooms.ParticipantsAsync(Room.Id)).Select(p => (p.Participant.UserId, p.Name)).ToList();
        Acknowledged = await sessions.HasAcknowledgedAsync(Id, Me);
        var facts = await queries.FactsAsync(Session);
        TeamName = facts.TeamName;
        AcknowledgedCount = facts.AcknowledgedCount;
        var panel = await scheduler.PanelAsync(MeetingRef.OfRoom(Room.Id), Me);
        Manage = new MeetingManageView(panel, posted ?? MeetingManageForm.For(panel));
    }

    public string NameOf(Guid id) => People.FirstOrDefault(p => p.UserId == id).Name ?? "—";
}
