using CaseHub.Core.Immersion;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// A participant's page: the offers open to them, their ranking (up to the campaign's number of choices) and unavailable
/// days; once published, their place (with the debrief) or free seats they may still take. Non-participants get 404.
/// </summary>
public class ChooseModel(ImmersionCampaigns campaigns, ImmersionOffers offers, ImmersionParticipants participants, ImmersionMatchingService matching, CampaignQueries queries, TimeProvider clock) : ImmersionPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public List<Guid?> Ranking { get; set; } = [];
    [BindProperty] public List<DateOnly> Unavailable { get; set; } = [];

    public ImmersionCampaign Campaign { get; private set; } = null!;
    public ImmersionParticipant Participation { get; private set; } = null!;
    public List<ImmersionOffer> Offers { get; private set; } = [];
    public ImmersionPlacement? Placement { get; private set; }
    public ImmersionOfferDate? PlacedDate { get; private set; }
    public List<BoardSeat> FreeSeats { get; private set; } = [];
    public bool Open => clock.GetUtcNow() <= Campaign.PreferencesDeadline;
    public List<DateOnly> WorkDays { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Ranking = Participation.RankingList.Select(x => (Guid?)x).ToList();
        Unavailable = Participation.UnavailableList.ToList();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var ranking = Ranking.Where(x => x is not null).Select(x => x!.Value).ToList();
        if (await TryAsync(() => participants.SavePreferencesAsync(Id, Me, ranking, Unavailable, ct), ""))
        {
            StatusMessage = T["Immersion.Choose.Saved"];
            return Redirect(ImmersionLinks.ChoosePath(Id));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostTakeAsync(Guid offerDateId, CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        if (await TryAsync(() => matching.TakeFreePlaceAsync(Id, Me, offerDateId, ct), ""))
        {
            StatusMessage = T["Immersion.Choose.Taken"];
            return Redirect(ImmersionLinks.ChoosePath(Id));
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Campaign = await campaigns.GetAsync(Id, ct);
        Participation = await participants.ParticipationAsync(Id, Me, ct); // 404 for non-participants
        Offers = (await offers.ListAsync(Id, ct)).Where(o => o.Host == Participation.Visits).ToList();
        if (Campaign.PublishedAt is not null)
        {
            Placement = await queries.PublishedPlacementAsync(Participation.Id, ct);
            if (Placement is not null) PlacedDate = Offers.SelectMany(o => o.Dates).FirstOrDefault(d => d.Id == Placement.OfferDateId);
            else FreeSeats = await matching.FreeSeatsForAsync(Id, Me, ct);
        }
        WorkDays = [];
        for (var d = Campaign.PeriodStart; d <= Campaign.PeriodEnd; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) WorkDays.Add(d);
    }

    public string OptionLabel(ImmersionOffer o, ImmersionOfferDate d) => $"{o.Organisation} — {o.Title} — {Day(d.Date)}";
}
