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

    private static Task<IReadOnlyDictionary<string, int>> PurgeAsync(CoreTestHost<ConferenceCast> bed)
        => bed.InScopeAsync<RetentionService, IReadOnlyDictionary<string, int>>(s => s.PurgeAsync());

    private static async Task<RetentionForecast> ForecastAsync(CoreTestHost<ConferenceCast> bed)
        => (await bed.InScopeAsync<RetentionService, IReadOnlyList<RetentionService.RuleStatus>>(s => s.ForecastAsync())).Single(r => r.Key == "Retention.Rule.ClosedCases").Forecast;

    [Fact]
    public async Task A_closed_case_and_its_conferences_go_after_the_period_and_only_then()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.WriteAsync(bed.Cast.As, "Situation logement.", Visibility.CpasOnly);
        // Another case stays open throughout.
        var open = await bed.Cases(s => s.CreateAsync(bed.Input("CC-2026-002", null, SocialTheme.Housing), bed.Cast.Facilitator));

        Assert.Equal(new RetentionForecast(0, null), await ForecastAsync(bed));
        var notFacilitator = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.SetClosedAsync(bed.Cast.CaseId, bed.Cast.As, true)));
        Assert.True(notFacilitator.IsForbidden);
        var closedAt = bed.Clock.GetUtcNow();
        await bed.Cases(s => s.SetClosedAsync(bed.Cast.CaseId, bed.Cast.Facilitator, true));
        Assert.Equal(new RetentionForecast(0, closedAt.AddDays(Days)), await ForecastAsync(bed));

        bed.Clock.Advance(TimeSpan.FromDays(Days - 1));
        Assert.Equal(0, (await PurgeAsync(bed))["Retention.Rule.ClosedCases"]);
        Assert.True(await bed.DbAsync(db => db.ConferenceCases.AnyAsync(c => c.Id == bed.Cast.CaseId)));

        bed.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, (await ForecastAsync(bed)).DueNow);
        Assert.Equal(1, (await PurgeAsync(bed))["Retention.Rule.ClosedCases"]);
        await bed.DbAsync(async db =>
        {
            Assert.False(await db.ConferenceCases.AnyAsync(c => c.Id == bed.Cast.CaseId));
            Assert.False(await db.Conferences.AnyAsync(c => c.Id == bed.Cast.ConferenceId));
            Assert.False(await db.ConferencePositions.AnyAsync());
            Assert.False(await db.CaseMembers.AnyAsync(m => m.CaseId == bed.Cast.CaseId));
            Assert.False(await db.Rooms.AnyAsync(r => r.Id == bed.Cast.RoomId));
            Assert.False(await db.RoomParticipants.AnyAsync(p => p.RoomId == bed.Cast.RoomId));
            Assert.False(await db.CalendarEntries.AnyAsync(e => e.OwnerType == MeetingScheduler.CalendarOwnerType && e.OwnerId == bed.Cast.RoomId));
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
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.Cases(s => s.SetClosedAsync(bed.Cast.CaseId, bed.Cast.Facilitator, true));
        bed.Clock.Advance(TimeSpan.FromDays(400));
        await bed.Cases(s => s.SetClosedAsync(bed.Cast.CaseId, bed.Cast.Facilitator, false));
        bed.Clock.Advance(TimeSpan.FromDays(400));
        Assert.Equal(0, (await PurgeAsync(bed))["Retention.Rule.ClosedCases"]);
        Assert.Null(await bed.DbAsync(db => db.ConferenceCases.Where(c => c.Id == bed.Cast.CaseId).Select(c => c.ClosedAt).SingleAsync()));
    }

    [Fact]
    public async Task A_case_cannot_be_closed_while_one_of_its_conferences_is_live()
    {
        await using var bed = await ConferenceSetup.CreateAsync();
        await bed.OpenRoomAsync(openPositions: false);
        var live = await Assert.ThrowsAsync<DomainException>(() => bed.Cases(s => s.SetClosedAsync(bed.Cast.CaseId, bed.Cast.Facilitator, true)));
        Assert.Equal("Conference.Error.CloseWhileLive", live.TextKey);
        Assert.Null(await bed.DbAsync(db => db.ConferenceCases.Where(c => c.Id == bed.Cast.CaseId).Select(c => c.ClosedAt).SingleAsync()));
    }
}
