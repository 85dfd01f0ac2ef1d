using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Intervision;

/// <summary>One of the user's next sessions; <c>MyRole</c> is "animateur" for the chair, else their protocol role (narrator, rapporteur) if any.</summary>
public sealed record NextIntervisionSession(Guid Id, string Title, DateTimeOffset Start, string Team, string? MyRole);

/// <summary>What a session page shows besides the session: its team's name, how many accepted the rule, who organised the series.</summary>
public sealed record IntervisionSessionFacts(string TeamName, int AcknowledgedCount, Guid SeriesOrganiserId);

/// <summary>
/// What the intervision pages list. No access check here: the pages ask <see cref="IntervisionTeams"/> or
/// <see cref="IntervisionSessions"/> for the user's membership first.
/// </summary>
public sealed class IntervisionQueries(CaseHubDbContext db)
{
    /// <summary>The user's sessions that are not over or cancelled, starting from <paramref name="since"/>, soonest first.</summary>
    public async Task<List<NextIntervisionSession>> NextSessionsAsync(Guid userId, DateTimeOffset since, int take = 10, CancellationToken ct = default)
    {
        var rows = await (from s in db.IntervisionSessions.AsNoTracking()
                          join r in db.Rooms.AsNoTracking() on s.RoomId equals r.Id
                          join t in db.IntervisionTeams.AsNoTracking() on s.TeamId equals t.Id
                          join p in db.RoomParticipants.AsNoTracking() on r.Id equals p.RoomId
                          where p.UserId == userId && r.Status != RoomStatus.Closed && r.Status != RoomStatus.Cancelled
                          select new { s.Id, r.Title, s.Start, Team = t.Name, p.ProtocolRole, p.Role }).ToListAsync(ct);
        return rows.Where(x => x.Start >= since).OrderBy(x => x.Start).Take(take)
            .Select(x => new NextIntervisionSession(x.Id, x.Title, x.Start, x.Team, x.Role == RoomRole.Chair ? "animateur" : x.ProtocolRole)).ToList();
    }

    /// <summary>The team's own methods (templates), by name.</summary>
    public Task<List<IntervisionTemplate>> TemplatesAsync(Guid teamId, CancellationToken ct = default)
        => db.IntervisionTemplates.AsNoTracking().Where(t => t.TeamId == teamId).OrderBy(t => t.Name).ToListAsync(ct);

    /// <summary>The team name, the acknowledgement count and the series' organiser of a session.</summary>
    public async Task<IntervisionSessionFacts> FactsAsync(IntervisionSession session, CancellationToken ct = default)
    {
        var teamName = await db.IntervisionTeams.Where(t => t.Id == session.TeamId).Select(t => t.Name).FirstAsync(ct);
        var acknowledged = await db.IntervisionAcknowledgements.CountAsync(a => a.SessionId == session.Id, ct);
        var organiser = await db.IntervisionSeries.Where(x => x.Id == session.SeriesId).Select(x => x.CreatedBy).FirstAsync(ct);
        return new IntervisionSessionFacts(teamName, acknowledged, organiser);
    }
}
