using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CaseHub.TestSupport;

/// <summary>
/// Runs an <see cref="UpgradeManifest"/>'s checks against a running CaseHub through HTTP, the room hub and the notes
/// provider, as its users would, and collects every failure (so one run reports all that broke, not the first).
/// The fixture maker runs it on the database it just filled; the upgrade test runs it after the upgrade.
/// </summary>
public sealed class UpgradeChecker(Uri baseAddress, UpgradeManifest manifest) : IDisposable
{
    private readonly Dictionary<string, FormClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Failures { get; } = [];

    private void Fail(string what) => Failures.Add(what);

    public string? PasswordOf(string email)
        => manifest.Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase))?.Password;

    /// <summary>A signed-in client per user (kept for the whole run), or a fresh anonymous one for null.</summary>
    public async Task<FormClient> ClientAsync(string? email)
    {
        if (email is null) return FormClient.For(baseAddress);
        if (_clients.TryGetValue(email, out var c)) return c;
        var client = FormClient.For(baseAddress);
        await client.SignInAsync(email, PasswordOf(email) ?? throw new InvalidOperationException($"{email} has no password in the manifest"));
        _clients[email] = client;
        return client;
    }

    public async Task RunAllAsync()
    {
        await SignInEveryoneAsync();
        await PagesAsync();
        await HubAsync();
        await NotesAsync();
        await FeedsAsync();
    }

    /// <summary>Every user with a password signs in through the form (a redirect, not the form again).</summary>
    public async Task SignInEveryoneAsync()
    {
        foreach (var user in manifest.Users.Where(u => u.Password is not null))
        {
            try { await ClientAsync(user.Email); }
            catch (InvalidOperationException ex) { Fail($"sign-in {user.Email}: {ex.Message}"); }
        }
    }

    public static string Text(string html) => WebUtility.HtmlDecode(html).Replace('\u202f', ' ').Replace('\u00a0', ' ');

    public async Task PagesAsync()
    {
        foreach (var check in manifest.Pages)
        {
            var who = check.As ?? "anonymous";
            try
            {
                var client = await ClientAsync(check.As);
                using var response = await client.GetAsync(check.Url);
                var body = Text(await response.Content.ReadAsStringAsync());
                if (check.As is null) client.Dispose();
                var label = $"{who} GET {check.Url}{(check.Why is null ? "" : " (" + check.Why + ")")}";
                if ((int)response.StatusCode != check.Status)
                {
                    Fail($"{label}: status {(int)response.StatusCode}, expected {check.Status}");
                    continue;
                }
                if (check.LocationContains is { } location && !(response.Headers.Location?.OriginalString ?? "").Contains(location, StringComparison.Ordinal))
                    Fail($"{label}: redirected to '{response.Headers.Location}', expected '{location}'");
                foreach (var text in check.Contains ?? [])
                    if (!body.Contains(text, StringComparison.Ordinal)) Fail($"{label}: does not show '{text}'");
                foreach (var text in check.NotContains ?? [])
                    if (body.Contains(text, StringComparison.Ordinal)) Fail($"{label}: shows '{text}' it must not");
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                Fail($"{who} GET {check.Url}: {ex.GetType().Name} {ex.Message}");
            }
        }
    }

    public async Task HubAsync()
    {
        foreach (var check in manifest.Hub)
        {
            var label = $"{check.As} hub {check.Method}({check.RoomId}){(check.Why is null ? "" : " (" + check.Why + ")")}";
            try
            {
                await using var client = await RoomClient.ConnectAsync(baseAddress, check.As, PasswordOf(check.As)!);
                var roomId = Guid.Parse(check.RoomId);
                try { await client.JoinAsync(roomId); } catch (HubException) { /* a closed or forbidden room: the method decides */ }
                string reply;
                try
                {
                    reply = (await client.Connection.InvokeAsync<JsonElement>(check.Method, roomId)).GetRawText();
                }
                catch (HubException ex)
                {
                    if (!check.Refused) Fail($"{label}: refused ({ex.Message})");
                    continue;
                }
                if (check.Refused)
                {
                    Fail($"{label}: answered, expected a refusal");
                    continue;
                }
                var text = JsonUnescape(reply);
                foreach (var t in check.Contains ?? [])
                    if (!text.Contains(t, StringComparison.Ordinal)) Fail($"{label}: reply lacks '{t}'");
                foreach (var t in check.NotContains ?? [])
                    if (text.Contains(t, StringComparison.Ordinal)) Fail($"{label}: reply holds '{t}' it must not");
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TimeoutException or IOException)
            {
                Fail($"{label}: {ex.GetType().Name} {ex.Message}");
            }
        }
    }

    /// <summary>The JSON text with its string escapes resolved (accents and quotes as a person reads them).</summary>
    private static string JsonUnescape(string json)
    {
        var sb = new System.Text.StringBuilder(json.Length);
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object: foreach (var p in e.EnumerateObject()) { sb.Append(p.Name).Append(": "); Walk(p.Value); } break;
                case JsonValueKind.Array: foreach (var i in e.EnumerateArray()) Walk(i); break;
                case JsonValueKind.String: sb.Append(e.GetString()).Append('\n'); break;
                default: sb.Append(e.GetRawText()).Append('\n'); break;
            }
        }
        Walk(JsonDocument.Parse(json).RootElement);
        return sb.ToString();
    }

    public async Task NotesAsync()
    {
        foreach (var check in manifest.Notes)
        {
            var label = $"{check.As} notes {check.DocKey}{(check.Why is null ? "" : " (" + check.Why + ")")}";
            try
            {
                if (check.Refused)
                {
                    await using var client = await RoomClient.ConnectAsync(baseAddress, check.As, PasswordOf(check.As)!);
                    try
                    {
                        await client.Connection.InvokeAsync<JsonElement>("NotesOpen", check.DocKey, null);
                        Fail($"{label}: opened, expected a refusal");
                    }
                    catch (HubException) { /* refused, as it must be */ }
                    continue;
                }
                var done = await NotesClient.RunAsync(baseAddress, check.As, check.DocKey, [new { op = "waitSynced" }], readOnly: true, expectFailure: true);
                if ((string?)done["event"] != "done")
                {
                    Fail($"{label}: {done["message"]}");
                    continue;
                }
                var text = (string?)done["text"] ?? "";
                foreach (var t in check.Contains ?? [])
                    if (!text.Contains(t, StringComparison.Ordinal)) Fail($"{label}: text lacks '{t}' (text: {text})");
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TimeoutException or IOException)
            {
                Fail($"{label}: {ex.GetType().Name} {ex.Message}");
            }
        }
    }

    /// <summary>Each feed URL answers a calendar client (no cookie) with the same events, read by ical.js.</summary>
    public async Task FeedsAsync()
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var bodies = new List<(FeedCheck Check, string Ics)>();
        foreach (var feed in manifest.Feeds)
        {
            using var response = await http.GetAsync(feed.Path);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Fail($"feed of {feed.Email}: status {(int)response.StatusCode}");
                continue;
            }
            bodies.Add((feed, await response.Content.ReadAsStringAsync()));
        }
        var parsed = await IcalJs.ParseAsync(bodies.Select(b => b.Ics));
        for (var i = 0; i < bodies.Count; i++)
        {
            var (feed, _) = bodies[i];
            var events = parsed[i].Events.Where(e => e.RecurrenceId is null).ToList();
            foreach (var expected in feed.Events)
            {
                var found = events.FirstOrDefault(e => e.Uid == expected.Uid);
                if (found is null) Fail($"feed of {feed.Email}: event '{expected.Summary}' ({expected.Uid}) is gone");
                else if (found.Summary != expected.Summary) Fail($"feed of {feed.Email}: event {expected.Uid} reads '{found.Summary}', was '{expected.Summary}'");
                else if (expected.Start is { } start && found.Dtstart?.Utc != start) Fail($"feed of {feed.Email}: '{expected.Summary}' starts {found.Dtstart?.Utc}, was {start}");
            }
        }
    }

    public void Dispose()
    {
        foreach (var c in _clients.Values) c.Dispose();
        _clients.Clear();
    }
}
