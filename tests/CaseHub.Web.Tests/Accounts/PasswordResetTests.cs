using System.Net;
using CaseHub.Core.Demo;
using CaseHub.TestSupport;

namespace CaseHub.Web.Tests.Accounts;

public class PasswordResetTests(AppFixture f) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_user_resets_the_password_through_the_mail_and_the_old_one_stops_working()
    {
        const string email = "conseiller@demo.casehub.test";
        using var client = f.App.NewClient("fr");
        var response = await client.SubmitAsync("/account/forgot-password", ("Email", email));
        Assert.Contains("Si un compte existe pour cette adresse", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));

        // Demo data may have mailed this person already (invitations): take the reset mail.
        var mail = (await f.Smtp.WaitForAsync(m => m.To == email && m.Text.Contains("/account/reset-password"))).Single();
        var link = MailLinks.Find(mail, "/account/reset-password");
        var reset = await client.SubmitAsync(link, ("Password", "un nouveau mot de passe"), ("ConfirmPassword", "un nouveau mot de passe"),
            ("user", MailLinks.QueryValue(link, "user")), ("Code", MailLinks.QueryValue(link, "code")));
        Assert.Contains("Votre mot de passe a été changé", WebUtility.HtmlDecode(await reset.Content.ReadAsStringAsync()));

        using var fresh = f.App.NewClient();
        await fresh.SignInAsync(email, "un nouveau mot de passe");
        await Assert.ThrowsAsync<InvalidOperationException>(() => f.App.NewClient().SignInAsync(email, DemoData.Password));

        // The same reset link cannot be used twice.
        var replay = await client.SubmitAsync(link, ("Password", "encore un autre mot"), ("ConfirmPassword", "encore un autre mot"),
            ("user", MailLinks.QueryValue(link, "user")), ("Code", MailLinks.QueryValue(link, "code")));
        Assert.Contains("Ce lien n'est plus valable", WebUtility.HtmlDecode(await replay.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Too_short_and_mismatched_passwords_are_explained()
    {
        using var client = f.App.NewClient("en");
        await client.SubmitAsync("/account/forgot-password", ("Email", "ai@demo.casehub.test"));
        var link = MailLinks.Find((await f.Smtp.WaitForAsync(m => m.To == "ai@demo.casehub.test" && m.Text.Contains("/account/reset-password"))).Single(), "/account/reset-password");
        var fields = new[] { ("user", MailLinks.QueryValue(link, "user")), ("Code", MailLinks.QueryValue(link, "code")) };
        var tooShort = await client.SubmitAsync(link, [.. fields, ("Password", "short"), ("ConfirmPassword", "short")]);
        Assert.Contains("at least 10 characters", await tooShort.Content.ReadAsStringAsync());
        var mismatch = await client.SubmitAsync(link, [.. fields, ("Password", "long enough one"), ("ConfirmPassword", "long enough two")]);
        Assert.Contains("The two passwords do not match.", await mismatch.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail()
    {
        using var client = f.App.NewClient("en");
        var response = await client.SubmitAsync("/account/forgot-password", ("Email", "ghost@demo.casehub.test"));
        Assert.Contains("If an account exists for this address", await response.Content.ReadAsStringAsync());
        await Task.Delay(500);
        Assert.Empty(f.Smtp.MessagesTo("ghost@demo.casehub.test"));
    }
}
