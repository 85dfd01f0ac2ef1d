using CaseHub.Core.Data;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CaseHub.Core.Tests.DiscoveryDays;

/// <summary>
/// Mails decided under a day's seat lock are queued as light drafts and composed after the commit: the booking comes
/// back with its mail composed, and a draft left by a stop between the commit and the composition is composed and sent
/// once by the dispatcher — never lost, never doubled, never sent empty.
/// </summary>
public class DraftMailTests
{
    [Fact]
    public async Task A_booking_returns_with_its_mail_composed_and_no_draft_left()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var day = await bed.CreateDayAsync(capacity: 1);
        await bed.BookAsync(day.Id, "a@partner.test");
        await bed.BookAsync(day.Id, "b@partner.test");

        var rows = await bed.DbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Null(r.Draft));
        Assert.All(rows, r => Assert.NotEmpty(r.Mime));
        var confirmation = (await bed.MailsToAsync("a@partner.test")).Single();
        Assert.Equal("REQUEST", confirmation.Method);
        // Message-Id and Date come from the row, as when the MIME was composed inside the transaction.
        var row = rows.Single(r => r.ToAddress == "a@partner.test");
        Assert.Equal($"{row.Id:N}@casehub", confirmation.Message.MessageId);
        Assert.Equal(row.CreatedAt.ToUnixTimeSeconds(), confirmation.Message.Date.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_draft_left_by_a_stop_after_the_commit_is_composed_and_sent_once_by_the_dispatcher()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var request = new MailRequest
        {
            ToAddress = "c@partner.test", ToName = "Chris", Subject = "Votre place", Kind = "DiscoveryConfirmed", Language = "fr",
            BodyMarkdown = "Bonjour **Chris**,\n\n- une liste\n", Calendar = new CalendarPart("REQUEST", "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"),
        };
        // The committed transaction of a request that stopped before composing: only the draft is there.
        await bed.ScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CaseHubDbContext>();
            await sp.GetRequiredService<Outbox>().EnqueueDraftAsync(db, request);
            return await db.SaveChangesAsync();
        });
        var draft = await bed.DbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync());
        Assert.NotNull(draft.Draft);
        Assert.Empty(draft.Mime);

        var dispatcher = bed.Services.GetRequiredService<OutboxDispatcher>();
        // A fresh draft is left to the request that queued it…
        Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        // …and taken over once that request has clearly stopped.
        bed.Clock.Advance(Outbox.DraftGrace + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));

        var sent = await bed.DbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync());
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Null(sent.Draft);
        var message = MimeMessage.Load(new MemoryStream(sent.Mime));
        Assert.Equal("Votre place", message.Subject);
        Assert.Contains("<strong>Chris</strong>", message.HtmlBody);
        var pickup = Directory.GetFiles(bed.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MailOptions>>().Value.PickupDirectory, "*.eml");
        Assert.Single(pickup);
    }

    [Fact]
    public async Task Composing_a_draft_twice_keeps_the_first_bytes()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var request = new MailRequest { ToAddress = "d@partner.test", Subject = "S", Kind = "Test", BodyMarkdown = "Texte" };
        var id = await bed.ScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CaseHubDbContext>();
            await sp.GetRequiredService<Outbox>().EnqueueDraftAsync(db, request);
            await db.SaveChangesAsync();
            return db.OutboxMessages.Local.Single().Id;
        });
        var outbox = bed.Services.GetRequiredService<Outbox>();
        Assert.Equal(1, await bed.DbAsync(db => outbox.ComposeDraftsAsync(db, [id])));
        var first = await bed.DbAsync(db => db.OutboxMessages.AsNoTracking().Select(m => m.Mime).SingleAsync());
        Assert.Equal(0, await bed.DbAsync(db => outbox.ComposeDraftsAsync(db, [id])));
        Assert.Equal(first, await bed.DbAsync(db => db.OutboxMessages.AsNoTracking().Select(m => m.Mime).SingleAsync()));
    }
    [Fact]
    public async Task A_draft_that_cannot_be_composed_does_not_hold_up_the_other_mails()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var good = new MailRequest { ToAddress = "e@partner.test", Subject = "Bonne", Kind = "Test", BodyMarkdown = "Texte" };
        await bed.ScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CaseHubDbContext>();
            await sp.GetRequiredService<Outbox>().EnqueueDraftAsync(db, good);
            await sp.GetRequiredService<Outbox>().EnqueueDraftAsync(db, new MailRequest { ToAddress = "f@partner.test", Subject = "Cassée", Kind = "Test", BodyMarkdown = "x" });
            return await db.SaveChangesAsync();
        });
        // The second draft is damaged (say, written by another version): the first one must still leave.
        await bed.DbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "f@partner.test").ExecuteUpdateAsync(s => s.SetProperty(m => m.Draft, "{not json")));
        bed.Clock.Advance(Outbox.DraftGrace + TimeSpan.FromSeconds(1));
        var dispatcher = bed.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.DispatchOnceAsync(CancellationToken.None);

        var rows = await bed.DbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());
        Assert.Equal(OutboxStatus.Sent, rows.Single(r => r.ToAddress == "e@partner.test").Status);
        var broken = rows.Single(r => r.ToAddress == "f@partner.test");
        Assert.Equal(OutboxStatus.Pending, broken.Status);
        Assert.Equal(1, broken.Attempts);
        Assert.StartsWith("compose:", broken.LastError);
        Assert.True(broken.NextAttemptAt > bed.Clock.GetUtcNow());
    }
}
