using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Conferences;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Conferences;

/// <summary>A conference: when and where, the way into the room, and the caller's written position (sealed until the
/// facilitator opens the positions in the room); afterwards its outcome and the positions the caller may read.</summary>
public class DetailsModel(RoomQueries rooms, CaseService cases, ConferenceService conferences, MeetingScheduler scheduler) : CaseHubPageModel
{
    [FromRoute] public Guid Id { get; set; }
    public ConferenceView View { get; private set; } = null!;
    public Room Room { get; private set; } = null!;
    public CaseMember Member { get; private set; } = null!;
    /// <summary>The shared manage panel (move, cancel, people, chair, who wrote a position), for the facilitator.</summary>
    public MeetingManageView Manage { get; private set; } = null!;
    public bool CanWritePersonVoice => View.CanWritePosition && View.WithPersonPart && (View.IsFacilitator || Member.Party == CaseParty.SocialWorker);

    public sealed class PositionForm
    {
        [Required(ErrorMessage = V.Required), StringLength(Position.TextMaxLength, ErrorMessage = V.Length)] public string? Situation { get; set; }
        [StringLength(Position.TextMaxLength, ErrorMessage = V.Length)] public string? ProposedOrientation { get; set; }
        [StringLength(Position.TextMaxLength, ErrorMessage = V.Length)] public string? NeedsFromOthers { get; set; }
        [StringLength(Position.TextMaxLength, ErrorMessage = V.Length)] public string? Concerns { get; set; }
        public Visibility Visibility { get; set; } = Visibility.AllParticipants;
        public bool PersonVoice { get; set; }
        public bool ConfirmPii { get; set; }
    }
    [BindProperty] public PositionForm Mine { get; set; } = new();
    public PositionForm Voice { get; set; } = new() { PersonVoice = true };

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (await conferences.MyPositionAsync(Id, Me, false) is { } p) Mine = Form(p);
        if (await conferences.MyPositionAsync(Id, Me, true) is { } v) Voice = Form(v);
    }

    public async Task<IActionResult> OnPostPositionAsync()
    {
        await LoadAsync();
        var ok = await TryAsync(() => conferences.SavePositionAsync(Id, Me, new PositionInput(Mine.Situation, Mine.ProposedOrientation,
            Mine.NeedsFromOthers, Mine.Concerns, Mine.Visibility, Mine.PersonVoice)
        { ConfirmPossiblePii = Mine.ConfirmPii }));
        if (!ok)
        {
            if (Mine.PersonVoice) { Voice = Mine; Mine = await conferences.MyPositionAsync(Id, Me, false) is { } p ? Form(p) : new(); }
            else if (await conferences.MyPositionAsync(Id, Me, true) is { } v) Voice = Form(v);
            return Page();
        }
        StatusMessage = T["Conference.UI.PositionSaved"];
        return Redirect($"/conferences/{Id}");
    }

    /// <summary>The shared manage panel: move, cancel, add or remove a member of the case, change the chair.</summary>
    public async Task<IActionResult> OnPostManageAsync([Bind(Prefix = "Manage")] MeetingManageForm manage)
    {
        await LoadAsync();
        if (await ManageMeetingAsync(scheduler, MeetingRef.OfRoom(View.RoomId), manage)) return Redirect($"/conferences/{Id}");
        await LoadAsync(manage);
        if (await conferences.MyPositionAsync(Id, Me, false) is { } p) Mine = Form(p);
        if (await conferences.MyPositionAsync(Id, Me, true) is { } v) Voice = Form(v);
        return Page();
    }

    private static PositionForm Form(Position p) => new()
    {
        Situation = p.Situation, ProposedOrientation = p.ProposedOrientation, NeedsFromOthers = p.NeedsFromOthers, Concerns = p.Concerns,
        Visibility = p.Visibility, PersonVoice = p.IsPersonVoice,
    };

    private async Task LoadAsync(MeetingManageForm? posted = null)
    {
        View = await conferences.ViewAsync(Id, Me);
        Member = await cases.RequireMemberAsync(View.CaseId, Me);
        Room = await rooms.GetAsync(View.RoomId);
        var panel = await scheduler.PanelAsync(MeetingRef.OfRoom(View.RoomId), Me);
        Manage = new MeetingManageView(panel, posted ?? MeetingManageForm.For(panel));
    }

    public string OrientationLabel(string? key) => HttpContext.RequestServices.GetRequiredService<OrientationCatalog>().Label(key, Lang);
}
