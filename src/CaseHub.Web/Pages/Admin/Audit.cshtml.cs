using CaseHub.Core.Audit;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Pages.Admin;

/// <summary>Administrators search the audit trail and verify its chain. Looking at it is itself recorded.</summary>
public class AuditModel(CaseHubDbContext db, AuditLog audit) : CaseHubPageModel
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
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Action)) query = query.Where(e => e.Action.StartsWith(Action.Trim()));
        if (!string.IsNullOrWhiteSpace(Target)) query = query.Where(e => e.TargetId == Target.Trim());
        if (!string.IsNullOrWhiteSpace(Actor))
        {
            var email = Actor.Trim().ToUpperInvariant();
            var ids = await db.Users.Where(u => u.NormalizedEmail == email).Select(u => u.Id).ToListAsync();
            query = query.Where(e => e.ActorId != null && ids.Contains(e.ActorId.Value));
        }
        if (From is { } from) { var f = CalendarTime.FromLocal(from, TimeOnly.MinValue); query = query.Where(e => e.At >= f); }
        if (To is { } to) { var t = CalendarTime.FromLocal(to.AddDays(1), TimeOnly.MinValue); query = query.Where(e => e.At < t); }

        var entries = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync();
        HasMore = entries.Count > PageSize;
        var actorIds = entries.Where(e => e.ActorId != null).Select(e => e.ActorId!.Value).Distinct().ToList();
        var names = await db.Users.Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName + " <" + u.Email + ">");
        Rows = entries.Take(PageSize).Select(e => new Row(e.Seq, e.At, e.ActorId is { } a ? names.GetValueOrDefault(a, a.ToString()) : null,
            e.Action, e.TargetType, e.TargetId, e.Details)).ToList();
        await audit.RecordViewAsync(db, Me, "Audit.Searched", "AuditTrail", null);
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync()
    {
        Verification = await AuditChain.VerifyAsync(db);
        audit.Record(db, Me, "Audit.Verified", "AuditTrail", null, Verification.Intact ? "intact" : "broken");
        await db.SaveChangesAsync();
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

    public string PageLink(int page) => Url.Page("/Admin/Audit", new { Action, Actor, Target, From = From?.ToString("yyyy-MM-dd"), To = To?.ToString("yyyy-MM-dd"), p = page })!;
}
