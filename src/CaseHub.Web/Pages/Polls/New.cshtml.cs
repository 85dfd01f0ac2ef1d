using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.DatePolls;
using CaseHub.Core.Rooms;
using CaseHub.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Pages.Polls;

/// <summary>
/// "Find a date together" for any meeting (a room of any type, or a meeting without a room): the organiser proposes
/// slots, then the poll's page takes over. Reached from the shared manage panel; a meeting with an open poll goes
/// straight to it.
/// </summary>
public class NewModel(DatePollService polls) : CaseHubPageModel
{
    /// <summary>Rows offered without script: blank ones are left out.</summary>
    public const int Rows = 6;

    [FromRoute] public Guid Id { get; set; }

    public MeetingPanel Meeting { get; private set; } = null!;

    public sealed class SlotRow
    {
        public DateOnly? Date { get; set; }
        public TimeOnly? Start { get; set; }
        public TimeOnly? End { get; set; }
        public bool IsBlank => Date is null && Start is null && End is null;
    }

    [BindProperty] public List<SlotRow> Slots { get; set; } = [];
    [BindProperty] public bool HideAnswers { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Meeting = await polls.MeetingForOrganiserAsync(Id, Me, ct);
        if (await polls.OpenPollOfAsync(Id, ct) is { } open) return Redirect($"/polls/{open}");
        // The meeting's provisional time as the first proposal.
        Slots = [new SlotRow { Date = CalendarTime.LocalDate(Meeting.Start), Start = CalendarTime.LocalTime(Meeting.Start), End = CalendarTime.LocalTime(Meeting.End) }];
        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Meeting = await polls.MeetingForOrganiserAsync(Id, Me, ct);
        Guid created = default;
        if (await TryAsync(async () => created = await polls.OpenAsync(Id, Me, Inputs(), HideAnswers, ct)))
        {
            StatusMessage = T["Polls.New.Sent"];
            return Redirect($"/polls/{created}");
        }
        Pad();
        return Page();
    }

    /// <summary>The filled rows; a half-filled row is an error of its own (nothing is guessed).</summary>
    private List<DatePollSlotInput> Inputs()
    {
        var list = new List<DatePollSlotInput>();
        foreach (var (row, n) in Slots.Take(DatePoll.MaxSlots + 1).Select((r, n) => (r, n)).Where(x => !x.r.IsBlank))
        {
            if (row.Date is not { } date || row.Start is not { } start || row.End is not { } end)
                throw new DomainException("Error.Required") { Field = $"Slots[{n}]" };
            list.Add(new DatePollSlotInput(CalendarTime.FromLocal(date, start), CalendarTime.FromLocal(date, end)));
        }
        return list;
    }

    private void Pad()
    {
        while (Slots.Count < Rows) Slots.Add(new SlotRow());
    }
}
