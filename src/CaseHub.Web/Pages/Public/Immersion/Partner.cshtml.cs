using CaseHub.Core.Immersion;
using CaseHub.Web.Infrastructure;
using CaseHub.Web.Pages.Immersion;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseHub.Web.Pages.Public.Immersion;

/// <summary>
/// A partner's page behind its magic link (no password): its offers, and a form to publish or change one (domain,
/// dates with places, address, what the visitor will see, contact). An unknown link is a plain 404.
/// </summary>
[EnableRateLimiting(RateLimitOptions.Public)]
public class PartnerModel(ImmersionPartners partners, ImmersionOffers offers, TimeProvider clock) : CaseHubPageModel
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    [BindProperty(SupportsGet = true)] public Guid? Offer { get; set; }
    [BindProperty] public OfferForm Form { get; set; } = new();

    public ImmersionCampaign Campaign { get; private set; } = null!;
    public ImmersionPartner Partner { get; private set; } = null!;
    public List<ImmersionOffer> Offers { get; private set; } = [];
    public bool Open => clock.GetUtcNow() <= Campaign.OffersDeadline;
    public string Culture => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
    /// <summary>Written out by hand: generated URLs are lower-cased and the token is case-sensitive.</summary>
    public string FormAction => ImmersionLinks.PartnerPath(Token) + (Offer is { } o ? "?offer=" + o : "");

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var existing = Offers.FirstOrDefault(o => o.Id == Offer);
        if (Offer is not null && existing is null) throw Core.Common.DomainException.NotFound();
        Form = existing is null ? new OfferForm { ContactName = Partner.ContactName, ContactEmail = Partner.ContactEmail, DirectoryConsent = false } : OfferForm.From(existing);
        Form.Padded();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (await TryAsync(() => offers.SavePartnerOfferAsync(Token, Offer, Form.ToInput(), ct)))
        {
            StatusMessage = T["Immersion.Partner.Saved"];
            return Redirect(ImmersionLinks.PartnerPath(Token));
        }
        Form.Padded();
        return Page();
    }

    public bool WithdrawFailed { get; private set; }

    /// <summary>Withdraws one of the partner's offers; refused (with the reason) while people are placed on it.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(Guid offerId, CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        if (await TryAsync(() => offers.WithdrawPartnerOfferAsync(Token, offerId, ct)))
        {
            StatusMessage = T["Immersion.Partner.Withdrawn"];
            return Redirect(ImmersionLinks.PartnerPath(Token));
        }
        WithdrawFailed = true;
        Form = new OfferForm { ContactName = Partner.ContactName, ContactEmail = Partner.ContactEmail };
        Form.Padded();
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        (Campaign, Partner) = await partners.OpenAsync(Token, ct);
        Offers = (await offers.ListAsync(Campaign.Id, ct)).Where(o => o.PartnerId == Partner.Id).ToList();
    }
}
