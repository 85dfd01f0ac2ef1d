using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseHub.Core.Intervision;

/// <summary>
/// Deletes the raw material of closed sessions once the team's retention period is over: cards, groups, shared notes,
/// the notes kept on the room and the narrator's reaction. The rapporteur's summary (the session's record) and the minutes' attendance stay.
/// Idempotent and safe on several nodes: each session is claimed with a conditional update before anything is deleted.
/// </summary>
public sealed partial class IntervisionRetention(CaseHubDbContext db, TimeProvider clock, ILogger<IntervisionRetention> log)
{
    public async Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var candidates = await (from s in db.IntervisionSessions
                                join r in db.Rooms on s.RoomId equals r.Id
                                join t in db.IntervisionTeams on s.TeamId equals t.Id
                                where s.PurgedAt == null && r.Status == RoomStatus.Closed && r.ClosedAt != null
                                select new { s.Id, s.RoomId, r.ClosedAt, t.RetentionDays }).ToListAsync(ct);
        var purged = 0;
        foreach (var c in candidates.Where(c => c.ClosedAt!.Value.AddDays(c.RetentionDays) <= now))
        {
            // Claim: only one node (or one run) gets 1 here.
            var claimed = await db.IntervisionSessions.Where(s => s.Id == c.Id && s.PurgedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.PurgedAt, now).SetProperty(s => s.NarratorReaction, (string?)null), ct);
            if (claimed == 0) continue;
            var boards = db.IntervisionBoards.Where(b => b.SessionId == c.Id).Select(b => b.Id);
            await db.IntervisionCards.Where(x => boards.Contains(x.BoardId)).ExecuteDeleteAsync(ct);
            await db.IntervisionCardGroups.Where(x => boards.Contains(x.BoardId)).ExecuteDeleteAsync(ct);
            await db.IntervisionBoards.Where(b => b.SessionId == c.Id).ExecuteDeleteAsync(ct);
            var key = Room.NotesKeyFor(c.RoomId);
            var docs = db.NoteDocuments.Where(d => d.Key == key).Select(d => d.Id);
            await db.NoteUpdates.Where(u => docs.Contains(u.DocumentId)).ExecuteDeleteAsync(ct);
            await db.NoteDocuments.Where(d => d.Key == key).ExecuteDeleteAsync(ct);
            await db.Rooms.Where(r => r.Id == c.RoomId).ExecuteUpdateAsync(u => u.SetProperty(r => r.FinalNotes, (string?)null), ct);
            purged++;
        }
        if (purged > 0) LogPurged(log, purged);
        return purged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Intervision retention: raw material of {Count} session(s) deleted")]
    private static partial void LogPurged(ILogger logger, int count);
}

/// <summary>Runs the retention purge at start, then every hour.</summary>
public sealed class IntervisionRetentionWorker(IServiceScopeFactory scopes, WorkerClock pacing, ILogger<IntervisionRetentionWorker> log)
    : PeriodicWorker(pacing, log)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task<bool> RoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IntervisionRetention>().PurgeAsync(ct);
        return false;
    }
}

/// <summary>The rapporteur's summary is the body of an intervision's minutes.</summary>
public sealed class IntervisionMinutesSection(CaseHubDbContext db, TextCatalog texts) : IMinutesSection
{
    public string ContextType => IntervisionSessions.ContextType;

    /// <summary>The same summary for every reader (it is written for the whole group).</summary>
    public async Task<string?> BuildAsync(Room room, Guid? readerId, string language, CancellationToken ct)
    {
        var s = await db.IntervisionSessions.AsNoTracking().FirstOrDefaultAsync(x => x.RoomId == room.Id, ct);
        if (s is null) return null;
        var culture = Languages.Culture(language);
        var sb = new System.Text.StringBuilder();
        if (!string.IsNullOrWhiteSpace(s.Theme)) sb.AppendLine(texts.Labelled($"**{texts.Get("Intervision.Theme", language)}**", MinutesService.Escape(s.Theme!), language)).AppendLine();
        void Part(string key, string? text)
        {
            sb.AppendLine(culture, $"## {texts.Get(key, language)}").AppendLine();
            sb.AppendLine(string.IsNullOrWhiteSpace(text) ? texts.Get("Minutes.None", language) : Lines(text!));
            sb.AppendLine();
        }
        Part("Intervision.Summary.Learnings", s.Learnings);
        Part("Intervision.Summary.Proposals", s.Proposals);
        Part("Intervision.Summary.OpenQuestions", s.OpenQuestions);
        return sb.ToString();
    }

    /// <summary>Each line of the rapporteur's text as its own escaped line (kept as a list when it was one).</summary>
    private static string Lines(string text) => string.Join("\n", text.Replace("\r", "").Split('\n').Select(l =>
    {
        var t = l.TrimStart();
        return t.StartsWith("- ", StringComparison.Ordinal) ? "- " + MinutesService.Escape(t[2..]) : MinutesService.Escape(l);
    })) + "\n";
}
