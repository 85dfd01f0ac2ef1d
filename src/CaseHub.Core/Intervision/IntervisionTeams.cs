using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Intervision;

/// <summary>Intervision teams: who is in them (a newcomer joins the sessions not yet started), and how long their sessions' content is kept.</summary>
public sealed class IntervisionTeams(CaseHubDbContext db, CalendarService calendar, TimeProvider clock)
{
    public const int MaxMembers = 30;

    public async Task<IntervisionTeam> CreateTeamAsync(string? name, Guid creatorId, IReadOnlyCollection<Guid> memberIds, CancellationToken ct = default)
    {
        var team = new IntervisionTeam { Name = Validation.RequireText(name, IntervisionTeam.NameMaxLength, "Name"), CreatedBy = creatorId, CreatedAt = clock.GetUtcNow() };
        var ids = new List<Guid> { creatorId };
        ids.AddRange(memberIds.Where(id => id != creatorId).Distinct());
        if (ids.Count > MaxMembers) throw new DomainException("Intervision.Error.TooManyMembers", MaxMembers) { Field = "Members" };
        if (await db.Users.CountAsync(u => ids.Contains(u.Id) && u.ErasedAt == null, ct) != ids.Count) throw new DomainException("Rooms.Error.UnknownUser") { Field = "Members" };
        for (var i = 0; i < ids.Count; i++) team.Members.Add(new IntervisionTeamMember { UserId = ids[i], Order = i });
        db.IntervisionTeams.Add(team);
        await db.SaveChangesAsync(ct);
        return team;
    }

    /// <summary>The team, if the user is a member (else not found: non-members are not told it exists).</summary>
    public async Task<IntervisionTeam> RequireTeamMemberAsync(Guid teamId, Guid userId, CancellationToken ct = default)
    {
        var team = await db.IntervisionTeams.Include(t => t.Members.OrderBy(m => m.Order)).ThenInclude(m => m.User)
            .FirstOrDefaultAsync(t => t.Id == teamId, ct);
        if (team is null || team.Members.All(m => m.UserId != userId)) throw DomainException.NotFound();
        return team;
    }

    public async Task AddMemberAsync(Guid teamId, Guid userId, Guid newMemberId, CancellationToken ct = default)
    {
        var team = await RequireTeamMemberAsync(teamId, userId, ct);
        if (team.Members.Any(m => m.UserId == newMemberId)) throw new DomainException("Intervision.Error.AlreadyMember") { Field = "Member" };
        if (team.Members.Count >= MaxMembers) throw new DomainException("Intervision.Error.TooManyMembers", MaxMembers) { Field = "Member" };
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == newMemberId && u.ErasedAt == null, ct)
                   ?? throw new DomainException("Rooms.Error.UnknownUser") { Field = "Member" };
        var before = team.Members.OrderBy(m => m.Order).Select(m => m.UserId).ToList();
        db.IntervisionTeamMembers.Add(new IntervisionTeamMember { TeamId = teamId, UserId = newMemberId, Order = team.Members.Max(m => m.Order) + 1 });
        await JoinFutureSessionsAsync(teamId, before, user, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A newcomer joins every session of the team that has not started yet, is invited to those series, and takes turns:
    /// the roles of those sessions are dealt again with the newcomer at the end of the order, except in sessions whose
    /// roles the animateur already changed by hand (they differ from the rotation), which are kept.
    /// </summary>
    private async Task JoinFutureSessionsAsync(Guid teamId, List<Guid> before, Accounts.AppUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var after = before.Append(user.Id).ToList();
        var all = await (from s in db.IntervisionSessions
                         join x in db.IntervisionSeries on s.SeriesId equals x.Id
                         join r in db.Rooms on s.RoomId equals r.Id
                         where s.TeamId == teamId
                         select new { Session = s, x.CreatedAt, Room = r }).ToListAsync(ct);
        // The rotation index of a session: its place among the team's sessions, series after series (as when they were created).
        var ordered = all.OrderBy(x => x.CreatedAt).ThenBy(x => x.Session.SeriesId).ThenBy(x => x.Session.Occurrence).ToList();
        var invitedSeries = new HashSet<Guid>();
        for (var k = 0; k < ordered.Count; k++)
        {
            var (session, room) = (ordered[k].Session, ordered[k].Room);
            if (room.Status != RoomStatus.Scheduled || room.ScheduledStart <= now) continue;
            var participants = await db.RoomParticipants.Where(p => p.RoomId == room.Id).ToListAsync(ct);
            if (participants.All(p => p.UserId != user.Id))
            {
                var joined = new RoomParticipant
                {
                    RoomId = room.Id, UserId = user.Id, Role = RoomRole.Participant, JoinOrder = participants.Max(p => p.JoinOrder) + 1, InvitedAt = now,
                };
                db.RoomParticipants.Add(joined);
                participants.Add(joined);
            }
            var planned = IntervisionScheduling.Rotation(before, session.AnimateurId, k);
            if (planned.NarratorId == session.NarratorId && planned.RapporteurId == session.RapporteurId)
            {
                var turn = IntervisionScheduling.Rotation(after, session.AnimateurId, k);
                session.NarratorId = turn.NarratorId;
                session.RapporteurId = turn.RapporteurId;
                foreach (var p in participants)
                    p.ProtocolRole = p.UserId == turn.NarratorId ? IntervisionProtocols.Narrator : p.UserId == turn.RapporteurId ? IntervisionProtocols.Rapporteur : null;
            }
            room.StateVersion++;
            invitedSeries.Add(session.SeriesId);
        }
        if (user.Email is null) return;
        foreach (var seriesId in invitedSeries)
            if (await calendar.FindAsync(IntervisionScheduling.CalendarOwnerType, seriesId, ct) is { IsCancelled: false } entry)
                await calendar.InviteAsync(entry, [new InviteeSpec(user.Email, user.DisplayName, user.Language, user.Id)], ct);
    }

    public async Task SetRetentionAsync(Guid teamId, Guid userId, int days, CancellationToken ct = default)
    {
        var team = await RequireTeamMemberAsync(teamId, userId, ct);
        if (days is < 1 or > 365) throw new DomainException("Error.OutOfRange", 1, 365) { Field = "RetentionDays" };
        team.RetentionDays = days;
        await db.SaveChangesAsync(ct);
    }

    public Task<List<IntervisionTeam>> MyTeamsAsync(Guid userId, CancellationToken ct = default)
        => db.IntervisionTeams.AsNoTracking().Where(t => t.Members.Any(m => m.UserId == userId)).OrderBy(t => t.Name).ToListAsync(ct);
}
