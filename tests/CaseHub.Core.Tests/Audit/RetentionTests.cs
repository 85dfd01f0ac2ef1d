using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Core.Feedback;
using CaseHub.Core.Mail;
using CaseHub.Core.Retention;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CaseHub.Core.Tests.Audit;

/// <summary>Retention rules on a real SQLite file with a controlled clock: what is due goes, what is young stays,
/// a second run purges nothing, and the audit chain still verifies after its oldest part is removed.</summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private CoreTestHost _host = null!;

    public async Task InitializeAsync() => _host = await CoreTestHost.CreateAsync("retention", new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero),
        new Dictionary<string, string?> { ["Retention:SentMailDays"] = "30", ["Retention:FeedbackAnswersDays"] = "100", ["Retention:AuditDays"] = "60" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private CaseHubDbContext NewDb() => _host.NewDb();

    /// <summary>The purge as the app runs it: every rule the modules registered, each feature's from its folder.</summary>
    private RetentionService Service() => _host.New<RetentionService>();

    private async Task SeedAsync()
    {
        var db = NewDb();
        var now = _host.Clock.GetUtcNow();
        foreach (var age in new[] { 45, 31, 29, 1 })
            db.OutboxMessages.Add(new OutboxMessage { CreatedAt = now.AddDays(-age), SentAt = now.AddDays(-age), ToAddress = $"age{age}@example.test", Kind = "Test", Status = OutboxStatus.Sent, Mime = [1] });
        db.OutboxMessages.Add(new OutboxMessage { CreatedAt = now.AddDays(-90), ToAddress = "pending@example.test", Kind = "Test", Status = OutboxStatus.Pending, Mime = [1] });
        // A named questionnaire answered 120 days ago, an anonymous one created 150 days ago, a recent named answer.
        var named = new FeedbackForm { OwnerType = "Test", OwnerId = Guid.NewGuid(), Title = "Nommé", CreatedAt = now.AddDays(-130) };
        var anonymous = new FeedbackForm { OwnerType = "Test", OwnerId = Guid.NewGuid(), Title = "Anonyme", Anonymous = true, CreatedAt = now.AddDays(-150) };
        db.FeedbackForms.AddRange(named, anonymous);
        db.FeedbackResponses.AddRange(
            new FeedbackResponse { FormId = named.Id, SubmittedAt = now.AddDays(-120) },
            new FeedbackResponse { FormId = named.Id, SubmittedAt = now.AddDays(-10) },
            new FeedbackResponse { FormId = anonymous.Id });
        await db.SaveChangesAsync();
        for (var day = 90; day >= 0; day -= 10)
        {
            var at = NewDb();
            new AuditLog(new FakeTimeProvider(now.AddDays(-day))).Record(at, null, "Test.Action", "Test", day);
            await at.SaveChangesAsync();
        }
        await AuditChain.SealAsync(NewDb());
    }

    [Fact]
    public async Task Due_items_are_purged_young_ones_stay_a_second_run_does_nothing_and_the_audit_chain_still_verifies()
    {
        await SeedAsync();
        var forecast = (await Service().ForecastAsync()).ToDictionary(r => r.Key);
        Assert.Equal(2, forecast["Retention.Rule.SentMail"].Forecast.DueNow);
        Assert.Equal(_host.Clock.GetUtcNow().AddDays(-29).AddDays(30), forecast["Retention.Rule.SentMail"].Forecast.NextDueAt);
        Assert.Equal(2, forecast["Retention.Rule.FeedbackAnswers"].Forecast.DueNow);
        Assert.Equal(3, forecast["Retention.Rule.Audit"].Forecast.DueNow); // 90, 80, 70 days old

        var first = await Service().PurgeAsync();
        Assert.Equal(2, first["Retention.Rule.SentMail"]);
        Assert.Equal(2, first["Retention.Rule.FeedbackAnswers"]);
        Assert.Equal(3, first["Retention.Rule.Audit"]);

        var db = NewDb();
        Assert.Equal(["age1@example.test", "age29@example.test", "pending@example.test"], await db.OutboxMessages.Select(m => m.ToAddress).OrderBy(a => a).ToListAsync());
        Assert.Equal(1, await db.FeedbackResponses.CountAsync());
        await AuditChain.SealAsync(NewDb()); // the purge records itself in the trail
        var verification = await AuditChain.VerifyAsync(NewDb());
        Assert.True(verification.Intact, verification.Problem);
        Assert.True(await NewDb().AuditEntries.AnyAsync(e => e.Action == "Retention.Purged" && e.TargetId == "Retention.Rule.SentMail" && e.Details == "count=2;days=30"));

        var second = await Service().PurgeAsync();
        Assert.All(second.Values, v => Assert.Equal(0, v));

        // Time passes: the mail sent 29 days ago falls due tomorrow, and goes then.
        _host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, (await Service().PurgeAsync())["Retention.Rule.SentMail"]);
    }

}
