using System.Globalization;
using CaseHub.Core.Audit;
using CaseHub.Core.Calendar;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Admin;

/// <summary>Administrators search the audit trail and verify its chain. Looking at it is itself recorded.</summary>
public class AuditModel(AuditTrail audit) : CaseHubPageModel
{
    public const int PageSize = 50;

    public sealed record Row(long? Seq, DateTimeOffset At, string? Actor, string Action, string TargetType, string? TargetId, string? Details);

    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public List<Row> Rows { get; private set; } = [];
    public bool HasMore { get; private set; }
    public AuditChain.Verification? Verification { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Validate()) return Page();
        var search = new AuditSearch(Action, Actor, Target,
            From is { } from ? CalendarTime.FromLocal(from, TimeOnly.MinValue) : null,
            To is { } to ? CalendarTime.FromLocal(to.AddDays(1), TimeOnly.MinValue) : null);
        var (rows, hasMore) = await audit.SearchAsync(search, PageNumber, PageSize);
        HasMore = hasMore;
        Rows = rows.Select(e => new Row(e.Seq, e.At, e.Actor, e.Action, e.TargetType, e.TargetId, e.Details)).ToList();
        await audit.RecordViewAsync(Me, "Audit.Searched", "AuditTrail", null);
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync()
    {
        Verification = await audit.VerifyAsync(Me);
        return await OnGetAsync();
    }

    private bool Validate()
    {
        if (PageNumber is < 1 or > 100_000) ModelState.AddModelError(nameof(PageNumber), T["Admin.Audit.Error.Page"]);
        if (Action?.Length > AuditEntry.ActionMaxLength) ModelState.AddModelError(nameof(Action), T.F("Validation.Length", "", AuditEntry.ActionMaxLength));
        if (Actor?.Length > 254) ModelState.AddModelError(nameof(Actor), T.F("Validation.Length", "", 254));
        if (Target?.Length > AuditEntry.TargetIdMaxLength) ModelState.AddModelError(nameof(Target), T.F("Validation.Length", "", AuditEntry.TargetIdMaxLength));
        if (From is { } f && To is { } t && t < f) ModelState.AddModelError(nameof(To), T["Admin.Audit.Error.Range"]);
        return ModelState.IsValid;
    }

    public string PageLink(int page) => Url.Page("/Admin/Audit", new { Action, Actor, Target, From = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), To = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p = page })!;
}
