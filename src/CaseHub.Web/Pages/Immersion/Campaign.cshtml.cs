using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Immersion;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// A campaign's status page. Coordinators: what is missing, partners (magic links), offers, participants, teams,
/// scheduled events, feedback. A team lead who is not a coordinator sees only the coverage rule of the teams they lead.
/// A participant is sent to their own page; anybody else gets 404.
/// </summary>
public class CampaignModel(ImmersionCampaigns campaigns, ImmersionPartners partners, ImmersionOffers offers, ImmersionParticipants participants, ImmersionTeams teams, ImmersionEvents events, ImmersionMatchingService matching, ImmersionDebrief debrief, ImmersionReciprocity reciprocity, CampaignQueries queries, People people, Core.Accounts.Organisations organisations, TimeProvider clock) : ImmersionPage
{
    /// <summary>Who may be added as a participant: the workers of CPAS services and of partner organisations.</summary>
    private static readonly string[] WorkerRoles = [Roles.SocialWorker, Roles.InsertionAgent, Roles.PartnerWorker];

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public sealed class PartnerForm
    {
        [Required(ErrorMessage = V.Required), StringLength(ImmersionPartner.OrganisationMaxLength, ErrorMessage = V.Length)] public string Organisation { get; set; } = "";
        [Required(ErrorMessage = V.Required)] public string ContactName { get; set; } = "";
        [Required(ErrorMessage = V.Required)] public string ContactEmail { get; set; } = "";
        public string Language { get; set; } = "fr";
    }

    /// <summary>A partner organisation's worker added for reciprocity (account created or reused, invited by link).</summary>
    public sealed class WorkerForm
    {
        [Required(ErrorMessage = V.Required), StringLength(AppUser.DisplayNameMaxLength, ErrorMessage = V.Length)] public string Name { get; set; } = "";
        [Required(ErrorMessage = V.Required), StringLength(254, ErrorMessage = V.Length)] public string Email { get; set; } = "";
        public Guid? OrganisationId { get; set; }
        public string Language { get; set; } = "fr";
    }

    public sealed class EventForm
    {
        public ImmersionEventKind Kind { get; set; } = ImmersionEventKind.Preparation;
        [Required(ErrorMessage = V.Required), StringLength(ImmersionEvent.TitleMaxLength, ErrorMessage = V.Length)] public string Title { get; set; } = "";
        [PlausibleDate] public DateOnly Date { get; set; }
        public TimeOnly Start { get; set; } = new(9, 0);
        public TimeOnly End { get; set; } = new(12, 0);
        [Required(ErrorMessage = V.Required)] public string Place { get; set; } = "";
    }

    [BindProperty] public PartnerForm Partner { get; set; } = new();
    [BindProperty] public EventForm Event { get; set; } = new();
    [BindProperty] public WorkerForm Worker { get; set; } = new();
    [BindProperty] public List<Guid> UserIds { get; set; } = [];
    [BindProperty] public IndexModel.CampaignForm Settings { get; set; } = new();

