using System.Text.RegularExpressions;
using CaseHub.Core.Demo;

namespace CaseHub.E2E;

/// <summary>
/// A room run with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows; no mouse click): skip link, sign-in,
/// start, raise a hand, give the floor, next phase, open a vote, vote, reveal; focus always visible, never trapped,
/// and the changes announced to screen readers in each person's language.
/// </summary>
[Collection("e2e")]
public class KeyboardJourneys(E2EFixture f)
{
    [Fact]
    public async Task A_chair_and_a_participant_run_a_meeting_with_the_keyboard_alone()
    {
        var chair = await f.NewPageAsync("fr-BE");
        await chair.SignInWithKeyboardAsync("facilitator@demo.casehub.test");

        // Planning (a form, not the room): fields filled, the participant chosen in the list, sent with Enter.
        await chair.GotoAsync("/meetings/new");
        await chair.FillAsync("#Title", "Réunion au clavier");
        await chair.Locator("#people tr", new() { HasText = "Pieter Partner" }).Locator("select").First.SelectOptionAsync("Participant");
        await chair.Locator("form.meeting-form button.primary").First.PressAsync("Enter");
        await Assertions.Expect(chair.Locator(".alert.success")).ToBeVisibleAsync();
        var meetingUrl = new Uri(chair.Url).AbsolutePath;

        await chair.GotoAsync(meetingUrl + "/room");
        await Assertions.Expect(chair.Locator(".conn")).ToHaveTextAsync("Connecté·e");
        var pieter = await f.NewPageAsync("nl-BE"); // his profile says Dutch: the room and its announcements are in Dutch
        await pieter.SignInWithKeyboardAsync("partner@demo.casehub.test");
        await pieter.GotoAsync(meetingUrl + "/room");
        await Assertions.Expect(pieter.Locator(".conn")).ToHaveTextAsync("Verbonden");
        await Assertions.Expect(chair.Locator(".person.online")).ToHaveCountAsync(2);

        // The skip link is the first stop and lands on the main content.
        await chair.Keyboard.PressAsync("Tab");
        await Assertions.Expect(chair.Locator(".skip-link")).ToBeFocusedAsync();
        await chair.Keyboard.PressAsync("Enter");
        await Assertions.Expect(chair.Locator("main#main")).ToBeFocusedAsync();

        // Start.
        await chair.TabToAsync("[data-act=start]");
        await chair.Keyboard.PressAsync("Enter");
        await Assertions.Expect(pieter.Locator(".phase-now")).ToHaveTextAsync("Onthaal en aanwezigheden");
        await Assertions.Expect(pieter.Locator("#live-announcer")).ToContainTextAsync("Nieuwe fase: Onthaal en aanwezigheden");

        // Pieter raises his hand with Space; the button says it is pressed and keeps the focus.
        await pieter.TabToAsync(".floor-actions [data-act=hand]");
        await pieter.Keyboard.PressAsync(" ");
        await Assertions.Expect(pieter.Locator(".floor-actions [data-act=hand]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(pieter.Locator(".floor-actions [data-act=hand]")).ToBeFocusedAsync();
        await Assertions.Expect(chair.Locator(".queue li")).ToContainTextAsync("Pieter Partner");
        await Assertions.Expect(chair.Locator("#live-announcer")).ToContainTextAsync("Pieter Partner lève la main");

        // The chair gives him the floor; the focus stays in the floor panel (the button it was on is gone).
        await chair.TabToAsync(".queue [data-act=give]");
        await chair.Keyboard.PressAsync("Enter");
        await Assertions.Expect(pieter.Locator(".speaker strong")).ToHaveTextAsync("Pieter Partner");
        await Assertions.Expect(pieter.Locator("#live-announcer")).ToContainTextAsync("Het is uw beurt");
        await Assertions.Expect(chair.Locator(".floor h2")).ToBeFocusedAsync();

        // Next phase, reached going backwards with Shift+Tab from the panel below.
        await chair.TabToAsync("[data-act=next]", backwards: true);
        await chair.Keyboard.PressAsync("Enter");
        await Assertions.Expect(chair.Locator(".phase-now")).ToHaveTextAsync("Tour d'inclusion (check-in)");
        await Assertions.Expect(pieter.Locator("#live-announcer")).ToHaveTextAsync(new Regex("Nieuwe fase: (?!Onthaal)"));
        await Assertions.Expect(chair.Locator("[data-act=next]")).ToBeFocusedAsync();
        // Votes are allowed from the agenda items on (not in the welcome and check-in rounds): one more phase.
        await chair.Keyboard.PressAsync("Enter");
        await Assertions.Expect(chair.Locator(".phase-now")).ToHaveTextAsync("Point de l'ordre du jour");

        // A vote: the chair opens the form (a disclosure) with Enter, types, sends; the form is checked open too.
        await chair.TabToAsync(".open-vote summary");
        await chair.Keyboard.PressAsync("Enter");
        await Assertions.Expect(chair.Locator(".open-vote")).ToHaveAttributeAsync("open", "");
        await chair.AssertAccessibleAsync("room-chair-vote-form-open");
        await chair.Keyboard.PressAsync("Tab");
        await Assertions.Expect(chair.Locator("#vote-q")).ToBeFocusedAsync();
        await chair.Keyboard.TypeAsync("Prolonger le partenariat ?");
        await chair.TabToAsync(".open-vote button[type=submit]");
        await chair.Keyboard.PressAsync("Enter");
        await Assertions.Expect(pieter.Locator(".ballot")).ToBeVisibleAsync();
        await Assertions.Expect(pieter.Locator("#live-announcer")).ToContainTextAsync("Stemming geopend: Prolonger le partenariat ?");

        // Pieter picks with Space and the arrows (Pour → Contre → Pour), then sends with Enter.
        await pieter.TabToAsync(".ballot input[type=radio]");
        await pieter.Keyboard.PressAsync(" ");
        await pieter.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(pieter.Locator(".ballot input[value=Contre]")).ToBeCheckedAsync();
        await pieter.Keyboard.PressAsync("ArrowUp");
        await Assertions.Expect(pieter.Locator(".ballot input[value=Pour]")).ToBeCheckedAsync();
        await pieter.TabToAsync(".ballot button[type=submit]");
        await pieter.Keyboard.PressAsync("Enter");
        await Assertions.Expect(pieter.Locator(".vote.open .ok-text")).ToContainTextAsync("Pour");
        await Assertions.Expect(pieter.Locator("#live-announcer")).ToContainTextAsync("Stem opgeslagen");
        await pieter.AssertAccessibleAsync("room-participant-voted");

        await Assertions.Expect(chair.Locator(".open-vote summary")).ToBeFocusedAsync(); // the form closed, the focus went back to its opener
        await chair.TabToAsync("[data-act=reveal]", backwards: true);
        await chair.Keyboard.PressAsync("Enter");
        await Assertions.Expect(pieter.Locator(".vote.revealed .results")).ToContainTextAsync("Pour: 1");
        await Assertions.Expect(pieter.Locator("#live-announcer")).ToContainTextAsync("Stemming afgesloten");

        // No trap: Tab goes through the whole room (shared notes editor included) and comes back to the top.
        await chair.AssertNoKeyboardTrapAsync(mustPass: ".notes-editor .cm-content");
        await chair.ShotAsync("keyboard-room-chair");
        foreach (var p in new[] { chair, pieter }) CspWatch.AssertClean(p);
    }
}

/// <summary>Keyboard-only helpers: moving the focus with Tab and checking it stays visible.</summary>
public static class Keyboard
{
    /// <summary>Signs in with the keyboard: skip link, then Tab to the fields, Enter to send.</summary>
    public static async Task SignInWithKeyboardAsync(this IPage page, string email, string password = DemoData.Password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.TabToAsync("#Email");
        await page.Keyboard.TypeAsync(email);
        await page.TabToAsync("#Password");
        await page.Keyboard.TypeAsync(password);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("details.user-menu").WaitForAsync();
    }

    /// <summary>
    /// Presses Tab (or Shift+Tab) until the focused element matches the selector; fails when it is not reached
    /// (not focusable, hidden, or behind a trap) or when the focus is not visible on it.
    /// </summary>
    public static async Task TabToAsync(this IPage page, string selector, bool backwards = false, int maxPresses = 250)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            if (await page.EvaluateAsync<bool>("(s) => !!document.activeElement?.matches(s)", selector)) break;
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (i == maxPresses - 1) Assert.Fail($"'{selector}' was not reached with {(backwards ? "Shift+Tab" : "Tab")} on {page.Url}");
        }
        var focusStyle = await page.EvaluateAsync<string>("""
            () => {
              const s = getComputedStyle(document.activeElement);
              const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
              return outline || s.boxShadow !== 'none' ? '' : `outline ${s.outlineStyle} ${s.outlineWidth}, box-shadow ${s.boxShadow}`;
            }
            """);
        Assert.True(focusStyle == "", $"focus not visible on '{selector}': {focusStyle}");
    }

    /// <summary>Tabs through the page from the top: the focus must pass the given element and come back to the skip link.</summary>
    public static async Task AssertNoKeyboardTrapAsync(this IPage page, string mustPass, int maxPresses = 300)
    {
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await page.Locator(".skip-link").FocusAsync();
        var passed = false;
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var where = await page.EvaluateAsync<string>("(s) => document.activeElement?.matches('.skip-link') ? 'top' : document.activeElement?.matches(s) ? 'target' : ''", mustPass);
            if (where == "target") passed = true;
            if (where == "top") { Assert.True(passed, $"Tab came back to the top without passing '{mustPass}'"); return; }
        }
        Assert.Fail($"Tab did not come back to the top after {maxPresses} presses from {page.Url} (a keyboard trap?); passed '{mustPass}': {passed}");
    }
}
