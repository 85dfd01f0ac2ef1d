using CaseHub.Core.Data;
using CaseHub.Core.Notes;
using CaseHub.Core.Retention;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Rooms;

/// <summary>Room notes go a retention period after the meeting closed; open meetings and young notes stay.</summary>
public class RoomNotesRetentionTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    private async Task<Guid> MeetingWithNotesAsync(TimeSpan? closedAgo)
    {
        var room = await f.CreateStandardMeetingAsync();
        await f.App.WithDbAsync(async db =>
        {
            var now = f.Clock.GetUtcNow();
            db.NoteDocuments.Add(new NoteDocument { Key = Room.NotesKeyFor(room), Text = "Notes de la réunion", CreatedAt = now, UpdatedAt = now });
            if (closedAgo is { } ago)
                await db.Rooms.Where(r => r.Id == room).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RoomStatus.Closed).SetProperty(r => r.ClosedAt, now - ago));
            return await db.SaveChangesAsync();
        });
        return room;
    }

    [Fact]
    public async Task Notes_of_meetings_closed_longer_than_the_period_are_forecast_then_purged_the_others_stay()
    {
        var old = await MeetingWithNotesAsync(TimeSpan.FromDays(400));
        var recent = await MeetingWithNotesAsync(TimeSpan.FromDays(10));
        var open = await MeetingWithNotesAsync(null);

        await f.App.WithScopeAsync(async sp =>
        {
            var retention = sp.GetRequiredService<RetentionService>();
            var forecast = (await retention.ForecastAsync()).Single(r => r.Key == "Retention.Rule.RoomNotes");
            Assert.True(forecast.Forecast.DueNow >= 1);
            Assert.NotNull(forecast.Forecast.NextDueAt);
            await retention.PurgeAsync();
        });

        var keys = await f.App.WithDbAsync(db => db.NoteDocuments.Select(d => d.Key).ToListAsync());
        Assert.DoesNotContain(Room.NotesKeyFor(old), keys);
        Assert.Contains(Room.NotesKeyFor(recent), keys);
        Assert.Contains(Room.NotesKeyFor(open), keys);
    }
}
