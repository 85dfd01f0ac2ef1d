using System.Globalization;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.E2E;

/// <summary>
/// Find a date together (issue #20 point 3): the facilitator proposes three times for a network meeting from its
/// panel; the AS answers signed in and a Dutch-speaking partner through the personal link of their mail, both on a
/// 390 px phone; the facilitator picks the best time and the meeting is scheduled (the invitations leave).
/// </summary>
[Collection("e2e")]
public class DatePollJourneys(E2EFixture f)
{
    [Fact]
    public async Task A_poll_answered_by_staff_and_a_partner_on_a_phone_then_the_organiser_picks_the_best_time()
    {
        var title = "Réunion de réseau date " + Guid.NewGuid().ToString("N")[..6];
        Guid meeting = default;
        DateOnly day = default;
        await f.App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CaseHubDbContext>();
            async Task<Guid> Id(string email) => await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            day = CalendarTime.LocalDate(sp.GetRequiredService<TimeProvider>().GetUtcNow()).AddDays(5);
            var room = await sp.GetRequiredService<RoomService>().CreateAsync(new RoomSpec(title, NetworkMeetingProtocol.Key,
                CalendarTime.FromLocal(day, new TimeOnly(10, 0)), CalendarTime.FromLocal(day, new TimeOnly(11, 0)), "Salle du conseil", null, null,
                [new ParticipantSpec(await Id("as@demo.casehub.test"), RoomRole.Participant, null), new ParticipantSpec(await Id("partner@demo.casehub.test"), RoomRole.Participant, null)]),
                await Id("facilitator@demo.casehub.test"));
            await db.SaveChangesAsync();
            meeting = room.Id;
        });
        static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // 1. The facilitator proposes three times from the meeting's panel (the provisional date comes first).
        var chair = await f.NewPageAsync("fr-BE");
        chair.Dialog += async (_, d) => await d.AcceptAsync();
        await chair.SignInAsync("facilitator@demo.casehub.test");
        await chair.GotoAsync($"/meetings/{meeting}");
        await chair.ClickAsync("#manage-poll a");
        await Assertions.Expect(chair.Locator("#slot-0-date")).ToHaveValueAsync(D(day));
        await chair.FillAsync("#slot-1-date", D(day.AddDays(1)));
        await chair.FillAsync("#slot-1-start", "14:00");
        await chair.FillAsync("#slot-1-end", "15:00");
        await chair.FillAsync("#slot-2-date", D(day.AddDays(2)));
        await chair.FillAsync("#slot-2-start", "09:00");
        await chair.FillAsync("#slot-2-end", "10:00");
        await chair.ShotAsync("poll-new");
        await chair.ClickAsync("#poll-new button.primary");
        await Assertions.Expect(chair.Locator("#poll-status")).ToContainTextAsync("0 sur 2 ont répondu");
        var pollPath = new Uri(chair.Url).AbsolutePath;
        var best = CalendarTime.FormatRange(CalendarTime.FromLocal(day.AddDays(1), new TimeOnly(14, 0)), CalendarTime.FromLocal(day.AddDays(1), new TimeOnly(15, 0)), "fr");

        // 2. The AS, on a phone, from the link of their mail: one tap per time.
        var asMail = (await f.Smtp.WaitForAsync(m => m.To == "as@demo.casehub.test" && m.Subject.Contains(title, StringComparison.Ordinal))).Single();
        var staff = await f.NewPageAsync("fr-BE", viewport: new ViewportSize { Width = 390, Height = 844 });
        await staff.SignInAsync("as@demo.casehub.test");
        await staff.GotoAsync(MailLinks.Find(asMail, "/polls/"));
        var slots = staff.Locator(".poll-slots > li");
        await Assertions.Expect(slots).ToHaveCountAsync(3);
        await slots.Nth(0).Locator("button[value=No]").ClickAsync();
        await Assertions.Expect(staff.Locator(".poll-slots > li").Nth(0).Locator("button[value=No]")).ToHaveAttributeAsync("aria-pressed", "true");
        await staff.Locator(".poll-slots > li").Nth(1).Locator("button[value=Yes]").ClickAsync();
        await staff.Locator(".poll-slots > li").Nth(2).Locator("button[value=IfNeedBe]").ClickAsync();
        await Assertions.Expect(staff.Locator(".poll-slots > li").Nth(2).Locator("button[value=IfNeedBe]")).ToHaveAttributeAsync("aria-pressed", "true");
        await staff.ShotAsync("poll-staff-phone");
        CspWatch.AssertClean(staff);

        // 3. The partner, on a phone in Dutch, through their personal link (no sign-in); they see the AS's answers.
        var partnerMail = (await f.Smtp.WaitForAsync(m => m.To == "partner@demo.casehub.test" && m.Subject.Contains(title, StringComparison.Ordinal))).Single();
        var partner = await f.NewPageAsync("nl-BE", viewport: new ViewportSize { Width = 390, Height = 844 });
        await partner.GotoAsync(MailLinks.Find(partnerMail, "/polls/answer/"));
        await Assertions.Expect(partner.Locator("h1")).ToContainTextAsync(title);
        await partner.Locator(".poll-slots > li").Nth(1).Locator("button[value=Yes]").ClickAsync();
        await Assertions.Expect(partner.Locator(".poll-slots > li").Nth(1).Locator("button[value=Yes]")).ToHaveAttributeAsync("aria-pressed", "true");
        await partner.Locator(".poll-slots > li").Nth(2).Locator("button[value=No]").ClickAsync();
        await partner.FillAsync("#poll-comment-text", "Liever in de namiddag.");
        await partner.ClickAsync("#poll-comment button");
        await Assertions.Expect(partner.Locator(".alert.success")).ToContainTextAsync("Opmerking opgeslagen");
        await Assertions.Expect(partner.Locator(".poll-ranked > li").First).ToContainTextAsync("Sarah Assistante");
        await partner.ShotAsync("poll-partner-phone");
        CspWatch.AssertClean(partner);

        // 4. The facilitator sees the best time first and picks it: the meeting is scheduled, the invitations leave.
        await chair.GotoAsync(pollPath);
        var first = chair.Locator(".poll-ranked > li").First;
        await Assertions.Expect(first).ToContainTextAsync(best);
        await Assertions.Expect(first.Locator("[data-best]")).ToBeVisibleAsync();
        await Assertions.Expect(first).ToContainTextAsync("2 oui");
        await chair.ShotAsync("poll-organiser-grid");
        await first.Locator("form button").ClickAsync();
        await Assertions.Expect(chair.Locator("#poll-status")).ToContainTextAsync("Date choisie");
        await chair.ShotAsync("poll-organiser-picked");
        var invitation = (await f.Smtp.WaitForAsync(m => m.To == "partner@demo.casehub.test" && m.Message.BodyParts.Any(p => p.ContentType.MimeType == "text/calendar") && m.Subject.Contains(title, StringComparison.Ordinal))).Single();
        Assert.Contains("14:00", invitation.Text);
        await chair.GotoAsync($"/meetings/{meeting}");
        await Assertions.Expect(chair.Locator("#manage")).ToContainTextAsync(best);
        CspWatch.AssertClean(chair);

        // 5. The partner's link now only shows the outcome.
        await partner.ReloadAsync();
        await Assertions.Expect(partner.Locator("#poll-status")).ToContainTextAsync("Gekozen datum");
        await Assertions.Expect(partner.Locator(".poll-slots")).ToHaveCountAsync(0);
        await partner.ShotAsync("poll-partner-closed-phone");
    }
}
