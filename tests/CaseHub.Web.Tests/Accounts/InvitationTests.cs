using System.Net;
using CaseHub.Core.Demo;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Accounts;

public class InvitationTests(AppFixture f) : IClassFixture<AppFixture>
{
    /// <summary>The demo administrator works in French (their profile language wins over the browser's).</summary>
    private async Task<FormClient> AdminAsync(string lang = "en")
    {
        var client = f.App.NewClient(lang);
        await client.SignInAsync("admin@demo.casehub.test", DemoData.Password);
        return client;
    }

    private static (string, string)[] Invite(string email, string name, string lang, params string[] roles)
        => [("Invite.Email", email), ("Invite.DisplayName", name), ("Invite.Language", lang), .. roles.Select(r => ("Invite.Roles", r))];

    [Fact]
    public async Task An_invited_person_sets_a_password_through_the_mail_and_is_signed_in()
    {
        using var admin = await AdminAsync();
        var response = await admin.SubmitToAsync("/admin/users", "/admin/users?handler=Invite", Invite("new.as@demo.casehub.test", "Nina Nouvelle", "nl", "SocialWorker"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var mail = (await f.Smtp.WaitForAsync("new.as@demo.casehub.test")).Single();
        Assert.Equal("Uw toegang tot CaseHub", mail.Subject); // the invitee's language, not the admin's
        var link = MailLinks.Find(mail, "/account/accept-invitation");

        using var invitee = f.App.NewClient("nl");
        Assert.Contains("Nina Nouvelle", await invitee.GetStringAsync(link));
        var accept = await invitee.SubmitAsync(link, ("Password", "een lange zin als wachtwoord"), ("ConfirmPassword", "een lange zin als wachtwoord"));
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        Assert.Contains("Nina Nouvelle", await invitee.GetStringAsync("/"));

        using var again = f.App.NewClient("en");
        Assert.Contains("already been used", await again.GetStringAsync(link));
        await again.SignInAsync("new.as@demo.casehub.test", "een lange zin als wachtwoord");
    }

    [Fact]
    public async Task Inviting_an_existing_address_is_refused_and_creates_nothing()
    {
        using var admin = await AdminAsync();
        var before = await f.App.WithDbAsync(db => db.Users.CountAsync());
        var response = await admin.SubmitToAsync("/admin/users", "/admin/users?handler=Invite", Invite("AS@demo.casehub.test", "Twin", "fr", "SocialWorker"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Un compte existe déjà pour cette adresse e-mail.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(before, await f.App.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Theory]
    [InlineData("not-an-email", "Someone", "SocialWorker", "Cette adresse e-mail n'est pas valable.")]
    [InlineData("ok1@demo.casehub.test", "", "SocialWorker", "Ce champ est obligatoire.")]
    [InlineData("ok2@demo.casehub.test", "Someone", "Pirate", "Ce rôle n'existe pas.")]
    [InlineData("ok3@demo.casehub.test", "Someone", null, "Choisissez au moins un rôle.")]
    public async Task Bad_invitations_get_a_specific_message_and_leave_nothing_behind(string email, string name, string? role, string message)
    {
        using var admin = await AdminAsync();
        var fields = role is null ? Invite(email, name, "fr") : Invite(email, name, "fr", role);
        var response = await admin.SubmitToAsync("/admin/users", "/admin/users?handler=Invite", fields);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.False(await f.App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.Empty(f.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task An_oversized_name_is_refused()
    {
        using var admin = await AdminAsync();
        var response = await admin.SubmitToAsync("/admin/users", "/admin/users?handler=Invite", Invite("long@demo.casehub.test", new string('x', 500), "fr", "SocialWorker"));
        Assert.Contains("trop long", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.False(await f.App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "long@demo.casehub.test")));
    }

    [Fact]
    public async Task Only_administrators_can_invite()
    {
        using var coordinator = f.App.NewClient();
        await coordinator.SignInAsync("coordination@demo.casehub.test", DemoData.Password);
        var token = FormClient.AntiforgeryToken(await coordinator.GetStringAsync("/account/profile"));
        var response = await coordinator.PostAsync("/admin/users?handler=Invite", Invite("sneaky@demo.casehub.test", "Sneaky", "fr", "Administrator").Select(kv => KeyValuePair.Create(kv.Item1, kv.Item2)), token);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await f.App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "sneaky@demo.casehub.test")));
    }
}
