using CaseHub.Core.Immersion;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>The coordinator's offer editor: a CPAS service's offer (reciprocity), or a partner's after the deadline.</summary>
public class OfferEditModel(ImmersionCampaigns campaigns, ImmersionOffers offers) : ImmersionPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? OfferId { get; set; }
    [BindProperty] public OfferForm Form { get; set; } = new();
    public ImmersionCampaign Campaign { get; private set; } = null!;
    public ImmersionOffer? Existing { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Form = Existing is null ? new OfferForm { ContactName = Campaign.ContactName, ContactEmail = Campaign.ContactEmail } : OfferForm.From(Existing);
        Form.Padded();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (await TryAsync(() => offers.SaveCoordinatorOfferAsync(Id, OfferId, ImmersionHost.Cpas, Form.ToInput(), ct), "Form."))
        {
            StatusMessage = T["Immersion.UI.Saved"];
            return Redirect(ImmersionLinks.CampaignPath(Id));
        }
        Form.Padded();
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        RequireCoordinator();
        Campaign = await campaigns.GetAsync(Id, ct);
        if (OfferId is { } oid) Existing = (await offers.ListAsync(Id, ct)).FirstOrDefault(o => o.Id == oid) ?? throw Core.Common.DomainException.NotFound();
    }
}
