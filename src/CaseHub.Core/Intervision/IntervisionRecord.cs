using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Intervision;

/// <summary>
/// What a session keeps: the rapporteur's summary (updated minutes mailed after the meeting) and the narrator's
/// reaction. The live variants also tell the room (<see cref="IntervisionLive"/>).
/// </summary>
public sealed class IntervisionRecord(CaseHubDbContext db, IntervisionSessions sessions, IntervisionPrivacy privacy, IntervisionLive live,
    MinutesService minutes, Outbox outbox, TextCatalog texts, IOptions<AppOptions> app, TimeProvider clock)
{
    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>The rapporteur's summary (learnings, proposals, open questions): the record of the session that is kept.</summary>
    public async Task<IntervisionSession> SaveSummaryAsync(Guid sessionId, Guid userId, SummaryInput input, CancellationToken ct = default)
    {
        var session = await sessions.RequireSessionMemberAsync(sessionId, userId, ct);
        if (userId != session.RapporteurId) throw new DomainException("Intervision.Error.RapporteurOnly") { IsForbidden = true };
        var names = await privacy.KnownNamesAsync(session.TeamId, ct);
        static string Field(string? value, string name) => Validation.RequireText(value, IntervisionSession.SummaryMaxLength, name, required: false);
        var clean = privacy.Check(names, input.ConfirmPossiblePii,
            ("Learnings", Field(input.Learnings, "Learnings")), ("Proposals", Field(input.Proposals, "Proposals")), ("OpenQuestions", Field(input.OpenQuestions, "OpenQuestions")));
        var (learnings, proposals, questions) = (NullIfEmpty(clean[0]), NullIfEmpty(clean[1]), NullIfEmpty(clean[2]));
        if (learnings == session.Learnings && proposals == session.Proposals && questions == session.OpenQuestions) return session;
        session.Learnings = learnings;
        session.Proposals = proposals;
        session.OpenQuestions = questions;
        session.SummaryUpdatedAt = clock.GetUtcNow();
        var closed = await db.Rooms.AnyAsync(r => r.Id == session.RoomId && r.Status == RoomStatus.Closed && r.MinutesQueuedAt != null, ct);
        if (!closed)
        {
            await db.SaveChangesAsync(ct);
            return session;
        }
        // After the minutes went out, each saved change of the record goes out again as updated minutes (one mail per
        // save that changed something, never per keystroke), in the same transaction as the summary.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await QueueUpdatedMinutesAsync(session, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return session;
    }


    /// <summary>The summary saved from the live room (the caller accepted the rule); everyone in the room sees it update.</summary>
    public async Task SaveSummaryLiveAsync(Guid roomId, Guid userId, SummaryInput input, CancellationToken ct = default)
    {
        var session = await sessions.RequireSessionByRoomAsync(roomId, userId, ct);
        await sessions.RequireAcknowledgedAsync(session.Id, userId, ct);
        await SaveSummaryAsync(session.Id, userId, input, ct);
        await live.BroadcastAsync(session.Id, ct);
    }

    private async Task QueueUpdatedMinutesAsync(IntervisionSession session, CancellationToken ct)
    {
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == session.RoomId, ct);
        var recipients = await db.RoomParticipants.AsNoTracking().Where(p => p.RoomId == room.Id && p.User!.Email != null && p.User.ErasedAt == null)
            .Select(p => new { p.UserId, p.User!.Email, p.User.DisplayName, p.User.Language }).ToListAsync(ct);
        var revision = session.SummaryUpdatedAt!.Value.ToUnixTimeMilliseconds();
        var link = app.Value.Link($"/meetings/{room.Id}/minutes");
        foreach (var r in recipients)
        {
            var body = await minutes.BuildMarkdownAsync(room.Id, r.Language, r.UserId, ct);
            await outbox.EnqueueAsync(db, new MailRequest
            {
                ToAddress = r.Email!, ToName = r.DisplayName, Language = r.Language, Kind = "MinutesUpdated",
                DedupKey = $"intervision-minutes:{room.Id}:{r.UserId}:{revision}",
                Subject = texts.Format("Intervision.Mail.MinutesUpdated.Subject", r.Language, room.Title),
                BodyMarkdown = texts.Format("Intervision.Mail.MinutesUpdated.Intro", r.Language, r.DisplayName, link) + "\n\n---\n\n" + body,
            }, ct);
        }
    }

    // ---- narrator's reaction -----------------------------------------------------------------------------

    /// <summary>
    /// The narrator writes their reaction during the narrator's-reaction phase; it stays theirs until they share it
    /// with the group (then everyone sees it, and later edits too).
    /// </summary>
    public async Task<IntervisionSession> SaveReactionAsync(Guid roomId, Guid userId, string? text, bool share, bool confirmPossiblePii = false, CancellationToken ct = default)
    {
        var session = await sessions.RequireSessionByRoomAsync(roomId, userId, ct);
        await sessions.RequireAcknowledgedAsync(session.Id, userId, ct);
        if (userId != session.NarratorId) throw new DomainException("Intervision.Error.NarratorOnly") { IsForbidden = true };
        var room = await db.Rooms.AsNoTracking().FirstAsync(r => r.Id == roomId, ct);
        var state = RoomLiveState.Deserialize(room.StateJson);
        var phase = await db.RoomPhases.AsNoTracking().Where(p => p.RoomId == roomId && p.Order == state.PhaseIndex).Select(p => p.TemplateKey).FirstOrDefaultAsync(ct);
        if (room.Status != RoomStatus.Live || phase != IntervisionProtocols.ReactionPhase) throw new DomainException("Intervision.Error.NotReactionPhase");
        var value = Validation.RequireText(text, IntervisionSession.ReactionMaxLength, "reaction", required: false);
        value = await privacy.CheckPiiAsync(session.TeamId, value, "reaction", confirmPossiblePii, ct);
        session.NarratorReaction = value.Length == 0 ? null : value;
        if (share && session.NarratorReaction is not null) session.ReactionSharedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        if (session.ReactionSharedAt is not null) await live.BroadcastAsync(session.Id, ct);
        return session;
    }
}
