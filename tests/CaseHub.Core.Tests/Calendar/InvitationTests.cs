using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using static CaseHub.Core.Tests.Calendar.CalendarSetup;

namespace CaseHub.Core.Tests.Calendar;

/// <summary>Invitations as mailed, read back with ical.js (an independent parser).</summary>
public class InvitationTests
{
    private static readonly DateTimeOffset Utc0800 = new(2026, 3, 29, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Invitations_are_REQUESTs_in_Brussels_time_on_both_DST_sundays_in_each_invitees_language()
    {
        await using var bed = await CreateAsync();
        // Last Sunday of March (summer time starts at 02:00) and of October (it ends at 03:00), 10:00 in Brussels.
        var spring = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 3, 29, 10, 0), CalendarTime.FromLocal(2026, 3, 29, 12, 0)), [Alice, Bram]);
        var autumn = await bed.Calendar().ScheduleAsync(Spec(CalendarTime.FromLocal(2026, 10, 25, 10, 0), CalendarTime.FromLocal(2026, 10, 25, 12, 0)), [Carla]);
        await bed.Db.SaveChangesAsync();

        var mails = await bed.MailsAsync();
        Assert.Equal(3, mails.Count);
        Assert.All(mails, m => Assert.Equal("REQUEST", m.Method));
        var parsed = await IcalJs.ParseAsync(mails.Select(m => m.Ics));

        foreach (var (mail, ics) in mails.Zip(parsed))
        {
            Assert.Equal("REQUEST", ics.Method);
            Assert.Equal("2.0", ics.Version);
            Assert.Equal(IcsWriter.ProductId, ics.Prodid);
            var tz = Assert.Single(ics.Timezones);
            Assert.Equal("Europe/Brussels", tz.Tzid);
            Assert.NotEmpty(tz.Standard);
            Assert.NotEmpty(tz.Daylight);
            var ev = Assert.Single(ics.Events);
            Assert.Equal("Europe/Brussels", ev.Dtstart!.Tzid);
            Assert.True(ev.Dtstart.ZoneResolved, "DTSTART's TZID must resolve to the VTIMEZONE in the file");
            Assert.Equal(0, ev.Sequence);
            Assert.Equal("CONFIRMED", ev.Status);
            Assert.Equal("Conférence de cas C-2026-014", ev.Summary);
            Assert.Equal("CPAS, salle 2", ev.Location);
            Assert.Equal($"{BaseUrl}/rooms/demo-room", ev.Url);
            Assert.EndsWith($"{BaseUrl}/rooms/demo-room", ev.Description);
            Assert.Equal("mailto:facilitatrice@cpas-demo.test", ev.Organizer!.Value);
            Assert.Equal("Fatima Facilitatrice", ev.Organizer.Cn);
            Assert.Equal($"mailto:{Sender}", ev.Organizer.SentBy);
            // Each recipient sees only themselves (the entry does not show its invitee list).
            var attendee = Assert.Single(ev.Attendees);
            Assert.Equal(mail.To, attendee.Email);
            Assert.Equal("NEEDS-ACTION", attendee.Partstat);
            Assert.Equal("TRUE", attendee.Rsvp);
            Assert.Equal("REQ-PARTICIPANT", attendee.Role);
        }

        Assert.Equal(spring.Uid, parsed[0].Events[0].Uid);
        Assert.Equal(spring.Uid, parsed[1].Events[0].Uid);
        Assert.Equal(autumn.Uid, parsed[2].Events[0].Uid);
        Assert.Equal(Utc0800, parsed[0].Events[0].Dtstart!.Utc);                                  // 10:00 CEST
        Assert.Equal("2026-03-29T10:00:00", parsed[0].Events[0].Dtstart!.Local);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 9, 0, 0, TimeSpan.Zero), parsed[2].Events[0].Dtstart!.Utc); // 10:00 CET
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 11, 0, 0, TimeSpan.Zero), parsed[2].Events[0].Dtend!.Utc);

        // Language follows the recipient: French for Alice, Dutch for Bram, English for Carla.
        Assert.Contains("Dans CaseHub", parsed[0].Events[0].Description);
        Assert.StartsWith("Ordre du jour", parsed[0].Events[0].Description);
        Assert.StartsWith("Agenda: oriëntering", parsed[1].Events[0].Description);
        Assert.Contains("In CaseHub", parsed[1].Events[0].Description);
        Assert.StartsWith("Invitation : Conférence de cas C-2026-014 – dimanche 29 mars 2026", mails[0].Subject);
        Assert.StartsWith("Uitnodiging: Conférence de cas C-2026-014 – zondag 29 maart 2026", mails[1].Subject);
        Assert.StartsWith("Invitation: Conférence de cas C-2026-014 – Sunday 25 October 2026", mails[2].Subject);
        Assert.Contains("dimanche 29 mars 2026, 10:00–12:00", mails[0].Html);
        Assert.Contains("zondag 29 maart 2026, 10:00–12:00", mails[1].Html);
    }

    [Fact]
    public async Task The_mail_has_an_ics_attachment_and_one_click_reply_links_with_a_token_per_mail()
    {
        await using var bed = await CreateAsync();
        await bed.Calendar().ScheduleAsync(Spec(Utc0800, Utc0800.AddHours(2)), [Alice, Bram]);
        await bed.Db.SaveChangesAsync();
        var mails = await bed.MailsAsync();

        foreach (var mail in mails)
        {
            var attachment = Assert.Single(mail.Message.Attachments.OfType<MimeKit.MimePart>());
            Assert.Equal("invite.ics", attachment.FileName);
            foreach (var answer in new[] { "yes", "no", "maybe" })
                Assert.StartsWith($"{BaseUrl}/calendar/reply?token=", mail.Link("answer=" + answer));
            Assert.Contains($"{BaseUrl}/rooms/demo-room", mail.Html);
        }
        Assert.NotEqual(mails[0].ReplyToken("yes"), mails[1].ReplyToken("yes"));
        // Only hashes are stored.
        var hashes = await bed.NewDb().CalendarReplyTokens.Select(t => t.TokenHash).ToListAsync();
        Assert.Equal(2, hashes.Count);
        Assert.DoesNotContain(mails[0].ReplyToken("yes"), hashes);
        Assert.Contains(SecureToken.Hash(mails[0].ReplyToken("yes")), hashes);
    }

    [Fact]
    public async Task With_the_invitee_list_shown_every_invitation_lists_everyone()
    {
        await using var bed = await CreateAsync();
        await bed.Calendar().ScheduleAsync(Spec(Utc0800, Utc0800.AddHours(1)) with { ShowInviteeList = true }, [Alice, Bram, Carla with { Optional = true }]);
        await bed.Db.SaveChangesAsync();
        var parsed = await IcalJs.ParseAsync((await bed.MailsAsync()).Select(m => m.Ics));
        Assert.All(parsed, ics => Assert.Equal(3, ics.Master.Attendees.Count));
        Assert.Equal("OPT-PARTICIPANT", parsed[0].Master.Attendees.Single(a => a.Email == Carla.Email).Role);
    }

    [Fact]
    public async Task Nothing_is_saved_by_schedule_itself_and_the_entry_can_be_found_by_its_owner_after_commit()
    {
        await using var bed = await CreateAsync();
        var spec = Spec(Utc0800, Utc0800.AddHours(1));
        var entry = await bed.Calendar().ScheduleAsync(spec, [Alice]);
        Assert.Equal(0, await bed.NewDb().CalendarEntries.CountAsync());
        Assert.Equal(0, await bed.NewDb().OutboxMessages.CountAsync());
        await bed.Db.SaveChangesAsync();

        var other = bed.NewService(bed.NewDb());
        var found = await other.FindAsync("test-room", spec.OwnerId);
        Assert.NotNull(found);
        Assert.Equal(entry.Uid, found.Uid);
        Assert.Equal($"{entry.Id}@casehub", found.Uid);
        Assert.Single(found.Invitees);
    }

    [Theory]
    [InlineData("end-before-start")]
    [InlineData("end-equals-start")]
    [InlineData("no-title")]
    [InlineData("long-title")]
    [InlineData("bad-email")]
    [InlineData("bad-organizer")]
    [InlineData("bad-online-url")]
    [InlineData("external-link-path")]
    public async Task Invalid_input_is_refused_and_nothing_is_queued(string problem)
    {
        await using var bed = await CreateAsync();
        var spec = Spec(Utc0800, Utc0800.AddHours(1));
        var invitees = new List<InviteeSpec> { Alice };
        (spec, var expectedKey) = problem switch
        {
            "end-before-start" => (spec with { End = spec.Start.AddMinutes(-30) }, "Error.EndBeforeStart"),
            "end-equals-start" => (spec with { End = spec.Start }, "Error.EndBeforeStart"),
            "no-title" => (spec with { Title = LocalizedText.Same("  ") }, "Error.Required"),
            "long-title" => (spec with { Title = LocalizedText.Same(new string('x', CalendarEntry.TitleMaxLength + 1)) }, "Error.TooLong"),
            "bad-organizer" => (spec with { OrganizerEmail = "not an address" }, "Error.InvalidEmail"),
            "bad-online-url" => (spec with { OnlineUrl = "javascript:alert(1)" }, "Calendar.Error.InvalidUrl"),
            "external-link-path" => (spec with { LinkPath = "//evil.example/x" }, "Calendar.Error.InvalidLinkPath"),
            _ => (spec, "Error.InvalidEmail"),
        };
        if (problem == "bad-email") invitees.Add(new InviteeSpec("bram@", "Bram"));

        var ex = await Assert.ThrowsAsync<DomainException>(() => bed.Calendar().ScheduleAsync(spec, invitees));
        Assert.Equal(expectedKey, ex.TextKey);
        await bed.Db.SaveChangesAsync();
        Assert.Equal(0, await bed.NewDb().CalendarEntries.CountAsync());
        Assert.Equal(0, await bed.NewDb().OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task Text_typed_by_people_cannot_inject_links_into_the_mail()
    {
        await using var bed = await CreateAsync();
        await bed.Calendar().ScheduleAsync(Spec(Utc0800, Utc0800.AddHours(1), title: "Réunion [cliquez ici](https://evil.example/x)"), [Alice]);
        await bed.Db.SaveChangesAsync();
        var mail = Assert.Single(await bed.MailsAsync());
        // A bare address may be auto-linked (it shows where it goes), but never hidden behind other words.
        Assert.DoesNotContain("cliquez ici</a>", mail.Html);
        Assert.Contains("[cliquez ici]", mail.Html);
        var ics = await IcalJs.ParseAsync(mail.Ics);
        Assert.Equal("Réunion [cliquez ici](https://evil.example/x)", ics.Master.Summary);
    }

    [Fact]
    public async Task Long_accented_texts_survive_line_folding()
    {
        await using var bed = await CreateAsync();
        var title = string.Concat(Enumerable.Repeat("Réunion d'équipe – « coordination » ", 5)).Trim();
        var description = string.Concat(Enumerable.Repeat("Préparer l'ordre du jour ; café, thé ; 漢字 ; ", 12)).Trim();
        await bed.Calendar().ScheduleAsync(Spec(Utc0800, Utc0800.AddHours(1), title) with { Description = LocalizedText.Same(description), Location = new string('é', 120) }, [Alice]);
        await bed.Db.SaveChangesAsync();
        var ics = (await bed.MailsAsync()).Single().Ics;
        Assert.All(ics.Split('\n').Select(l => l.TrimEnd('\r')), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, $"line longer than 75 octets: {line}"));
        var parsed = await IcalJs.ParseAsync(ics);
        Assert.Equal(title, parsed.Master.Summary);
        Assert.Equal(new string('é', 120), parsed.Master.Location);
        Assert.StartsWith(description, parsed.Master.Description);
    }

    [Fact]
    public async Task Duplicate_invitees_are_invited_once_and_addresses_are_normalised()
    {
        await using var bed = await CreateAsync();
        var entry = await bed.Calendar().ScheduleAsync(Spec(Utc0800, Utc0800.AddHours(1)), [Alice, Alice with { Email = " AS.Alice@CPAS-demo.test " }]);
        await bed.Db.SaveChangesAsync();
        Assert.Equal("as.alice@cpas-demo.test", Assert.Single(entry.Invitees).Email);
        Assert.Single(await bed.MailsAsync());
    }
}
