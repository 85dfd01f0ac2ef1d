using CaseHub.Core.Calendar;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.DiscoveryDays;

/// <summary>Publish a new day, or change one (registrants are told what changed, with an updated invitation).</summary>
public class EditModel(DiscoveryDayService days, TimeProvider clock) : OrganiserPage
{
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty] public DayForm Form { get; set; } = new();

    public DiscoveryDayDetail? Existing { get; private set; }
    public bool IsNew => Id is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            Existing = await days.GetAsync(id, ct);
            if (Existing.Day.IsCancelled || Existing.Day.HasStarted(clock.GetUtcNow())) return RedirectToPage("Day", new { id });
            Form = DayForm.From(DiscoveryDayService.ToInput(Existing.Day));
        }
        else
        {
            var date = CalendarTime.LocalDate(clock.GetUtcNow()).AddDays(21);
            Form = new DayForm
            {
                Date = date, StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(16, 0),
                DeadlineDate = date.AddDays(-2), DeadlineTime = new TimeOnly(17, 0),
                Capacity = 12, OfferHours = 24, Languages = [Lang],
                Audience = [DiscoveryAudience.Partners],
                ContactName = User.FindFirst(CaseHubClaimsFactory.DisplayName)?.Value,
                ContactEmail = User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = Form.ToInput();
        Guid? created = null;
        if (await TryAsync(async () =>
            {
                if (Id is { } id) await days.UpdateAsync(id, input, ct);
                else created = (await days.CreateAsync(input, Me, ct)).Id;
            }, "Form."))
        {
            StatusMessage = T[IsNew ? "Discovery.Organise.Published" : "Discovery.Organise.Updated"];
            return RedirectToPage("Day", new { id = created ?? Id });
        }
        if (Id is { } existing) Existing = await days.GetAsync(existing, ct);
        return Page();
    }
}

/// <summary>The edit form as posted (Brussels dates and times).</summary>
public sealed class DayForm
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? ServicesVisited { get; set; }
    public string? Place { get; set; }
    [PlausibleDate] public DateOnly Date { get; set; }
    public TimeOnly StartTime { get; set; }
    public TimeOnly EndTime { get; set; }
    [PlausibleDate] public DateOnly DeadlineDate { get; set; }
    public TimeOnly DeadlineTime { get; set; }
    public int Capacity { get; set; }
    public List<DiscoveryAudience> Audience { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public WaitlistMode WaitlistMode { get; set; }
    public int OfferHours { get; set; } = 24;
    public string? Programme { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }

    public DiscoveryDayInput ToInput() => new()
    {
        Title = Title, Description = Description, ServicesVisited = ServicesVisited, Place = Place,
        Date = Date, StartTime = StartTime, EndTime = EndTime, DeadlineDate = DeadlineDate, DeadlineTime = DeadlineTime,
        Capacity = Capacity, Audience = Audience.Aggregate(DiscoveryAudience.None, (a, b) => a | b), Languages = Languages,
        WaitlistMode = WaitlistMode, OfferHours = OfferHours, Programme = Programme, ContactName = ContactName, ContactEmail = ContactEmail,
    };

    public static DayForm From(DiscoveryDayInput i) => new()
    {
        Title = i.Title, Description = i.Description, ServicesVisited = i.ServicesVisited, Place = i.Place,
        Date = i.Date, StartTime = i.StartTime, EndTime = i.EndTime, DeadlineDate = i.DeadlineDate, DeadlineTime = i.DeadlineTime,
        Capacity = i.Capacity, Audience = Pages.Public.DiscoveryDays.DiscoveryView.Audiences(i.Audience).ToList(), Languages = i.Languages.ToList(),
        WaitlistMode = i.WaitlistMode, OfferHours = i.OfferHours == 0 ? 24 : i.OfferHours, Programme = i.Programme,
        ContactName = i.ContactName, ContactEmail = i.ContactEmail,
    };
}
