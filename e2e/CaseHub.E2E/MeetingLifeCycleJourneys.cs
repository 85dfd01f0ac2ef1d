using System.Globalization;
using CaseHub.TestSupport;

namespace CaseHub.E2E;

/// <summary>
/// A case conference's life from its own page (issue #20): the facilitator moves it, adds a late invitee (a member of
/// the case) who opens the invitation's link and writes a position there (the panel shows who prepared), then
/// removes them (they lose the page at once) and finally cancels the conference with a reason.
/// </summary>
[Collection("e2e")]
public class MeetingLifeCycleJourneys(E2EFixture f)
{
    private const string Code = "E2E-2026-LIFE";

    [Fact]
    public async Task A_facilitator_moves_a_conference_adds_then_removes_a_late_invitee_and_cancels_it()
    {
        var chair = await f.NewPageAsync("fr-BE");
        chair.Dialog += async (_, d) => await d.AcceptAsync();
        await chair.SignInAsync("facilitator@demo.casehub.test");
        await chair.GotoAsync("/conferences/cases/new");
        await chair.FillAsync("#Code", Code);
        await chair.SelectOptionAsync("#ServiceId", new SelectOptionValue { Label = "Service social général" });
        await chair.FillAsync("#Summary", "Personne seule ; orientation à décider.");
        await chair.CheckAsync("input[name=Themes][value=Employment]");
        await chair.ClickAsync("form button.primary");
        await Assertions.Expect(chair.Locator("h1")).ToContainTextAsync(Code);
        var caseUrl = new Uri(chair.Url).AbsolutePath;
        foreach (var (name, party) in new[] { ("Sarah Assistante", "SocialWorker"), ("Ilias Insertion", "InsertionAgent"), ("Pieter Partner", "Partner") })
        {
            await chair.Locator(".picker-people label", new() { HasText = name }).ClickAsync();
            await chair.SelectOptionAsync("#add-party", party);
            await chair.ClickAsync("#add-member-form button");
            await Assertions.Expect(chair.Locator(".conf-members")).ToContainTextAsync(name);
        }
        // The partner is not invited at first.
        await chair.ClickAsync($"a[href='{caseUrl}/prepare']");
        await chair.FillAsync("#Location", "CPAS, salle 2");
        await chair.UncheckAsync("label.check:has-text('Pieter Partner') input[name=Participants]");
        await chair.ClickAsync("form button.primary");
        await Assertions.Expect(chair.Locator("h1")).ToContainTextAsync("Concertation " + Code);
        var conferenceUrl = new Uri(chair.Url).AbsolutePath;
        await f.Smtp.WaitForAsync(m => m.To == "as@demo.casehub.test" && m.Subject.Contains(Code));

        // Move: another day, another room; the AS gets an update.
        var day = DateTime.UtcNow.AddDays(6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await chair.ClickAsync("details:has(#manage-move) > summary");
        await chair.FillAsync("#manage-date", day);
        await chair.FillAsync("#manage-start", "14:00");
        await chair.FillAsync("#manage-end", "15:00");
        await chair.FillAsync("#manage-location", "CPAS, salle 4");
        await chair.ClickAsync("#manage-move button");
        await Assertions.Expect(chair.Locator(".alert.success")).ToBeVisibleAsync();
        await Assertions.Expect(chair.Locator("#manage")).ToContainTextAsync("CPAS, salle 4");
        await f.Smtp.WaitForAsync(m => m.To == "as@demo.casehub.test" && m.Subject.Contains(Code), count: 2);

        // A late invitee: the partner, invited alone; they open the invitation's link and write their position there.
        await chair.ClickAsync("details:has(#manage-add) > summary");
        await chair.SelectOptionAsync("#manage-person", new SelectOptionValue { Label = "Pieter Partner" });
        await chair.ClickAsync("#manage-add button");
        await Assertions.Expect(chair.Locator(".manage-people")).ToContainTextAsync("Pieter Partner");
        var invitation = (await f.Smtp.WaitForAsync(m => m.To == "partner@demo.casehub.test" && m.Subject.Contains(Code))).Single();
        var link = MailLinks.Find(invitation, conferenceUrl);
        Assert.DoesNotContain("/live", link, StringComparison.Ordinal);
        var partner = await f.NewPageAsync("nl-BE");
        await partner.SignInAsync("partner@demo.casehub.test");
        await partner.GotoAsync(link);
        await partner.FillAsync("#pos-sit", "Plaats vrij in de opleiding logistiek vanaf mei");
        await partner.FillAsync("#pos-prop", "Opleiding logistiek");
        await partner.ClickAsync("form:has(#pos-sit) button.primary");
        await Assertions.Expect(partner.Locator(".alert.success")).ToBeVisibleAsync();
        await chair.ReloadAsync();
        await Assertions.Expect(chair.Locator("li.person-row:has-text('Pieter Partner') [data-prepared=true]")).ToBeVisibleAsync();
        await Assertions.Expect(chair.Locator("li.person-row:has-text('Sarah Assistante') [data-prepared=false]")).ToBeVisibleAsync();
        await chair.Locator("#manage").ScrollIntoViewIfNeededAsync();
        await chair.ShotAsync("meeting-life-conference-manage");

        // Removed: a cancellation for them, and the page is gone for them at once.
        await chair.ClickAsync("li.person-row:has-text('Pieter Partner') form:has(input[value=remove]) button");
        await Assertions.Expect(chair.Locator(".manage-people")).Not.ToContainTextAsync("Pieter Partner");
        await f.Smtp.WaitForAsync(m => m.To == "partner@demo.casehub.test" && m.Subject.Contains(Code), count: 2);
        var gone = await partner.GotoAsync(link);
        Assert.Equal(404, gone!.Status);

        // Cancelled with a reason: the panel says so and offers no more changes.
        await chair.ClickAsync("details:has(#manage-cancel) > summary");
        await chair.FillAsync("#manage-reason", "La personne a trouvé un emploi");
        await chair.ClickAsync("#manage-cancel button");
        await Assertions.Expect(chair.Locator("#manage-cancelled")).ToContainTextAsync("trouvé un emploi");
        await Assertions.Expect(chair.Locator("#manage-move")).ToHaveCountAsync(0);
        await chair.ShotAsync("meeting-life-conference-cancelled");
    }
}
