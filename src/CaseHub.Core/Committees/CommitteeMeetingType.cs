using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;

namespace CaseHub.Core.Committees;

/// <summary>
/// A comité à blanc session in the meetings' life cycle: whoever planned it or chairs it organises it; only CPAS staff
/// may sit in it (the cases stay in the house); people prepare by reading the session's cases on its page, and have
/// prepared once they opened it before the session (the page records it).
/// </summary>
public sealed class CommitteeMeetingType(CaseHubDbContext db, People people) : MeetingType(db, people)
{
    public override string Key => CommitteeService.RoomContext;

    public override string PreparationTextKey => "Committees.Prepare";

    public override async Task RequireInvitableAsync(Meeting meeting, Guid userId, CancellationToken ct)
    {
        await base.RequireInvitableAsync(meeting, userId, ct);
        if (!await People.IsStaffAsync(userId, ct)) throw new DomainException("Committees.Error.MembersStaffOnly") { Field = "PersonId" };
    }

    public override async Task<IReadOnlyList<Person>> InvitableAsync(Meeting meeting, CancellationToken ct)
    {
        var all = await base.InvitableAsync(meeting, ct);
        var staff = await People.StaffAmongAsync(all.Select(p => p.Id), ct);
        return all.Where(p => staff.Contains(p.Id)).ToList();
    }

    public override Task<string> PreparationPathAsync(Meeting meeting, CancellationToken ct) => Task.FromResult($"/committees/{meeting.ContextId}");
}
