using System.Text;
using CaseHub.Core.Calendar;
using CaseHub.Core.Committees;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Committees;

/// <summary>The internal case law: every reference decision with its case, date, vote spread and rationale.</summary>
public class CaseLawModel(CaseLawQueries queries, CaseHub.Core.Data.CaseHubDbContext db, CaseHub.Core.Audit.AuditLog audit) : CommitteePage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public LegalCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public AidType? Aid { get; set; }
    [BindProperty(SupportsGet = true)] public CommitteeDecision? Decision { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    public List<CaseLawEntry> Entries { get; private set; } = [];

    private CaseLawFilter Filter => new(Q?.Trim() is { Length: > 0 } q ? q[..Math.Min(q.Length, 200)] : null, Category, Aid, Decision,
        From is { } f ? CalendarTime.FromLocal(f, TimeOnly.MinValue) : null,
        To is { } t ? CalendarTime.FromLocal(t.AddDays(1), TimeOnly.MinValue) : null);

    public async Task OnGetAsync() => Entries = await queries.SearchAsync(Filter);

    public async Task<IActionResult> OnGetCsvAsync()
    {
        var csv = queries.ToCsv(await queries.SearchAsync(Filter), Lang);
        await audit.RecordViewAsync(db, Me, "Committees.CaseLawExported", "CaseLaw", null);
        return File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "jurisprudence-interne.csv");
    }

    public string CsvLink => "/committees/case-law?handler=csv" + string.Concat(Request.Query.Where(kv => kv.Key != "handler")
        .Select(kv => "&" + Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value.ToString())));
}
