using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Intervision;

/// <summary>An intervision session's change, as the room's clients receive it (never an author).</summary>
public sealed record IntervisionChanged(IntervisionLiveView View) : RoomFeatureChange;

/// <summary>The session's shared view (cards, groups, summary, shared reaction) and its one way to the room: <see cref="IRoomBroadcaster"/>.</summary>
public sealed class IntervisionLive(CaseHubDbContext db, IRoomBroadcaster broadcaster)
{
    /// <summary>Tells the room what its cards, summary and shared reaction look like now.</summary>
    public async Task BroadcastAsync(Guid sessionId, CancellationToken ct = default)
    {
        var session = await db.IntervisionSessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct);
        await broadcaster.FeatureAsync(session.RoomId, new IntervisionChanged(await ViewAsync(session, ct)));
    }

    /// <summary>What every participant of the session sees (no author, no unrevealed text).</summary>
    public async Task<IntervisionLiveView> ViewAsync(IntervisionSession session, CancellationToken ct = default)
    {
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == session.RoomId, ct);
        var phases = await db.RoomPhases.AsNoTracking().Where(p => p.RoomId == room.Id).OrderBy(p => p.Order).ToListAsync(ct);
        var cardPhases = phases.Select((p, i) => (p, i)).Where(x => IntervisionProtocols.CardPhases.Contains(x.p.TemplateKey)).Select(x => x.i).ToList();
        var boards = await db.IntervisionBoards.AsNoTracking().Where(b => b.SessionId == session.Id).OrderBy(b => b.PhaseIndex).ToListAsync(ct);
        var boardIds = boards.Select(b => b.Id).ToList();
        var cards = await db.IntervisionCards.AsNoTracking().Where(x => boardIds.Contains(x.BoardId)).ToListAsync(ct);
        var groups = await db.IntervisionCardGroups.AsNoTracking().Where(x => boardIds.Contains(x.BoardId)).ToListAsync(ct);
        var views = boards.Select(b =>
        {
            var mine = cards.Where(x => x.BoardId == b.Id).ToList();
            var revealed = b.RevealedAt is not null;
            return new BoardView(b.PhaseIndex, revealed, mine.Count,
                revealed ? mine.OrderBy(x => x.Position).Select(x => new CardView(x.Id, x.Text, x.GroupId, x.Position)).ToList() : [],
                groups.Where(g => g.BoardId == b.Id).OrderBy(g => g.Order).Select(g => new CardGroupView(g.Id, g.Label, g.Order)).ToList());
        }).ToList();
        return new IntervisionLiveView(session.Id, room.Id, cardPhases, views,
            new SummaryView(session.Learnings, session.Proposals, session.OpenQuestions, session.SummaryUpdatedAt), session.Theme,
            session.ReactionSharedAt is null ? null : session.NarratorReaction);
    }
}