    public ImmersionCampaign Campaign { get; private set; } = null!;
    public CampaignStatus Status { get; private set; } = null!;
    public List<ImmersionPartner> Partners { get; private set; } = [];
    public List<ImmersionOffer> Offers { get; private set; } = [];
    public Dictionary<Guid, int> Placed { get; private set; } = [];
    public List<ImmersionParticipant> Participants { get; private set; } = [];
    public List<TeamCoverage> Teams { get; private set; } = [];
    public List<ImmersionEvent> Events { get; private set; } = [];
    public List<(Guid Id, string Name, string Email)> Candidates { get; private set; } = [];
    public List<(Guid Id, string Name)> PartnerOrganisations { get; private set; } = [];
    /// <summary>Participants who sign in by link (partner workers only): they get a "send the link again" button.</summary>
    public HashSet<Guid> LinkUsers { get; private set; } = [];
    public bool Coordinator => IsCoordinator;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!IsCoordinator)
        {
            await LoadAsync(ct); // throws 404 for non-members
            if (Teams.Count == 0) return Redirect(ImmersionLinks.ChoosePath(Id));
            return Page();
        }
        await LoadAsync(ct);
        Event.Date = Campaign.PeriodStart.AddDays(-7);
        return Page();
    }

    public Task<IActionResult> OnPostSettingsAsync(CancellationToken ct)
        => Coord(() => campaigns.UpdateAsync(Id, new CampaignInput
        {
            Name = Settings.Name, PeriodStart = Settings.PeriodStart, PeriodEnd = Settings.PeriodEnd, OffersDeadline = Settings.OffersDeadline,
            PreferencesDeadline = Settings.PreferencesDeadline, MaxRanks = Settings.MaxRanks, Domains = Settings.Domains?.Replace("\r", ""),
            ContactName = Settings.ContactName, ContactEmail = Settings.ContactEmail,
        }, ct), "Settings.", "Immersion.UI.Saved", ct);

    public Task<IActionResult> OnPostInvitePartnerAsync(CancellationToken ct)
        => Coord(() => partners.InviteAsync(Id, Partner.Organisation, Partner.ContactName, Partner.ContactEmail, Partner.Language, ct), "Partner.", "Immersion.UI.PartnerInvited", ct);

    public Task<IActionResult> OnPostResendLinkAsync(Guid partnerId, CancellationToken ct)
        => Coord(() => partners.ResendLinkAsync(Id, partnerId, ct), "", "Immersion.UI.LinkSent", ct);

    public Task<IActionResult> OnPostAddParticipantsAsync(CancellationToken ct)
        => Coord(() => participants.AddAsync(Id, UserIds, ct), "", "Immersion.UI.ParticipantsAdded", ct);

    public Task<IActionResult> OnPostAddPartnerWorkerAsync(CancellationToken ct)
        => Coord(() => reciprocity.AddPartnerWorkerAsync(Id, Worker.Name, Worker.Email, Worker.OrganisationId, Worker.Language, Me, ct), "Worker.", "Immersion.UI.PartnerWorkerAdded", ct);

    public Task<IActionResult> OnPostResendWorkerLinkAsync(Guid participantId, CancellationToken ct)
        => Coord(() => reciprocity.ResendLinkAsync(Id, participantId, ct), "", "Immersion.UI.WorkerLinkSent", ct);

    public Task<IActionResult> OnPostRemoveParticipantAsync(Guid participantId, CancellationToken ct)
        => Coord(() => matching.RemoveParticipantAsync(Id, participantId, ct), "", "Immersion.UI.ParticipantRemoved", ct);

    public Task<IActionResult> OnPostWithdrawOfferAsync(Guid offerId, CancellationToken ct)
        => Coord(() => offers.WithdrawOfferAsync(Id, offerId, ct), "", "Immersion.UI.OfferWithdrawn", ct);

    public Task<IActionResult> OnPostCloseOfferAsync(Guid offerId, bool closed, CancellationToken ct)
        => Coord(() => offers.SetClosedAsync(Id, offerId, closed, ct), "", "Immersion.UI.Saved", ct);

    public Task<IActionResult> OnPostScheduleEventAsync(CancellationToken ct)
        => Coord(() => events.ScheduleAsync(Id, Event.Kind, Event.Title, CalendarTime.FromLocal(Event.Date, Event.Start), CalendarTime.FromLocal(Event.Date, Event.End), Event.Place, ct),
            "Event.", "Immersion.UI.EventScheduled", ct);

    public Task<IActionResult> OnPostRefreshEventAsync(Guid eventId, CancellationToken ct)
        => Coord(() => events.RefreshInviteesAsync(Id, eventId, ct), "", "Immersion.UI.EventRefreshed", ct);

    public Task<IActionResult> OnPostCancelEventAsync(Guid eventId, CancellationToken ct)
        => Coord(() => events.CancelAsync(Id, eventId, ct), "", "Immersion.UI.EventCancelled", ct);


    public async Task<IActionResult> OnPostFeedbackFormAsync(CancellationToken ct)
    {
        RequireCoordinator();
        var form = await debrief.EnsureFormAsync(Id, Lang, ct);
        return Redirect($"/feedback/forms/{form.Id}/questions");
    }

    /// <summary>Team leads (or coordinators) set the coverage rule of a team.</summary>
    public async Task<IActionResult> OnPostTeamRuleAsync(Guid teamId, int? maxAway, CancellationToken ct)
    {
        await LoadAsync(ct); // membership: coordinator, or lead of a team in this campaign
        if (!IsCoordinator && Teams.All(t => t.TeamId != teamId)) throw DomainException.NotFound();
        ModelState.Clear();
        if (await TryAsync(() => teams.SetRuleAsync(Id, teamId, maxAway, Me, IsCoordinator, ct), ""))
        {
            StatusMessage = T["Immersion.UI.Saved"];
            return Redirect(ImmersionLinks.CampaignPath(Id));
        }
        return Page();
    }

    private async Task<IActionResult> Coord(Func<Task> action, string prefix, string? doneKey, CancellationToken ct)
    {
        RequireCoordinator();
        await campaigns.GetAsync(Id, ct);
        if (prefix.Length == 0) ModelState.Clear();
        else foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        if (await TryAsync(action, prefix))
        {
            if (doneKey is not null) StatusMessage = T[doneKey];
            return Redirect(ImmersionLinks.CampaignPath(Id));
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Campaign = await campaigns.GetAsync(Id, ct);
        Teams = await teams.ListAsync(Id, ct);
        if (!IsCoordinator)
        {
            Teams = Teams.Where(t => t.LeadUserId == Me).ToList();
            if (Teams.Count == 0 && !await queries.TakesPartAsync(Id, Me, ct)) throw DomainException.NotFound();
            return;
        }
        if (Settings.Name.Length == 0)
            Settings = new IndexModel.CampaignForm
            {
                Name = Campaign.Name, PeriodStart = Campaign.PeriodStart, PeriodEnd = Campaign.PeriodEnd,
                OffersDeadline = CalendarTime.LocalDate(Campaign.OffersDeadline), PreferencesDeadline = CalendarTime.LocalDate(Campaign.PreferencesDeadline),
                MaxRanks = Campaign.MaxRanks, Domains = Campaign.Domains, ContactName = Campaign.ContactName, ContactEmail = Campaign.ContactEmail,
            };
        Status = await campaigns.StatusAsync(Id, ct);
        Partners = await partners.ListAsync(Id, ct);
        Offers = await offers.ListAsync(Id, ct);
        Placed = await offers.PlacedCountsAsync(Id, ct);
        Participants = await participants.ListAsync(Id, ct);
        Events = await events.ListAsync(Id, ct);
        var taken = Participants.Select(p => p.UserId).ToHashSet();
        Candidates = (await people.InAnyRoleAsync(WorkerRoles, ct))
            .Where(u => !taken.Contains(u.Id)).Select(u => (u.Id, u.DisplayName, u.Email ?? "")).ToList();
        PartnerOrganisations = await organisations.PartnersAsync(ct);
        LinkUsers = await people.PartnerOnlyAsync(Participants.Where(p => p.Visits == ImmersionHost.Cpas).Select(p => p.UserId), ct);
    }

    public bool OffersOpen => clock.GetUtcNow() <= Campaign.OffersDeadline;
}
