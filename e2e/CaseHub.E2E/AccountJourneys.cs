using CaseHub.Core.Demo;
using CaseHub.TestSupport;

namespace CaseHub.E2E;

[Collection("e2e")]
public class AccountJourneys(E2EFixture f)
{
    [Fact]
    public async Task Every_demo_role_signs_in_and_sees_a_dashboard_with_its_menu()
    {
        var page = await f.NewPageAsync();
        foreach (var user in DemoData.Users)
        {
            await page.SignInAsync(user.Email);
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(user.Name.Split(' ')[0]);
            await Assertions.Expect(page.Locator("details.user-menu summary")).ToContainTextAsync(user.Name);
            if (user.Roles.Contains("Administrator"))
                await Assertions.Expect(page.Locator(".main-nav")).ToContainTextAsync("Utilisateurs");
            else
                await Assertions.Expect(page.Locator(".main-nav")).Not.ToContainTextAsync("Utilisateurs");
            await page.ShotAsync($"account-dashboard-{user.Roles[0].ToLowerInvariant()}");
            await page.SignOutAsync();
        }
        CspWatch.AssertClean(page);
    }

    [Fact]
    public async Task A_user_switches_to_dutch_and_it_sticks()
    {
        await f.App.CreateUserAsync("polyglot@demo.casehub.test", "Paula Polyglot", "Coordinator");
        var page = await f.NewPageAsync("fr-BE");
        await page.SignInAsync("polyglot@demo.casehub.test");
        await page.ClickAsync(".lang-picker button[value=nl]");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");
        await Assertions.Expect(page.Locator(".main-nav")).ToContainTextAsync("Start");
        await page.GotoAsync("/account/profile");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Mijn profiel");
        await Assertions.Expect(page.Locator("#Language")).ToHaveValueAsync("nl");
        await page.ShotAsync("account-profile-dutch");
        await page.ClickAsync(".lang-picker button[value=fr]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Mon profil");
        CspWatch.AssertClean(page);
    }

    [Fact]
    public async Task A_user_resets_a_forgotten_password_through_the_mail()
    {
        const string email = "forgetful@demo.casehub.test";
        await f.App.CreateUserAsync(email, "Fred Forgetful", "InsertionAgent", "en");
        var page = await f.NewPageAsync("en-GB");
        await page.GotoAsync("/account/sign-in");
        await page.ClickAsync("text=Forgot your password?");
        await page.FillAsync("#Email", email);
        await page.ClickAsync("button.primary");
        await Assertions.Expect(page.Locator(".alert.success")).ToBeVisibleAsync();

        var mail = (await f.Smtp.WaitForAsync(email))[^1];
        await page.GotoAsync(MailLinks.Find(mail, "/account/reset-password"));
        await page.FillAsync("#Password", "a brand new passphrase");
        await page.FillAsync("#ConfirmPassword", "a brand new passphrase");
        await page.ShotAsync("account-reset-password");
        await page.ClickAsync("button.primary");
        await Assertions.Expect(page.Locator(".alert.success")).ToContainTextAsync("Your password has been changed");
        await page.SignInAsync(email, "a brand new passphrase");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Fred");
        CspWatch.AssertClean(page);
    }

    [Fact]
    public async Task A_partner_signs_in_with_a_magic_link()
    {
        const string email = "partner2@demo.casehub.test";
        var page = await f.NewPageAsync("fr-BE");
        await page.GotoAsync("/account/sign-in");
        await page.ClickAsync("text=Recevoir un lien de connexion par e-mail");
        await page.FillAsync("#Email", email);
        await page.ClickAsync("button.primary");
        await Assertions.Expect(page.Locator(".alert.success")).ToContainTextAsync("15 minutes");

        var mail = (await f.Smtp.WaitForAsync(email))[^1];
        await page.GotoAsync(MailLinks.Find(mail, "/account/magic"));
        await page.ShotAsync("account-magic-link-landing");
        await page.ClickAsync("button.primary");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Nora");
        await page.ShotAsync("account-magic-link-signed-in");

        // The link works once.
        var second = await f.NewPageAsync("fr-BE");
        await second.GotoAsync(MailLinks.Find(mail, "/account/magic"));
        await Assertions.Expect(second.Locator(".alert.error")).ToContainTextAsync("déjà été utilisé");
        CspWatch.AssertClean(page);
    }
}
