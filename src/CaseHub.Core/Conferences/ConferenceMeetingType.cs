using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Conferences;

/// <summary>
/// A case conference (and its part with the person, a phase of the same room) in the meetings' life cycle: the
/// case's facilitator organises it; only members of the case may be invited (professional secrecy); people prepare by
/// writing their position on the conference page, and have prepared once it is written.
/// </summary>
public sealed class ConferenceMeetingType(CaseHubDbContext db, People people) : MeetingType(db, people)
{
    public override string Key => ConferenceService.ContextType;

    public override string PreparationTextKey => "Conference.Prepare";

    public override async Task<bool> MayOrganiseAsync(Meeting meeting, Guid userId, CancellationToken ct)
        => await CaseOf(meeting).AnyAsync(c => c.FacilitatorId == userId, ct);

    public override async Task RequireInvitableAsync(Meeting meeting, Guid userId, CancellationToken ct)
    {
        if (!await CaseOf(meeting).AnyAsync(c => Db.CaseMembers.Any(m => m.CaseId == c.Id && m.UserId == userId), ct))
            throw new DomainException("Conference.Error.NotCaseMember") { Field = "PersonId" };
    }

    public override async Task<IReadOnlyList<Person>> InvitableAsync(Meeting meeting, CancellationToken ct)
    {
        var ids = await CaseOf(meeting).SelectMany(c => Db.CaseMembers.Where(m => m.CaseId == c.Id).Select(m => m.UserId)).ToListAsync(ct);
        return (await People.ReachableAsync(ids, ct)).ToList();
    }

    public override Task<string> PreparationPathAsync(Meeting meeting, CancellationToken ct) => Task.FromResult($"/conferences/{meeting.ContextId}");

    /// <summary>Every participant but the facilitator (and observers) writes a position before the meeting.</summary>
    public override async Task<IReadOnlyDictionary<Guid, bool>> PreparedAsync(Meeting meeting, IReadOnlyList<RoomParticipant> participants, CancellationToken ct)
    {
        var id = meeting.ContextId;
        var authors = await Db.ConferencePositions.AsNoTracking().Where(p => p.ConferenceId == id && !p.IsPersonVoice).Select(p => p.AuthorId).Distinct().ToListAsync(ct);
        return Preparing(meeting, participants).ToDictionary(p => p.UserId, p => authors.Contains(p.UserId));
    }

    private IQueryable<ConferenceCase> CaseOf(Meeting meeting)
    {
        var id = meeting.ContextId;
        return Db.ConferenceCases.Where(c => Db.Conferences.Any(x => x.Id == id && x.CaseId == c.Id));
    }
}
