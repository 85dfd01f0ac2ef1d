using System.Net;
using CaseHub.TestSupport;
using CaseHub.Web.Tests.Rooms;
using Microsoft.AspNetCore.SignalR;

namespace CaseHub.Web.Tests.Platform;

/// <summary>
/// Input the framework itself refuses before CaseHub's code runs (a value that does not convert, a key that is not a
/// GUID): the person sees a specific message in their language, on the form they sent, and nothing is stored.
/// </summary>
public class MalformedFormInputTests(AppFixture fx) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("fr", "« maybe » n'est pas une valeur valable.")]
    [InlineData("nl", "‘maybe’ is geen geldige waarde.")]
    [InlineData("en", "“maybe” is not a valid value.")]
    public async Task A_checkbox_with_a_value_that_is_not_true_or_false_is_named_on_the_sign_in_form(string lang, string message)
    {
        using var client = fx.App.NewClient(lang);
        using var response = await client.SubmitAsync("/account/sign-in",
            ("Email", "facilitator@demo.casehub.test"), ("Password", Core.Demo.DemoData.Password), ("RememberMe", "maybe"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // not signed in
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, html);
    }

    [Fact]
    public async Task A_form_key_that_is_not_a_guid_gets_a_message_in_the_users_language_and_nothing_is_created()
    {
        using var client = fx.App.NewClient("nl");
        await client.SignInAsync("facilitator@demo.casehub.test", Core.Demo.DemoData.Password);
        var title = "Vergadering sleutel " + Guid.NewGuid().ToString("N")[..6];
        var date = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var response = await client.SubmitAsync("/meetings/new",
            ("Title", title), ("ProtocolKey", "network-meeting"), ("Date", date), ("StartTime", "09:30"), ("EndTime", "11:00"),
            ("Invite[not-a-guid]", "Participant"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Unrecognized Guid format", html);
        Assert.Contains("« not-a-guid » n'est pas une valeur valable.", html); // the account's language (French) wins over the browser's
        Assert.False(await fx.App.WithDbAsync(async db => db.Rooms.Any(r => r.Title == title)));
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("1900-06-15")]
    public async Task A_meeting_date_far_in_the_future_or_past_is_refused_with_the_window_and_nothing_is_created(string date)
    {
        using var client = fx.App.NewClient();
        await client.SignInAsync("facilitator@demo.casehub.test", Core.Demo.DemoData.Password);
        var title = "Réunion date " + Guid.NewGuid().ToString("N")[..6];
        using var response = await client.SubmitAsync("/meetings/new",
            ("Title", title), ("ProtocolKey", "network-meeting"), ("Date", date), ("StartTime", "09:30"), ("EndTime", "11:00"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Contains("Choisissez une date entre le ", html);
        Assert.Contains(today.AddYears(5).Year.ToString(System.Globalization.CultureInfo.InvariantCulture), html);
        Assert.False(await fx.App.WithDbAsync(async db => db.Rooms.Any(r => r.Title == title)));
    }
}

/// <summary>Hub calls whose arguments do not fit, or overflow: the caller's language, the precise reason, no change.</summary>
public class MalformedHubInputTests(RoomFixture f) : IClassFixture<RoomFixture>
{
    [Fact]
    public async Task Adding_an_overflowing_number_of_seconds_gets_the_range_message_and_the_timer_is_unchanged()
    {
        var room = await f.CreateStandardMeetingAsync();
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await chair.JoinAsync(room);
        Assert.True(await chair.Connection.InvokeAsync<bool>("Start", room));
        var before = (await chair.StateAsync(room)).GetProperty("timer").GetProperty("endsAt").GetDateTimeOffset();

        foreach (var seconds in new[] { int.MinValue, int.MaxValue, -7201 })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("AddTime", room, seconds, Guid.NewGuid()));
            Assert.Equal("La valeur doit être comprise entre -60 et 60.", Text(refused));
        }
        Assert.Equal(before, (await chair.StateAsync(room)).GetProperty("timer").GetProperty("endsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Arguments_of_the_wrong_type_or_number_are_refused_in_the_callers_language()
    {
        var room = await f.CreateStandardMeetingAsync();
        await using var chair = await RoomClient.ConnectAsync(f.App, RoomFixture.Chair);
        await chair.JoinAsync(room);

        var wrongType = await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("AddTime", room, "soixante", Guid.NewGuid()));
        Assert.Equal("Les données envoyées pour « AddTime » ne sont pas valables : rechargez la page et réessayez.", Text(wrongType));
        var missing = await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("AddTime", room));
        Assert.Equal(Text(wrongType), Text(missing));
        var notAGuid = await Assert.ThrowsAsync<HubException>(() => chair.Connection.InvokeAsync<bool>("RaiseHand", "not-a-guid"));
        Assert.Contains("« RaiseHand »", notAGuid.Message);

        // The connection is still usable after the refusals.
        Assert.True(await chair.Connection.InvokeAsync<bool>("Start", room));
    }

    /// <summary>What the browser shows of a refusal (room-client.js takes the text after "HubException: ").</summary>
    private static string Text(HubException ex)
    {
        var i = ex.Message.IndexOf("HubException: ", StringComparison.Ordinal);
        Assert.True(i >= 0, ex.Message);
        return ex.Message[(i + "HubException: ".Length)..];
    }
}
