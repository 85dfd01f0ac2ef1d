using CaseHub.Core.Data;
using CaseHub.Core.Mail;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Mail;

/// <summary>The mail outbox against a real SMTP server: sending, SMTP outages, restarts, several dispatchers.</summary>
public class OutboxTests : IAsyncLifetime
{
    private SmtpSink _smtp = null!;
    private readonly List<CaseHubFactory> _apps = [];

    public async Task InitializeAsync() => _smtp = await SmtpSink.StartNewAsync();

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private CaseHubFactory Start(string? dataDir = null)
    {
        var app = new CaseHubFactory(_smtp, dataDirectory: dataDir);
        _apps.Add(app);
        _ = app.BaseAddress;
        return app;
    }

    private static async Task QueueAsync(CaseHubFactory app, params string[] recipients)
    {
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CaseHubDbContext>();
            var outbox = sp.GetRequiredService<Outbox>();
            foreach (var to in recipients)
                await outbox.EnqueueAsync(db, new MailRequest { ToAddress = to, Subject = "Test " + to, BodyMarkdown = "Bonjour **" + to + "**", Kind = "Test" });
            await db.SaveChangesAsync();
        });
    }

    private static Task<List<OutboxMessage>> RowsAsync(CaseHubFactory app)
        => app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());

    [Fact]
    public async Task A_queued_mail_reaches_the_smtp_server_with_text_and_html_parts()
    {
        var app = Start();
        await QueueAsync(app, "one@example.org");
        var mail = (await _smtp.WaitForAsync("one@example.org")).Single();
        Assert.Equal("Test one@example.org", mail.Subject);
        Assert.Contains("Bonjour **one@example.org**", mail.Text);
        Assert.Contains("<strong>one@example.org</strong>", mail.Html);
        await WaitUntilAsync(async () => (await RowsAsync(app)).All(r => r.Status == OutboxStatus.Sent));
    }

    [Fact]
    public async Task When_smtp_is_down_mail_waits_and_retries_then_goes_out_once_when_it_is_back()
    {
        var app = Start();
        await _smtp.StopAsync();
        await QueueAsync(app, "down1@example.org", "down2@example.org");
        await WaitUntilAsync(async () => (await RowsAsync(app)).All(r => r.Attempts >= 2 && r.Status == OutboxStatus.Pending && r.LastError != null));

        await _smtp.StartAsync();
        await _smtp.WaitForAsync(m => m.To.StartsWith("down", StringComparison.Ordinal), 2);
        await WaitUntilAsync(async () => (await RowsAsync(app)).All(r => r.Status == OutboxStatus.Sent));
        await Task.Delay(1500); // a few more dispatcher rounds: nothing may be sent again
        Assert.Single(_smtp.MessagesTo("down1@example.org"));
        Assert.Single(_smtp.MessagesTo("down2@example.org"));
    }

    [Fact]
    public async Task A_restart_in_the_middle_loses_nothing_and_sends_nothing_twice()
    {
        var first = Start();
        await QueueAsync(first, "r1@example.org", "r2@example.org");
        await _smtp.WaitForAsync(m => m.To.StartsWith('r'), 2);
        await _smtp.StopAsync();
        await QueueAsync(first, "r3@example.org", "r4@example.org", "r5@example.org");
        await first.DisposeAsync(); // the app stops with three mails not sent
        _apps.Remove(first);

        await _smtp.StartAsync();
        var second = Start(first.DataDirectory);
        await _smtp.WaitForAsync(m => m.To.StartsWith('r'), 5);
        await WaitUntilAsync(async () => (await RowsAsync(second)).All(r => r.Status == OutboxStatus.Sent));
        await Task.Delay(1000);
        foreach (var i in Enumerable.Range(1, 5)) Assert.Single(_smtp.MessagesTo($"r{i}@example.org"));
    }

    [Fact]
    public async Task Two_nodes_on_one_database_send_each_mail_exactly_once()
    {
        var a = Start();
        var b = Start(a.DataDirectory);
        var recipients = Enumerable.Range(1, 40).Select(i => $"node{i}@example.org").ToArray();
        await QueueAsync(a, recipients[..20]);
        await QueueAsync(b, recipients[20..]);
        await _smtp.WaitForAsync(m => m.To.StartsWith("node", StringComparison.Ordinal), 40);
        await Task.Delay(1500);
        foreach (var r in recipients) Assert.Single(_smtp.MessagesTo(r));
    }

    [Fact]
    public async Task The_same_dedup_key_is_queued_once()
    {
        var app = Start();
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CaseHubDbContext>();
            var outbox = sp.GetRequiredService<Outbox>();
            var request = new MailRequest { ToAddress = "dedup@example.org", Subject = "Rappel", BodyMarkdown = "x", Kind = "Reminder", DedupKey = "reminder:42:7d" };
            Assert.True(await outbox.EnqueueAsync(db, request));
            Assert.False(await outbox.EnqueueAsync(db, request));
            await db.SaveChangesAsync();
            Assert.False(await outbox.EnqueueAsync(db, request));
        });
        await _smtp.WaitForAsync("dedup@example.org");
        await Task.Delay(500);
        Assert.Single(_smtp.MessagesTo("dedup@example.org"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not reached");
            await Task.Delay(100);
        }
    }
}
