using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Calendar;
using CaseHub.Core.Immersion;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>Coordinators: every campaign and a new one. Others: the campaigns they take part in or lead a team of.</summary>
public class IndexModel(ImmersionCampaigns campaigns, Core.Accounts.People people, TimeProvider clock) : ImmersionPage
{
    public sealed class CampaignForm
    {
        [Required(ErrorMessage = V.Required), StringLength(ImmersionCampaign.NameMaxLength, ErrorMessage = V.Length)] public string Name { get; set; } = "";
        [PlausibleDate] public DateOnly PeriodStart { get; set; }
        [PlausibleDate] public DateOnly PeriodEnd { get; set; }
        [PlausibleDate] public DateOnly OffersDeadline { get; set; }
        [PlausibleDate] public DateOnly PreferencesDeadline { get; set; }
        [Range(1, 10, ErrorMessage = V.Range)] public int MaxRanks { get; set; } = 5;
        [StringLength(ImmersionCampaign.DomainsMaxLength, ErrorMessage = V.Length)] public string? Domains { get; set; }
        [Required(ErrorMessage = V.Required)] public string ContactName { get; set; } = "";
        [Required(ErrorMessage = V.Required)] public string ContactEmail { get; set; } = "";
    }

    [BindProperty] public CampaignForm Form { get; set; } = new();
    public List<ImmersionCampaign> Campaigns { get; private set; } = [];
    public bool Coordinator => IsCoordinator;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var today = CalendarTime.LocalDate(clock.GetUtcNow());
        var me = await people.GetAsync(Me, ct);
        Form = new CampaignForm
        {
            PeriodStart = today.AddDays(42), PeriodEnd = today.AddDays(72), OffersDeadline = today.AddDays(14), PreferencesDeadline = today.AddDays(28),
            Domains = string.Join('\n', ImmersionCampaign.DefaultDomains), ContactName = me.DisplayName, ContactEmail = me.Email ?? "",
        };
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        RequireCoordinator();
        ImmersionCampaign? created = null;
        if (await TryAsync(async () => created = await campaigns.CreateAsync(new CampaignInput
        {
            Name = Form.Name, PeriodStart = Form.PeriodStart, PeriodEnd = Form.PeriodEnd, OffersDeadline = Form.OffersDeadline,
            PreferencesDeadline = Form.PreferencesDeadline, MaxRanks = Form.MaxRanks, Domains = Form.Domains?.Replace("\r", ""),
            ContactName = Form.ContactName, ContactEmail = Form.ContactEmail,
        }, Me, ct), "Form."))
        {
            StatusMessage = T["Immersion.UI.Created"];
            return Redirect(ImmersionLinks.CampaignPath(created!.Id));
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
        => Campaigns = IsCoordinator ? await campaigns.ListAsync(ct) : await campaigns.ListForUserAsync(Me, ct);
}
