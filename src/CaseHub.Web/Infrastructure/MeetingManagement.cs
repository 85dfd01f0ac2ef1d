using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Rooms;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// The shared "manage" panel's form (Pages/Shared/_MeetingManage.cshtml), bound under the prefix "Manage." by the
/// page's <c>OnPostManageAsync</c>: which change (<see cref="Do"/>), and its fields. No data annotations: the page's
/// other forms are never validated against it, and Core checks every value (one message per rule, in the user's language).
/// </summary>
public sealed class MeetingManageForm
{
    public const string Prefix = "Manage.";
    public const string Move = "move", Cancel = "cancel", Add = "add", Remove = "remove", Chair = "chair";

    /// <summary>move, cancel, add, remove or chair.</summary>
    public string? Do { get; set; }
    public DateOnly? Date { get; set; }
    public TimeOnly? StartTime { get; set; }
    public TimeOnly? EndTime { get; set; }
    public string? Location { get; set; }
    public string? VideoUrl { get; set; }
    public string? Reason { get; set; }
    /// <summary>The participant (a user) or, for a meeting without a room, the invitee.</summary>
    public Guid? PersonId { get; set; }
    public RoomRole Role { get; set; } = RoomRole.Participant;

    /// <summary>The move form filled with the meeting's current date, times and place.</summary>
    public static MeetingManageForm For(MeetingPanel panel) => new()
    {
        Date = CalendarTime.LocalDate(panel.Start), StartTime = CalendarTime.LocalTime(panel.Start), EndTime = CalendarTime.LocalTime(panel.End),
        Location = panel.Location, VideoUrl = panel.VideoUrl,
    };

    /// <summary>Runs the change; returns the text key of the message to show.</summary>
    public async Task<string> ApplyAsync(MeetingScheduler meetings, MeetingRef meeting, Guid me, CancellationToken ct)
    {
        switch (Do)
        {
            case Move:
                if (Date is not { } date) throw new DomainException("Error.Required") { Field = nameof(Date) };
                if (StartTime is not { } start) throw new DomainException("Error.Required") { Field = nameof(StartTime) };
                if (EndTime is not { } end) throw new DomainException("Error.Required") { Field = nameof(EndTime) };
                var moved = await meetings.MoveAsync(meeting, me, new MeetingMove(CalendarTime.FromLocal(date, start), CalendarTime.FromLocal(date, end), Location, VideoUrl), ct);
                return moved ? "Meetings.Manage.Moved" : "Meetings.Manage.Unchanged";
            case Cancel:
                await meetings.CancelAsync(meeting, me, Reason, ct);
                return "Meetings.Manage.Cancelled";
            case Add:
                await meetings.AddParticipantAsync(meeting, me, Person(), Role, ct);
                return "Meetings.Manage.Added";
            case Remove:
                await meetings.RemoveParticipantAsync(meeting, me, Person(), ct);
                return "Meetings.Manage.Removed";
            case Chair:
                await meetings.ChangeChairAsync(meeting, me, Person(), ct);
                return "Meetings.Manage.ChairChanged";
            default:
                throw new DomainException("Error.InvalidValue") { Field = nameof(Do) };
        }
    }

    private Guid Person() => PersonId ?? throw new DomainException("Error.Required") { Field = nameof(PersonId) };
}

/// <summary>What the shared manage panel renders: the meeting as Core describes it, and the form as posted (or as it is now).</summary>
public sealed record MeetingManageView(MeetingPanel Panel, MeetingManageForm Form);
