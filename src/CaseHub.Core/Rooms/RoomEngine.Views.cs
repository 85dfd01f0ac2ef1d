using CaseHub.Core.Localization;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Rooms;

public sealed partial class RoomEngine
{
    /// <summary>The full room state as <paramref name="userId"/> may see it (their own ballots included, nobody else's).</summary>
    public async Task<RoomSnapshot> SnapshotAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        var member = await RequireMemberAsync(roomId, userId, ct);
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct);
        var state = RoomLiveState.Deserialize(room.StateJson);
        var protocol = protocols.Get(room.ProtocolKey);
        var phases = await PhaseViewsAsync(room, ct);
        var votes = await VoteViewsAsync(roomId, ct);
        var openVoteIds = votes.Where(v => v.Status == nameof(VoteStatus.Open)).Select(v => v.Id).ToList();
        var myBallots = await db.Ballots.AsNoTracking()
            .Where(b => b.UserId == userId && db.Votes.Any(v => v.Id == b.VoteId && v.RoomId == roomId))
            .ToDictionaryAsync(b => b.VoteId, b => new BallotView(b.UserId, b.Option, b.Reason, b.Data), ct);

        var policy = state.PhaseIndex >= 0 && state.PhaseIndex < phases.Count
            ? protocol.Phases.FirstOrDefault(t => t.Key == phases[state.PhaseIndex].Key)?.Policy ?? PhasePolicy.Open
            : PhasePolicy.Open;
        var isChair = state.ActingChairId == userId;
        var canEdit = room.Status != RoomStatus.Closed && member.Role != RoomRole.Observer
                      && (policy.NotesEditorRole is null || isChair || member.ProtocolRole == policy.NotesEditorRole);
        var me = new MeView(userId, member.Role.ToString(), member.ProtocolRole, isChair, canEdit,
            member.Role != RoomRole.Observer, room.OrganiserId == userId);

        return new RoomSnapshot(state.Version, clock.GetUtcNow(), Info(room), phases, Timer(state),
            await ParticipantsAsync(roomId, ct: ct), new QueueView(state.Queue, state.Speaker), Round(state), Chair(state),
            await DecisionViewsAsync(roomId, ct), await ActionViewsAsync(roomId, ct), votes, me, myBallots);
    }

    private async Task<RoomPatch> BuildPatchAsync(Room room, RoomLiveState state, RoomSlices s, CancellationToken ct)
    {
        var patch = new RoomPatch(state.Version, clock.GetUtcNow());
        if (s.HasFlag(RoomSlices.Room)) patch = patch with { Room = Info(room) };
        if (s.HasFlag(RoomSlices.Phases)) patch = patch with { Phases = await PhaseViewsAsync(room, ct) };
        if (s.HasFlag(RoomSlices.Timer)) patch = patch with { Timer = Timer(state) };
        if (s.HasFlag(RoomSlices.Queue)) patch = patch with { Queue = new QueueView(state.Queue, state.Speaker) };
        if (s.HasFlag(RoomSlices.Round)) patch = patch with { Round = Round(state), RoundCleared = state.Round is null };
        if (s.HasFlag(RoomSlices.Chair)) patch = patch with { Chair = Chair(state) };
        if (s.HasFlag(RoomSlices.Participants)) patch = patch with { Participants = await ParticipantsAsync(room.Id, ct: ct) };
        if (s.HasFlag(RoomSlices.Decisions)) patch = patch with { Decisions = await DecisionViewsAsync(room.Id, ct) };
        if (s.HasFlag(RoomSlices.Actions)) patch = patch with { Actions = await ActionViewsAsync(room.Id, ct) };
        if (s.HasFlag(RoomSlices.Votes)) patch = patch with { Votes = await VoteViewsAsync(room.Id, ct) };
        return patch;
    }

    private static RoomInfoView Info(Room r) => new(r.Id, r.Title, r.ProtocolKey, r.Status.ToString(), r.ScheduledStart, r.ScheduledEnd,
        r.Location, r.VideoUrl, r.SpeakingLimitSeconds, r.NotesKey);

    private static TimerView Timer(RoomLiveState s) => new(s.PhaseIndex, s.TimerEndsAt, s.PausedRemainingSeconds, s.IsRunning);

    private static RoundView? Round(RoomLiveState s) => s.Round is { } r
        ? new RoundView(r.Order, r.Index, r.Skipped, r.TurnStartedAt, r.TurnSeconds, r.Done, r.Current)
        : null;

    private static ChairView Chair(RoomLiveState s) => new(s.ChairId, s.ActingChairId, s.ChairAbsentSince);

    private async Task<List<PhaseView>> PhaseViewsAsync(Room room, CancellationToken ct)
    {
        var protocol = protocols.Get(room.ProtocolKey);
        var phases = await db.RoomPhases.AsNoTracking().Where(p => p.RoomId == room.Id).OrderBy(p => p.Order).ToListAsync(ct);
        return phases.Select((p, i) =>
        {
            var policy = protocol.Phases.FirstOrDefault(t => t.Key == p.TemplateKey)?.Policy ?? PhasePolicy.Open;
            return new PhaseView(i, p.TemplateKey, p.NameKey, p.Title ?? "", p.PlannedMinutes, p.Kind.ToString(), p.StartedAt, p.EndedAt,
                policy.QueueOpen, policy.VotingAllowed);
        }).ToList();
    }

    /// <summary>Participants with their presence: online when a live (non-stale) connection exists on any node.
    /// <paramref name="onlyUser"/>: that participant alone (a presence change of one person).</summary>
    public async Task<List<ParticipantView>> ParticipantsAsync(Guid roomId, Guid? onlyUser = null, CancellationToken ct = default)
    {
        var staleBefore = clock.GetUtcNow().AddSeconds(-options.Value.StaleConnectionSeconds);
        var connections = await db.RoomConnections.AsNoTracking().Where(c => c.RoomId == roomId && (onlyUser == null || c.UserId == onlyUser))
            .Select(c => new { c.UserId, c.LastSeenAt }).ToListAsync(ct);
        var online = connections.Where(c => c.LastSeenAt > staleBefore).Select(c => c.UserId).ToHashSet();
        var participants = await db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == roomId && (onlyUser == null || p.UserId == onlyUser))
            .OrderBy(p => p.JoinOrder)
            .Select(p => new { p.UserId, p.User!.DisplayName, p.Role, p.ProtocolRole, p.Attendance, p.AttendanceNote })
            .ToListAsync(ct);
        return participants.Select(p => new ParticipantView(p.UserId, p.DisplayName, p.Role.ToString(), p.ProtocolRole,
            p.Attendance.ToString(), p.AttendanceNote, online.Contains(p.UserId),
            connections.Where(c => c.UserId == p.UserId).Select(c => (DateTimeOffset?)c.LastSeenAt).Max())).ToList();
    }

    private async Task<List<DecisionView>> DecisionViewsAsync(Guid roomId, CancellationToken ct)
        => (await db.Decisions.AsNoTracking().Where(d => d.RoomId == roomId).ToListAsync(ct))
            .OrderBy(d => d.RecordedAt)
            .Select(d => new DecisionView(d.Id, d.Text, d.RecordedBy, d.RecordedAt, d.PhaseOrder)).ToList();

    private async Task<List<ActionView>> ActionViewsAsync(Guid roomId, CancellationToken ct)
        => (await db.ActionItems.AsNoTracking().Where(a => a.RoomId == roomId)
                .Select(a => new { a, OwnerName = a.Owner != null ? a.Owner.DisplayName : null }).ToListAsync(ct))
            .OrderBy(x => x.a.CreatedAt)
            .Select(x => new ActionView(x.a.Id, x.a.Text, x.a.OwnerId, x.OwnerName, x.a.DueDate, x.a.Status.ToString(), x.a.CreatedBy, x.a.CreatedAt))
            .ToList();

    /// <summary>Votes as everyone may see them. Ballot content is included only once a vote is revealed.</summary>
    private async Task<List<VoteView>> VoteViewsAsync(Guid roomId, CancellationToken ct)
    {
        var votes = await db.Votes.AsNoTracking().Where(v => v.RoomId == roomId && v.Status != VoteStatus.Cancelled)
            .Include(v => v.Ballots).ToListAsync(ct);
        var eligible = await EligibleVotersAsync(roomId, ct);
        return votes.OrderBy(v => v.OpenedAt).Select(v =>
        {
            VoteResultsView? results = null;
            if (v.Status == VoteStatus.Revealed)
            {
                var counts = v.OptionList.ToDictionary(o => o, o => v.Ballots.Count(b => b.Option == o));
                var ballots = v.Ballots.OrderBy(b => v.Anonymous ? b.Id.ToString() : b.CastAt.ToString("O"))
                    .Select(b => new BallotView(v.Anonymous ? null : b.UserId, b.Option, b.Reason, b.Data)).ToList();
                results = new VoteResultsView(counts, ballots);
            }
            // Before the reveal: who has voted (so the chair sees who is missing), never what.
            var voted = v.Ballots.Select(b => b.UserId).Order().ToList();
            return new VoteView(v.Id, v.Question, v.OptionList, v.AllowReason, v.Anonymous, v.Status.ToString(), voted,
                eligible.Count, results, v.ContextType, v.ContextId);
        }).ToList();
    }

    /// <summary>Who may vote: participants (not observers) who are present.</summary>
    private async Task<HashSet<Guid>> EligibleVotersAsync(Guid roomId, CancellationToken ct)
        => (await db.RoomParticipants.AsNoTracking()
                .Where(p => p.RoomId == roomId && p.Role != RoomRole.Observer && p.Attendance == Attendance.Present)
                .Select(p => p.UserId).ToListAsync(ct)).ToHashSet();

    /// <summary>A phase's display title in a language: the custom title, else the protocol's name for it.</summary>
    public static string PhaseTitle(RoomPhase phase, TextCatalog texts, string language)
        => string.IsNullOrWhiteSpace(phase.Title) ? texts.Get(phase.NameKey, language) : phase.Title;
}
