using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace CaseHub.TestSupport;

/// <summary>
/// Runs the browser editor's own notes provider (tests/tools/notes-client.mjs: @microsoft/signalr + Yjs in node) against
/// a server (an in-process app or one node of several), signed in as a user through the real sign-in form.
/// </summary>
public static class NotesClient
{
    /// <summary>Runs <paramref name="ops"/> and returns the client's final report; with <paramref name="expectFailure"/>
    /// a failing client returns <c>{"event":"failed","message":…}</c> instead of throwing.</summary>
    public static async Task<JsonObject> RunAsync(Uri server, string email, string docKey, object[] ops, bool readOnly = false, bool expectFailure = false)
    {
        using var web = FormClient.For(server);
        await web.SignInAsync(email, Core.Demo.DemoData.Password);
        var config = new
        {
            hubUrl = new Uri(server, "/hubs/room").ToString(),
            cookie = web.Cookies.GetCookieHeader(server),
            docKey,
            user = new { name = email.Split('@')[0] },
            readOnly,
            timeoutMs = 30_000,
            ops,
        };
        string output;
        try
        {
            output = await NodeProcess.RunAsync("notes-client.mjs", [], JsonSerializer.Serialize(config), TimeSpan.FromSeconds(90));
        }
        catch (InvalidOperationException ex) when (expectFailure)
        {
            return new JsonObject { ["event"] = "failed", ["message"] = ex.Message };
        }
        var done = JsonNode.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!.AsObject();
        Assert.True((string?)done["event"] == "done", output);
        return done;
    }
}
