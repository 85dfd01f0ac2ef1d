using System.Text.RegularExpressions;
using CaseHub.TestSupport;

namespace CaseHub.E2E;

/// <summary>A network meeting from planning to minutes, with a chair and two participants in three browsers.</summary>
[Collection("e2e")]
public class MeetingJourneys(E2EFixture f)
{
    [Fact]
    public async Task A_chair_and_two_participants_run_a_network_meeting_from_check_in_to_minutes()
    {
        var chair = await f.NewPageAsync("fr-BE");
        await chair.SignInAsync("facilitator@demo.casehub.test");

        // Plan the meeting: the AS as co-chair, the partner as rapporteur.
        await chair.GotoAsync("/meetings/new");
        await chair.FillAsync("#Title", "Réunion réseau AMIF — avril");
        await chair.FillAsync("#Location", "Salle du conseil");
        await chair.FillAsync("#Purpose", "Faire le point sur les **partenariats**.");
        await chair.Locator("#people tr", new() { HasText = "Sarah Assistante" }).Locator("select").First.SelectOptionAsync("CoChair");
        var partnerRow = chair.Locator("#people tr", new() { HasText = "Pieter Partner" });
        await partnerRow.Locator("select").First.SelectOptionAsync("Participant");
        await partnerRow.Locator("select").Nth(1).SelectOptionAsync("rapporteur");
        await chair.ShotAsync("meeting-new");
        await chair.ClickAsync("button.primary");
        await Assertions.Expect(chair.Locator(".alert.success")).ToContainTextAsync("invitations");
        var meetingUrl = new Uri(chair.Url).AbsolutePath;
        await chair.ShotAsync("meeting-details");
        await f.Smtp.WaitForAsync(m => m.To == "partner@demo.casehub.test" && m.Text.Contains("Réunion réseau AMIF — avril"));

        await chair.ClickAsync("text=Entrer dans la salle");
        await Assertions.Expect(chair.Locator(".conn")).ToHaveTextAsync("Connecté·e");

        var asPage = await f.NewPageAsync("fr-BE");
        await asPage.SignInAsync("as@demo.casehub.test");
        await asPage.GotoAsync(meetingUrl + "/room");
        // Each of the three is connected before the chair counts them (under load a connection can take seconds).
        await Assertions.Expect(asPage.Locator(".conn")).ToHaveTextAsync("Connecté·e");
        var partner = await f.NewPageAsync("nl-BE");
        await partner.SignInAsync("partner@demo.casehub.test");
        await partner.GotoAsync(meetingUrl + "/room");
        await Assertions.Expect(partner.Locator(".conn")).ToHaveTextAsync("Verbonden");
        await Assertions.Expect(chair.Locator(".person.online")).ToHaveCountAsync(3);

        // Start: the timer runs for everyone.
        await chair.ClickAsync("[data-act=start]");
        await Assertions.Expect(partner.Locator(".phase-now")).ToHaveTextAsync("Onthaal en aanwezigheden");
        await Assertions.Expect(asPage.Locator(".timer")).ToHaveTextAsync(new Regex(@"^[45]:\d\d$"));
        await partner.AssertAccessibleAsync("room-participant-started-nl");
        await chair.ClickAsync("[data-act=add5]");
        await Assertions.Expect(asPage.Locator(".timer")).ToHaveTextAsync(new Regex(@"^(9|10):\d\d$"));

        // Check-in round: each in turn.
        await chair.NextPhaseAsync();
        await Assertions.Expect(asPage.Locator(".phase-now")).ToHaveTextAsync("Tour d'inclusion (check-in)");
        await chair.ClickAsync("[data-act=start-round]");
        await Assertions.Expect(partner.Locator(".round-order li")).ToHaveCountAsync(3);
        await chair.AssertAccessibleAsync("room-chair-round");
        // Invitation order: the chair first, then the participants as listed (by name): Pieter, then Sarah.
        await chair.ClickAsync("[data-act=round-next]"); // the chair speaks first, then passes
        await Assertions.Expect(partner.Locator(".round-order li.current")).ToHaveTextAsync("Pieter Partner");
        await partner.ClickAsync("[data-act=round-next]");
        await asPage.ClickAsync("[data-act=round-next]");
        await Assertions.Expect(chair.Locator(".round h3")).ToHaveTextAsync("Tour de parole terminé");

        // Agenda item: shared notes typed by two people, a raised hand, a vote.
        await chair.NextPhaseAsync();
        var asEditor = asPage.Locator(".notes-editor .cm-content");
        await asEditor.ClickAsync();
        await asPage.Keyboard.TypeAsync("## État des lieux\n- visite du projet de Charleroi en juin\n");
        var partnerEditor = partner.Locator(".notes-editor .cm-content");
        await Assertions.Expect(partnerEditor).ToContainTextAsync("visite du projet de Charleroi en juin");
        await partnerEditor.ClickAsync();
        await partner.Keyboard.PressAsync("Control+End");
        await partner.Keyboard.TypeAsync("- vertaling van de enquête\n");
        await Assertions.Expect(chair.Locator(".notes-editor .cm-content")).ToContainTextAsync("vertaling van de enquête");

        await partner.ClickAsync(".floor-actions [data-act=hand]");
        await Assertions.Expect(chair.Locator(".queue li")).ToContainTextAsync("Pieter Partner");
        await chair.ClickAsync(".queue [data-act=give]");
        await Assertions.Expect(asPage.Locator(".speaker strong")).ToHaveTextAsync("Pieter Partner");

        await chair.ClickAsync(".open-vote summary");
        await chair.AssertAccessibleAsync("room-chair-vote-form-open");
        await chair.FillAsync("#vote-q", "Organiser la visite en juin ?");
        await chair.FillAsync("#vote-o", "Oui\nNon");
        await chair.ClickAsync(".open-vote button[type=submit]");
        // The partner picks an option, then another ballot arrives and re-renders the vote: the pick must survive.
        await partner.Locator(".ballot label", new() { HasText = "Oui" }).ClickAsync();
        await asPage.Locator(".ballot label", new() { HasText = "Oui" }).ClickAsync();
        await asPage.ClickAsync(".ballot button[type=submit]");
        await Assertions.Expect(partner.Locator(".vote.open .muted")).ToContainTextAsync("1 stem(men) van 3");
        await Assertions.Expect(partner.Locator(".ballot input[value=Oui]")).ToBeCheckedAsync();
        await partner.ClickAsync(".ballot button[type=submit]");
        await Assertions.Expect(chair.Locator(".vote.open .muted")).ToContainTextAsync("2 vote(s) sur 3");
        await chair.ShotAsync("meeting-room-chair");
        await partner.ShotAsync("meeting-room-participant-nl");
        await chair.ClickAsync("[data-act=reveal]");
        await Assertions.Expect(asPage.Locator(".vote.revealed .results")).ToContainTextAsync("Oui : 2");

        // Decisions and action items; the partner adds an action from a phone.
        await chair.FillAsync("#decision-text", "Visite du projet de Charleroi en juin");
        await chair.ClickAsync("form[data-form=decision] button");
        await Assertions.Expect(partner.Locator("[data-bind=decisions]")).ToContainTextAsync("Visite du projet de Charleroi en juin");
        var phone = await f.NewPageAsync("nl-BE", PhoneRooms.Phone);
        await phone.SignInAsync("partner@demo.casehub.test");
        await phone.GotoAsync(meetingUrl + "/room");
        // The phone opens on the notes, under a sticky header with the phase, the timer and the raised hand.
        await Assertions.Expect(phone.Locator(".room-bar [data-act=hand]")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator(".room-bar-phase")).ToHaveTextAsync("Agendapunt");
        await Assertions.Expect(phone.Locator("[data-bind=notes] .cm-content")).ToBeVisibleAsync();
        await phone.ShotAsync("meeting-room-phone-notes");
        await phone.ClickAsync("[role=tab][data-tab=outcomes]");
        await phone.FillAsync("#action-text", "Lijst van contactpersonen sturen");
        await phone.SelectOptionAsync("#action-owner", new SelectOptionValue { Label = "Pieter Partner" });
        await phone.ClickAsync("form[data-form=action] button");
        await Assertions.Expect(chair.Locator("[data-bind=actions]")).ToContainTextAsync("Lijst van contactpersonen sturen");
        await phone.EvaluateAsync("() => window.scrollTo(0, 0)");
        await phone.ShotAsync("meeting-room-phone");

        // Quick capture with the on-screen keyboard open (it leaves some 380 px of screen): the notes editor stays
        // under the header, visible, and what is typed is in view and reaches the others.
        await phone.ClickAsync("[role=tab][data-tab=notes]");
        await phone.SetViewportSizeAsync(390, 380);
        await phone.Locator("[data-bind=notes] .cm-content").ClickAsync();
        await phone.Keyboard.PressAsync("Control+End");
        await phone.Keyboard.TypeAsync("snel genoteerd op de gsm\ntweede punt, toetsenbord open\n");
        await Assertions.Expect(chair.Locator(".notes-editor .cm-content")).ToContainTextAsync("tweede punt, toetsenbord open");
        var fit = await phone.EvaluateAsync<double[]>("""
            () => {
              const header = document.querySelector('[data-room-bar]').getBoundingClientRect();
              const editor = document.querySelector('[data-bind=notes] .cm-editor').getBoundingClientRect();
              const line = [...document.querySelectorAll('[data-bind=notes] .cm-line')].find((l) => l.textContent.includes('tweede punt')).getBoundingClientRect();
              return [header.bottom, line.top, line.bottom, Math.min(editor.bottom, innerHeight) - Math.max(editor.top, header.bottom), innerHeight];
            }
            """);
        Assert.True(fit[1] >= fit[0] - 1 && fit[2] <= fit[4] + 1, $"the typed line ({fit[1]}–{fit[2]}) is not between the header ({fit[0]}) and the keyboard ({fit[4]})");
        Assert.True(fit[3] >= 150, $"only {fit[3]}px of the notes editor show with the keyboard open");
        await phone.AssertAccessibleAsync("meeting-room-phone-keyboard");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.Output("screenshots"), "meeting-room-phone-keyboard.png") });
        await phone.SetViewportSizeAsync(390, 844);

        // Every part of the room at 360 and 390 px; the part chosen stays open while the chair raises and lowers a hand.
        await PhoneRooms.CheckAsync(f, "as@demo.casehub.test", meetingUrl + "/room", "meeting-room", liveChange: async (p) =>
        {
            await chair.ClickAsync(".floor-actions [data-act=hand]");
            await Assertions.Expect(p.Locator("[data-bind=queue]")).ToContainTextAsync("Fanny Facilitatrice");
            await chair.ClickAsync(".floor-actions [data-act=hand]");
            await Assertions.Expect(p.Locator("[data-bind=queue]")).Not.ToContainTextAsync("Fanny Facilitatrice");
        });

        var projector = await f.NewPageAsync("fr-BE", new ViewportSize { Width = 1920, Height = 1080 });
        await projector.SignInAsync("facilitator@demo.casehub.test");
        await projector.GotoAsync(meetingUrl + "/projector");
        await Assertions.Expect(projector.Locator(".notes-editor .cm-content")).ToContainTextAsync("Charleroi");
        await projector.ShotAsync("meeting-projector");
        foreach (var size in new[] { PhoneRooms.SmallPhone, PhoneRooms.Phone })
        {
            await projector.SetViewportSizeAsync(size.Width, size.Height);
            await Assertions.Expect(projector.Locator(".projector .timer")).ToBeVisibleAsync();
            await projector.ShotAsync($"phone-meeting-projector-{size.Width}");
        }

        // Close: minutes for everyone, in their language.
        chair.Dialog += async (_, d) => await d.AcceptAsync();
        await chair.ClickAsync("[data-act=close]");
        await Assertions.Expect(asPage.Locator(".phase-now")).ToContainTextAsync("clôturée");
        var mail = (await f.Smtp.WaitForAsync(m => m.To == "partner@demo.casehub.test" && m.Subject.StartsWith("Verslag", StringComparison.Ordinal))).Single();
        Assert.Contains("vertaling van de enquête", mail.Text);
        Assert.Contains("Lijst van contactpersonen sturen", mail.Text);
        await chair.GotoAsync(meetingUrl + "/minutes");
        await Assertions.Expect(chair.Locator(".minutes")).ToContainTextAsync("Visite du projet de Charleroi en juin");
        await chair.ShotAsync("meeting-minutes");
        await chair.PrintShotAsync("meeting-minutes");

        // The action item is on the partner's dashboard.
        await partner.GotoAsync("/");
        await Assertions.Expect(partner.Locator("#actions-h + ul")).ToContainTextAsync("Lijst van contactpersonen sturen");
        foreach (var p in new[] { chair, asPage, partner, phone, projector }) CspWatch.AssertClean(p);
    }
}
