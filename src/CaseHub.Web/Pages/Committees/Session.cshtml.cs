using System.Globalization;
using CaseHub.Core.Committees;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using CaseHub.Web.Pages.Meetings;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Committees;

/// <summary>
/// The live comité à blanc. Rendered on the server from what the viewer may see (their own ballot, nobody else's
/// before the reveal); wwwroot/js/committee.js keeps the timer, mounts the shared notes and, when the room moves on,
/// fetches this page again and merges it into the one on screen (no reload). Every handler checks membership first (non-members get 404); the room engine checks roles.
/// </summary>
public class SessionModel(CommitteeService committees, RoomEngine engine, MinutesService minutes, IRoomNotes notes, ProtocolCatalog protocols,
    MeetingScheduler scheduler) : CommitteePage
{
    [FromRoute] public Guid Id { get; set; }
    public CommitteeSessionView View { get; private set; } = null!;
    public string TextsJson { get; private set; } = "{}";
    /// <summary>The shared manage panel (move, cancel, people, chair, who opened the cases), for whoever organises the session.</summary>
    public MeetingManageView Manage { get; private set; } = null!;

    public sealed class BallotForm
    {
        public string? Decision { get; set; }
        public string? Amount { get; set; }
        public string? Months { get; set; }
        public string? Conditions { get; set; }
        public string? Motivation { get; set; }
    }

    public sealed class ReferenceForm
    {
        public CommitteeDecision Decision { get; set; }
        public string? Amount { get; set; }
        public string? Months { get; set; }
        public string? Conditions { get; set; }
        public string? Rationale { get; set; }
    }

    [BindProperty] public BallotForm Ballot { get; set; } = new();
    [BindProperty] public ReferenceForm Reference { get; set; } = new();

    public bool IsLive => View.Room.Status == RoomStatus.Live;
    public bool CanVote => View.Me.Role != RoomRole.Observer;
    public CommitteeSessionCase? Current => View.Current;

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        // Opening the session's cases before it starts is a member's preparation.
        await scheduler.RecordPreparationSeenAsync(View.Room.Id, Me);
        Prefill();
        return Page();
    }

    /// <summary>The shared manage panel: move, cancel, add or remove a member (staff only), change the chair.</summary>
    public async Task<IActionResult> OnPostManageAsync([Bind(Prefix = "Manage")] MeetingManageForm manage)
    {
        await LoadAsync();
        if (await ManageMeetingAsync(scheduler, MeetingRef.OfRoom(View.Room.Id), manage)) return Redirect($"/committees/{Id}");
        await LoadAsync(manage);
        Prefill();
        return Page();
    }

    public Task<IActionResult> OnPostStartAsync() => RunAsync(() => committees.StartAsync(Id, Me));

    public Task<IActionResult> OnPostNextAsync(int from) => RunAsync(() => committees.NextStepAsync(Id, Me, from));

    public Task<IActionResult> OnPostRevealAsync(Guid caseId) => RunAsync(() => committees.RevealAsync(Id, Me, caseId));

    public Task<IActionResult> OnPostBallotAsync(Guid caseId) => RunAsync(async () =>
    {
        await committees.CastAsync(Id, Me, caseId, Ballot.Decision, Ballot.Motivation, Ballot.Amount, Ballot.Months, Ballot.Conditions);
        StatusMessage = T["Committees.UI.BallotSaved"];
    }, keepForms: true);

    public Task<IActionResult> OnPostReferenceAsync(Guid caseId) => RunAsync(() => committees.RecordReferenceAsync(Id, Me, caseId,
        new ReferenceInput(Reference.Decision, Reference.Amount, Reference.Months, Reference.Conditions, Reference.Rationale)), keepForms: true);

    public Task<IActionResult> OnPostCloseAsync() => RunAsync(async () => await engine.CloseAsync(View.Room.Id, Me, notes, minutes));

    private async Task<IActionResult> RunAsync(Func<Task> action, bool keepForms = false)
    {
        await LoadAsync(); // membership first: a non-member gets 404 whatever they post
        ModelState.Clear();
        if (await TryAsync(action, "")) return Redirect($"/committees/{Id}#step");
        await LoadAsync();
        if (!keepForms) Prefill();
        return Page();
    }

    private async Task LoadAsync(MeetingManageForm? posted = null)
    {
        View = await committees.ViewAsync(Id, Me);
        TextsJson = RoomTexts.Json(T, protocols.Get(View.Room.ProtocolKey), "Committees.Live.ReferenceRecorded");
        var panel = await scheduler.PanelAsync(MeetingRef.OfRoom(View.Room.Id), Me);
        Manage = new MeetingManageView(panel, posted ?? MeetingManageForm.For(panel));
    }

    private void Prefill()
    {
        if (View.MyBallot is { } mine && View.CurrentVote?.Status == VoteStatus.Open)
        {
            var data = CommitteeBallotData.FromJson(mine.Data);
            Ballot = new BallotForm
            {
                Decision = mine.Option, Motivation = mine.Reason, Conditions = data.Conditions,
                Amount = data.AmountCents is { } a ? (a / 100m).ToString("0.00", CultureInfo.GetCultureInfo("fr-BE")) : null,
                Months = data.Months?.ToString(CultureInfo.InvariantCulture),
            };
        }
        if (Current is { DecidedAt: not null } decided)
            Reference = new ReferenceForm
            {
                Decision = decided.Reference!.Value, Rationale = decided.Rationale, Conditions = decided.ReferenceConditions,
                Amount = decided.ReferenceAmountCents is { } a ? (a / 100m).ToString("0.00", CultureInfo.GetCultureInfo("fr-BE")) : null,
                Months = decided.ReferenceMonths?.ToString(CultureInfo.InvariantCulture),
            };
        else if (View.Divergence is { } d)
        {
            // Start from the group's modal decision and median amount: the chair adjusts after the discussion.
            var modal = d.Counts.OrderByDescending(c => c.Value).First().Key;
            Reference = new ReferenceForm
            {
                Decision = modal,
                Amount = modal == CommitteeDecision.Grant && d.MedianAmount is { } m ? (m / 100m).ToString("0.00", CultureInfo.GetCultureInfo("fr-BE")) : null,
            };
        }
    }

    public string StepKey(string step) => step switch
    {
        BlankCommitteeProtocol.Reading => "Committees.Phase.Reading",
        BlankCommitteeProtocol.Voting => "Committees.Phase.Vote",
        BlankCommitteeProtocol.Discussion => "Committees.Phase.Discussion",
        _ => "Committees.Phase.Reference",
    };

    public static string Money(long? cents) => cents is { } c ? CommitteeBallotData.FormatAmount(c) : "";

    /// <summary>Bar width (0–100) of a count among a total.</summary>
    public static string Width(int n, int total) => total == 0 ? "0" : (100.0 * n / total).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Position (2–98) of an amount on the strip between the smallest and the largest.</summary>
    public static string Position(long amount, long min, long max)
        => (max == min ? 50 : 2 + 96.0 * (amount - min) / (max - min)).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>"48 %" in French, "48%" in Dutch and English.</summary>
    public static string Percent(double? share) => share is { } s
        ? (s * 100).ToString("0", CultureInfo.InvariantCulture) + (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr" ? " %" : "%")
        : "—";
}
