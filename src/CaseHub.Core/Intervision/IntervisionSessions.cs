using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Intervision;

/// <summary>One session: who may enter (its room's participants, once they accepted the confidentiality rule) and its theme.</summary>
public sealed class IntervisionSessions(CaseHubDbContext db, RoomEngine engine, IntervisionPrivacy privacy, IRoomNotes notes, TimeProvider clock)
{
    /// <summary>The room context of an intervision session (<see cref="Room.ContextType"/>).</summary>
    public const string ContextType = "intervision";

    /// <summary>The session, if the user is one of its participants (else not found).</summary>
    public async Task<IntervisionSession> RequireSessionMemberAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
    {
        var session = await db.IntervisionSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw DomainException.NotFound();
        await engine.RequireMemberAsync(session.RoomId, userId, ct);
        return session;
    }

    public async Task<IntervisionSession> RequireSessionByRoomAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        var session = await db.IntervisionSessions.FirstOrDefaultAsync(s => s.RoomId == roomId, ct) ?? throw DomainException.NotFound();
        await engine.RequireMemberAsync(roomId, userId, ct);
        return session;
    }

    public async Task AcknowledgeAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
    {
        await RequireSessionMemberAsync(sessionId, userId, ct);
        if (await db.IntervisionAcknowledgements.AnyAsync(a => a.SessionId == sessionId && a.UserId == userId, ct)) return;
        db.IntervisionAcknowledgements.Add(new IntervisionAcknowledgement { SessionId = sessionId, UserId = userId, AcknowledgedAt = clock.GetUtcNow() });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { db.ChangeTracker.Clear(); } // a second click at the same moment
    }

    public Task<bool> HasAcknowledgedAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
        => db.IntervisionAcknowledgements.AnyAsync(a => a.SessionId == sessionId && a.UserId == userId, ct);

    public async Task RequireAcknowledgedAsync(Guid sessionId, Guid userId, CancellationToken ct = default)
    {
        if (!await HasAcknowledgedAsync(sessionId, userId, ct)) throw new DomainException("Intervision.Error.NotAcknowledged") { IsForbidden = true };
    }

    // ---- theme and notes ----------------------------------------------------------------------------------------

    /// <summary>The narrator (or the animateur) names what the situation is about, in general words.</summary>
    public async Task SetThemeAsync(Guid sessionId, Guid userId, string? theme, bool confirmPossiblePii = false, CancellationToken ct = default)
    {
        var session = await RequireSessionMemberAsync(sessionId, userId, ct);
        if (userId != session.NarratorId && userId != session.AnimateurId) throw DomainException.Forbidden();
        var text = Validation.RequireText(theme, IntervisionSession.ThemeMaxLength, "Theme", required: false);
        text = await privacy.CheckPiiAsync(session.TeamId, text, "Theme", confirmPossiblePii, ct);
        session.Theme = text.Length == 0 ? null : text;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Scans the session's live notes as stored now and tells what kinds of identifying data they seem to hold (never
    /// the data itself, which is not logged either): the editors then see a warning.
    /// </summary>
    public async Task<IReadOnlyList<NotesFinding>> ScanNotesAsync(Guid roomId, Guid userId, CancellationToken ct = default)
    {
        var session = await RequireSessionByRoomAsync(roomId, userId, ct);
        await RequireAcknowledgedAsync(session.Id, userId, ct);
        return await privacy.ScanAsync(session.TeamId, await notes.GetTextAsync(Room.NotesKeyFor(roomId), ct), ct);
    }
}
