using CaseHub.Core.Data;
using CaseHub.Core.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Rooms;

/// <summary>A meeting's live notes go Retention:RoomNotesDays after it closed (the minutes, sent to participants, stay with them).</summary>
internal sealed class RoomNotesRule(IOptions<RetentionOptions> options) : IRetentionRule
{
    public string Key => "Retention.Rule.RoomNotes";
    public int Days => options.Value.RoomNotesDays;

    public async Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        // Matched in memory: the notes key holds the room id as .NET writes it, which SQL text conversion of a Guid
        // does not reproduce on every provider (SQLite stores Guids upper-case).
        var closed = await db.Rooms.AsNoTracking().Where(r => r.ClosedAt != null).Select(r => new { r.Id, r.ClosedAt }).ToListAsync(ct);
        var keys = (await db.NoteDocuments.AsNoTracking().Where(d => d.Key.StartsWith("room:")).Select(d => d.Key).ToListAsync(ct)).ToHashSet();
        var moments = closed.Where(r => keys.Contains(Room.NotesKeyFor(r.Id))).Select(r => r.ClosedAt!.Value).ToList();
        var cutoff = now - TimeSpan.FromDays(Days);
        var next = moments.Where(m => m >= cutoff).DefaultIfEmpty().Min();
        return new RetentionForecast(moments.Count(m => m < cutoff), next == default ? null : next.AddDays(Days));
    }

    public async Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromDays(Days);
        var rooms = await db.Rooms.AsNoTracking().Where(r => r.ClosedAt != null && r.ClosedAt < cutoff).Select(r => r.Id).ToListAsync(ct);
        var keys = rooms.Select(Room.NotesKeyFor).ToList();
        var purged = 0;
        foreach (var chunk in keys.Chunk(200))
            purged += await db.NoteDocuments.Where(d => chunk.Contains(d.Key)).ExecuteDeleteAsync(ct); // updates cascade
        return purged;
    }
}
