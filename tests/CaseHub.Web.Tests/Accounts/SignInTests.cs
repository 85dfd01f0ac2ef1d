using System.Net;
using CaseHub.Core.Accounts;
using CaseHub.Core.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Accounts;

public class SignInTests(AppFixture f) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Each_demo_role_signs_in_and_sees_its_dashboard()
    {
        foreach (var demo in DemoData.Users)
        {
            using var client = f.App.NewClient();
            await client.SignInAsync(demo.Email, DemoData.Password);
            var home = await client.GetStringAsync("/");
            Assert.Contains(demo.Name, home);
            Assert.Contains(demo.Roles.Contains(Roles.Administrator) ? "/admin/users" : "/account/profile", home);
        }
    }

    [Theory]
    [InlineData("fr", "Adresse e-mail ou mot de passe incorrect.")]
    [InlineData("nl", "Onjuist e-mailadres of wachtwoord.")]
    [InlineData("en", "Incorrect e-mail address or password.")]
    public async Task A_wrong_password_gets_a_localized_message_that_does_not_say_which_part_was_wrong(string lang, string message)
    {
        using var client = f.App.NewClient(lang);
        var known = await client.SubmitAsync("/account/sign-in", ("Email", "as@demo.casehub.test"), ("Password", "wrong-password-1"));
        var unknown = await client.SubmitAsync("/account/sign-in", ("Email", "nobody@demo.casehub.test"), ("Password", "wrong-password-1"));
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Contains(message, System.Net.WebUtility.HtmlDecode(await known.Content.ReadAsStringAsync()));
        Assert.Contains(message, System.Net.WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_password()
    {
        var email = "lockme@demo.casehub.test";
        await f.App.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var u = new AppUser { UserName = email, Email = email, DisplayName = "Lock Test", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(u, "right-password-1")).Succeeded);
        });
        using var client = f.App.NewClient("en");
        for (var i = 0; i < 5; i++)
            await client.SubmitAsync("/account/sign-in", ("Email", email), ("Password", "wrong-password-" + i));
        var response = await client.SubmitAsync("/account/sign-in", ("Email", email), ("Password", "right-password-1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked for 15 minutes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Oversized_fields_are_refused_with_a_message_and_no_sign_in()
    {
        using var client = f.App.NewClient("en");
        var response = await client.SubmitAsync("/account/sign-in", ("Email", new string('a', 300) + "@x.be"), ("Password", "x"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("too long", html);
    }

    [Fact]
    public async Task Pages_need_sign_in_and_admin_pages_need_the_administrator_role()
    {
        using var anonymous = f.App.NewClient();
        var r = await anonymous.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/account/sign-in", r.Headers.Location!.PathAndQuery);

        using var worker = f.App.NewClient();
        await worker.SignInAsync("as@demo.casehub.test", DemoData.Password);
        var admin = await worker.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/account/denied", admin.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        using var client = f.App.NewClient();
        await client.SignInAsync("ai@demo.casehub.test", DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/profile")).StatusCode);
        await client.SubmitToAsync("/account/profile", "/account/sign-out");
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/profile")).StatusCode);
    }
}
