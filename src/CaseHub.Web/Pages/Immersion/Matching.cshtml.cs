using CaseHub.Core.Immersion;
using CaseHub.Core.Immersion.Matching;
using CaseHub.Core.Exports;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Immersion;

/// <summary>
/// The coordinator runs the matching, reads the report (rank distribution, unmatched people and why, the recorded
/// seed and lottery), moves people by hand (every violated rule is shown as a warning) and publishes.
/// Every form carries the version it was built from: a change made meanwhile by someone else is refused, not overwritten.
/// </summary>
public class MatchingModel(ImmersionMatchingService matching, ImmersionCampaigns campaigns, ImmersionExports exports, Exporter exporter,
    CaseHub.Core.Audit.AuditTrail audit) : ImmersionPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public int? Seed { get; set; }
    [BindProperty] public bool DiscardManual { get; set; }

    public MatchingBoard Board { get; private set; } = null!;
    public Dictionary<Guid, BoardSeat> SeatById { get; private set; } = [];
    public Dictionary<Guid, string> NameById { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync(ExportFormat.Csv, ct);
    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => ExportAsync(ExportFormat.Xlsx, ct);

    /// <summary>The placements for a spreadsheet (coordinators only, like the board; names and e-mails, so audited).</summary>
    private async Task<IActionResult> ExportAsync(ExportFormat format, CancellationToken ct)
    {
        RequireCoordinator();
        var (table, name) = await exports.MatchingAsync(Id, Lang, ct);
        var file = exporter.Write(table, format, Lang, name);
        await audit.RecordViewAsync(Me, "Immersion.MatchingExported", "ImmersionCampaign", Id, ct);
        return ExportDownload.Page(HttpContext, file);
    }

    public ExportLinks Export => new("matching", $"/immersion/{Id}/matching?handler=Csv", $"/immersion/{Id}/matching?handler=Xlsx");

    public Task<IActionResult> OnPostRunAsync(CancellationToken ct)
        => Act(async () =>
        {
            var r = await matching.RunAsync(Id, Seed, Version, ct, DiscardManual);
            StatusMessage = T.F("Immersion.Matching.UI.Ran", r.Report.MatchedCount, r.Report.WorkerCount, r.Seed)
                + (r.Report.Kept > 0 ? " " + T.F("Immersion.Matching.UI.Kept", r.Report.Kept) : "");
        }, ct);

    public Task<IActionResult> OnPostMoveAsync(Guid participantId, Guid? offerDateId, CancellationToken ct)
        => Act(async () =>
        {
            await matching.MoveAsync(Id, participantId, offerDateId, Version, ct);
            StatusMessage = T["Immersion.Matching.UI.Moved"];
        }, ct);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
        => Act(async () =>
        {
            var o = await matching.PublishAsync(Id, Version, ct);
            StatusMessage = o.Invited + o.Updated + o.Cancelled == 0 ? T["Immersion.Matching.UI.NothingToSend"] : T.F("Immersion.Matching.UI.PublishedCounts", o.Invited, o.Updated, o.Cancelled);
        }, ct);

    private async Task<IActionResult> Act(Func<Task> action, CancellationToken ct)
    {
        RequireCoordinator();
        await campaigns.GetAsync(Id, ct);
        // Fields of the other forms on the page are not this handler's business, but an unreadable version or seed
        // must not silently become 0/none and run the matching anyway (found by the fuzzer).
        var unreadable = new[] { nameof(Version), nameof(Seed) }
            .Any(k => ModelState.GetFieldValidationState(k) == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid);
        ModelState.Clear();
        if (unreadable) ModelState.AddModelError("", T["Error.InvalidValue"]);
        if (await TryAsync(action, "")) return Redirect($"/immersion/{Id}/matching");
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        RequireCoordinator();
        Board = await matching.BoardAsync(Id, ct);
        SeatById = Board.Seats.ToDictionary(s => s.Date.Id);
        NameById = Board.Rows.ToDictionary(r => r.Participant.Id, r => r.Participant.Name);
    }

    public string SeatLabel(Guid? offerDateId) => offerDateId is { } id && SeatById.TryGetValue(id, out var s)
        ? $"{s.Offer.Organisation} — {s.Offer.Title} — {Day(s.Date.Date)}" : "—";

    public string ViolationText(MatchingViolation v)
    {
        var who = string.Join(", ", v.WorkerIds.Select(w => NameById.GetValueOrDefault(w, "?")));
        var args = v.Args.Select(a => a is DateOnly d ? Day(d) : a).ToArray();
        var where = v.OfferDateId is { } od ? " · " + SeatLabel(od) : "";
        return T.Labelled(who + where, T.F(v.Key, args), Lang);
    }
}
