using CaseHub.Core.Common;
using CaseHub.Core.Conferences;
using CaseHub.Core.Retention;
using CaseHub.Core.Rooms;
using CaseHub.Core.Tests.Conferences;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Tests.SubjectRights;

/// <summary>Closed conference cases are deleted with everything hanging from them Retention:ClosedCasesDays (730 by
/// default) after closing, by the daily purge: idempotent, clock-driven, and reopening stops the clock.</summary>
public sealed class ClosedCaseRetentionTests
{
    private const int Days = 730;

    private static Task<IReadOnlyDictionary<string, int>> PurgeAsync(ConferenceTestBed bed)
        => bed.Scope<IReadOnlyDictionary<string, int>, RetentionService>(s => s.PurgeAsync());

    private static async Task<RetentionForecast> ForecastAsync(ConferenceTestBed bed)
        => (await bed.Scope<IReadOnlyList<RetentionService.RuleStatus>, RetentionService>(s => s.ForecastAsync())).Single(r => r.Key == "Retention.Rule.ClosedCases").Forecast;

    [Fact]
    public async Task A_closed_case_and_its_conferences_go_after_the_period_and_only_then()
    {
        await using var bed = await ConferenceTestBed.CreateAsync();
        await bed.WriteAsync(bed.As, "Situation logement.", Visibility.CpasOnly);
        // Another case stays open throughout.
        var open = await bed.Cases(s => s.CreateAsync(new CaseInput("CC-2026-002", "Service social", null, SocialThemes.Housing), bed.Facilitator));

        Assert.Equal(new RetentionForecast(0, null), await ForecastAsync(bed));
        var notFacilitator = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.SetClosedAsync(bed.CaseId, bed.As, true)));
        Assert.True(notFacilitator.IsForbidden);
        var closedAt = bed.Clock.GetUtcNow();
        await bed.Cases(s => s.SetClosedAsync(bed.CaseId, bed.Facilitator, true));
        Assert.Equal(new RetentionForecast(0, closedAt.AddDays(Days)), await ForecastAsync(bed));

        bed.Clock.Advance(TimeSpan.FromDays(Days - 1));
        Assert.Equal(0, (await PurgeAsync(bed))["Retention.Rule.ClosedCases"]);
        Assert.True(await bed.Db(db => db.ConferenceCases.AnyAsync(c => c.Id == bed.CaseId)));

        bed.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, (await ForecastAsync(bed)).DueNow);
        Assert.Equal(1, (await PurgeAsync(bed))["Retention.Rule.ClosedCases"]);
        await bed.Db(async db =>
        {
            Assert.False(await db.ConferenceCases.AnyAsync(c => c.Id == bed.CaseId));
            Assert.False(await db.Conferences.AnyAsync(c => c.Id == bed.ConferenceId));
            Assert.False(await db.ConferencePositions.AnyAsync());
            Assert.False(await db.CaseMembers.AnyAsync(m => m.CaseId == bed.CaseId));
            Assert.False(await db.Rooms.AnyAsync(r => r.Id == bed.RoomId));
            Assert.False(await db.RoomParticipants.AnyAsync(p => p.RoomId == bed.RoomId));
            Assert.False(await db.CalendarEntries.AnyAsync(e => e.OwnerType == MeetingScheduler.CalendarOwnerType && e.OwnerId == bed.RoomId));
            Assert.True(await db.ConferenceCases.AnyAsync(c => c.Id == open.Id));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "Retention.Purged" && e.TargetId == "Retention.Rule.ClosedCases" && e.Details!.StartsWith("count=1;")));
            return true;
        });

        // Idempotent: a second run (another node, the next day) finds nothing more.
        Assert.Equal(0, (await PurgeAsync(bed))["Retention.Rule.ClosedCases"]);
        Assert.Equal(new RetentionForecast(0, null), await ForecastAsync(bed));
    }

    [Fact]
    public async Task Reopening_a_case_stops_the_clock()
    {
        await using var bed = await ConferenceTestBed.CreateAsync();
        await bed.Cases(s => s.SetClosedAsync(bed.CaseId, bed.Facilitator, true));
        bed.Clock.Advance(TimeSpan.FromDays(400));
        await bed.Cases(s => s.SetClosedAsync(bed.CaseId, bed.Facilitator, false));
        bed.Clock.Advance(TimeSpan.FromDays(400));
        Assert.Equal(0, (await PurgeAsync(bed))["Retention.Rule.ClosedCases"]);
        Assert.Null(await bed.Db(db => db.ConferenceCases.Where(c => c.Id == bed.CaseId).Select(c => c.ClosedAt).SingleAsync()));
    }

    [Fact]
    public async Task A_case_cannot_be_closed_while_one_of_its_conferences_is_live()
    {
        await using var bed = await ConferenceTestBed.CreateAsync();
        await bed.OpenRoomAsync(openPositions: false);
        var live = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.SetClosedAsync(bed.CaseId, bed.Facilitator, true)));
        Assert.Equal("Conference.Error.CloseWhileLive", live.TextKey);
        Assert.Null(await bed.Db(db => db.ConferenceCases.Where(c => c.Id == bed.CaseId).Select(c => c.ClosedAt).SingleAsync()));
    }
}
