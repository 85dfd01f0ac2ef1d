using System.ComponentModel.DataAnnotations;
using CaseHub.Core.Immersion;
using CaseHub.Web.Infrastructure;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>The offer form shared by the partner's magic-link page and the coordinator's editor.</summary>
public sealed class OfferForm
{
    public const int DateRows = 8;

    public sealed class DateRow
    {
        [PlausibleDate] public DateOnly? Date { get; set; }
        public int? Capacity { get; set; }
    }

    [StringLength(ImmersionPartner.OrganisationMaxLength, ErrorMessage = V.Length)] public string? Organisation { get; set; }
    [Required(ErrorMessage = V.Required), StringLength(ImmersionOffer.TitleMaxLength, ErrorMessage = V.Length)] public string Title { get; set; } = "";
    [Required(ErrorMessage = V.Required)] public string Domain { get; set; } = "";
    [Required(ErrorMessage = V.Required), StringLength(ImmersionOffer.AddressMaxLength, ErrorMessage = V.Length)] public string Address { get; set; } = "";
    [Required(ErrorMessage = V.Required), StringLength(ImmersionOffer.SeeMaxLength, ErrorMessage = V.Length)] public string WhatYouWillSee { get; set; } = "";
    [StringLength(ImmersionOffer.AddressMaxLength, ErrorMessage = V.Length)] public string? PublicServed { get; set; }
    [Required(ErrorMessage = V.Required)] public string ContactName { get; set; } = "";
    [Required(ErrorMessage = V.Required)] public string ContactEmail { get; set; } = "";
    [StringLength(ImmersionOffer.PhoneMaxLength, ErrorMessage = V.Length)] public string? ContactPhone { get; set; }
    public TimeOnly StartTime { get; set; } = new(9, 0);
    public TimeOnly EndTime { get; set; } = new(16, 0);
    public bool DirectoryConsent { get; set; }
    public List<DateRow> Dates { get; set; } = [];

    public OfferInput ToInput() => new()
    {
        Organisation = Organisation, Title = Title, Domain = Domain, Address = Address, WhatYouWillSee = WhatYouWillSee,
        PublicServed = PublicServed ?? "", ContactName = ContactName, ContactEmail = ContactEmail, ContactPhone = ContactPhone,
        StartTime = StartTime, EndTime = EndTime, DirectoryConsent = DirectoryConsent,
        Dates = Dates.Where(d => d.Date is not null).Select(d => new OfferDateInput(d.Date!.Value, d.Capacity ?? 0)).ToList(),
    };

    public static OfferForm From(ImmersionOffer o) => new()
    {
        Organisation = o.Organisation, Title = o.Title, Domain = o.Domain, Address = o.Address, WhatYouWillSee = o.WhatYouWillSee,
        PublicServed = o.PublicServed, ContactName = o.ContactName, ContactEmail = o.ContactEmail, ContactPhone = o.ContactPhone,
        StartTime = o.StartTime, EndTime = o.EndTime, DirectoryConsent = o.DirectoryConsent,
        Dates = o.Dates.OrderBy(d => d.Date).Select(d => new DateRow { Date = d.Date, Capacity = d.Capacity }).ToList(),
    };

    /// <summary>Blank rows so a few more dates can be added without JavaScript.</summary>
    public OfferForm Padded()
    {
        while (Dates.Count < DateRows) Dates.Add(new DateRow());
        return this;
    }
}

/// <summary>What the offer partial needs besides the form.</summary>
public sealed record OfferFormView(OfferForm Form, ImmersionCampaign Campaign, bool AskOrganisation, string Submit, string? Action);
