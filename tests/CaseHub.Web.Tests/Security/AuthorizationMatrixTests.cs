using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using CaseHub.Core.Localization;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CaseHub.Web.Tests.Security;

/// <summary>
/// Every page handler, minimal endpoint and hub method of the running app, called as anonymous, as each role's demo
/// user and as an outsider (every role but Administrator, member of another meeting only), compared with
/// authorization-matrix.md. Cells: allow (2xx, or a redirect elsewhere; hub: returned or refused the input) ·
/// login (redirect to sign-in; hub: connection refused) · deny (403 or redirect to /account/denied) · 404 · a status code.
/// Set CASEHUB_MATRIX_RECORD=1 to rewrite the table from what the app does (then review the diff!).
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class AuthorizationMatrixTests(SecurityFixture f, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_endpoint_and_hub_method_matches_the_authorization_matrix()
    {
        var watch = Stopwatch.StartNew();
        var record = Environment.GetEnvironmentVariable("CASEHUB_MATRIX_RECORD") == "1";
        var matrix = File.Exists(AuthorizationMatrix.FilePath) ? AuthorizationMatrix.Read() : new Dictionary<string, MatrixRow>();
        var problems = new List<string>();
        var recorded = new List<string>();

        var missing = f.Catalog.Where(e => !matrix.ContainsKey(e.Key)).ToList();
        var stale = matrix.Keys.Except(f.Catalog.Select(e => e.Key)).ToList();
        foreach (var key in stale) problems.Add($"Row '{key}' in authorization-matrix.md matches no endpoint or hub method any more: remove it.");

        // HTTP rows first (in table order), then hub rows: a hub row may start or close a meeting. The hub connections
        // open when the first hub row comes: held idle through minutes of HTTP rows on a loaded machine, they were
        // found closed by then (every hub cell failed with "the connection is not active").
        HubClients? hubs = null;
        try
        {
            await CheckRowsAsync();
        }
        finally
        {
            if (hubs is not null) await hubs.DisposeAsync();
        }
        output.WriteLine($"{f.Catalog.Count} rows × {SecurityFixture.Columns.Count} columns in {watch.Elapsed.TotalSeconds:0.0} s");

        if (record)
        {
            AuthorizationMatrix.Write(SecurityFixture.Columns, recorded);
            output.WriteLine("Recorded " + AuthorizationMatrix.FilePath);
            return;
        }
        var message = new StringBuilder();
        foreach (var p in problems) message.AppendLine(p);
        foreach (var e in missing)
            message.AppendLine(CultureInfo.InvariantCulture, $"No row for '{e.Key}' in {AuthorizationMatrix.FilePath}. Add this row (what the app does now — check it is what you want):")
                .AppendLine(recorded.FirstOrDefault(r => r.Contains($"`{e.Key}`", StringComparison.Ordinal)) ?? "(run with CASEHUB_MATRIX_RECORD=1 to get it)");
        Assert.True(message.Length == 0, message.ToString());

        async Task CheckRowsAsync()
        {
            foreach (var entry in f.Catalog)
            {
                var row = matrix.GetValueOrDefault(entry.Key);
                var values = row?.Values ?? Suggest(entry);
                // Signing out ends the session the cell runs in: such rows sign in anew per cell.
                var flags = row?.Flags ?? (entry.IsPost && entry.Route.Replace("-", "").Contains("signout", StringComparison.OrdinalIgnoreCase) ? ["fresh-session"] : []);
                var unresolved = entry.RouteParameters.Concat(entry.Kind == EntryKind.Hub ? entry.Inputs.Where(i => i.Name is "roomId" or "docKey").Select(i => i.Name) : [])
                    .Where(p => values.TryGetValue(p, out var v) && !f.Values.ContainsKey(v)).ToList();
                if (unresolved.Count > 0)
                {
                    problems.Add($"{entry.Key}: route value(s) {string.Join(", ", unresolved.Select(p => $"{p}={values[p]}"))} name no seeded object (known: {string.Join(", ", f.Values.Keys)}).");
                    continue;
                }
                var resolved = values.ToDictionary(v => v.Key, v => f.Values[v.Value], StringComparer.OrdinalIgnoreCase);
                var actual = entry.Kind == EntryKind.Hub
                    ? await CallHubAsync(entry, resolved, hubs ??= await HubClients.ConnectAsync(f))
                    : await CallHttpAsync(entry, resolved, flags.Contains("fresh-session"));
                var valuesText = string.Join(", ", values.Select(v => $"{v.Key}={v.Value}").Concat(flags));
                var cells = SecurityFixture.Columns.Select(c => actual[c]).ToList();
                recorded.Add(AuthorizationMatrix.FormatRow(entry.Key, valuesText, cells));
                foreach (var (column, outcome) in actual)
                    if (outcome is "500" or "error" || outcome.StartsWith("error:", StringComparison.Ordinal))
                        problems.Add($"{entry.Key} as {column}: server error ({outcome})");
                if (row is null) continue;
                foreach (var column in SecurityFixture.Columns)
                {
                    var expected = row.Expected.GetValueOrDefault(column, "?");
                    if (expected != actual[column]) problems.Add($"{entry.Key} as {column}: expected {expected}, got {actual[column]}");
                }
            }
        }
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    private async Task<Dictionary<string, string>> CallHttpAsync(CatalogEntry entry, IReadOnlyDictionary<string, string> values, bool freshSession)
    {
        var url = entry.Url(values);
        // Reading pages: all columns at once. Submissions: one after the other, so two users allowed to advance
        // the same thing do not race (the outcome must not depend on timing).
        using var gate = new SemaphoreSlim(entry.IsPost ? 1 : SecurityFixture.Columns.Count);
        var outcomes = await Task.WhenAll(SecurityFixture.Columns.Select(async column =>
        {
            await gate.WaitAsync();
            try { return await CallOneAsync(column); }
            finally { gate.Release(); }
        }));
        return outcomes.ToDictionary(o => o.column, o => o.Item2);

        async Task<(string column, string)> CallOneAsync(string column)
        {
            FormClient? own = null;
            var (client, token) = (f.Web[column], f.Tokens[column]);
            if (freshSession)
            {
                (own, token) = await f.FreshClientAsync(column);
                client = own;
            }
            try
            {
                using var response = entry.IsPost ? await client.PostAsync(url, [], token) : await client.GetAsync(url);
                return (column, Classify(response));
            }
            finally { own?.Dispose(); }
        }
    }

    public static string Classify(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location?.OriginalString ?? "";
            if (location.Contains("/account/sign-in", StringComparison.OrdinalIgnoreCase)) return "login";
            if (location.Contains("/account/denied", StringComparison.OrdinalIgnoreCase)) return "deny";
            return "allow";
        }
        return status switch
        {
            >= 200 and < 300 => "allow",
            403 => "deny",
            _ => status.ToString(CultureInfo.InvariantCulture),
        };
    }

    // ---- hub --------------------------------------------------------------------------------------------------

    private async Task<Dictionary<string, string>> CallHubAsync(CatalogEntry entry, IReadOnlyDictionary<string, string> values, HubClients hubs)
    {
        var result = new Dictionary<string, string> { [SecurityFixture.Anonymous] = hubs.AnonymousOutcome };
        var args = HubArguments.Plain(entry, values, new Random(12));
        // One column after the other, in a fixed order: a call may change the room (start, close) for the next.
        foreach (var column in SecurityFixture.UserColumns.Keys)
            result[column] = await HubOutcomeAsync(hubs.Clients[column].Connection, entry.HubMethod!.Name, args, f);
        return result;
    }

    public static async Task<string> HubOutcomeAsync(HubConnection connection, string method, object?[] args, SecurityFixture f)
    {
        try
        {
            await connection.InvokeCoreAsync(method, typeof(object), args).WaitAsync(TimeSpan.FromSeconds(20));
            return "allow";
        }
        catch (HubException ex)
        {
            var texts = f.App.Services.GetRequiredService<TextCatalog>();
            bool Is(string key) => Languages.All.Any(l => ex.Message.Contains(texts.Get(key, l), StringComparison.Ordinal));
            if (Is("Error.Text.500")) return "error";
            if (Is("Error.Forbidden")) return "deny";
            if (Is("Error.NotFound")) return "404";
            // Exceptions inside a hub method reach the client as Error.Text.500 (RoomHubFilter). SignalR's own generic
            // "due to an error on the server" would mean arguments that did not bind slipped past ArgumentCheckingHubProtocol.
            return ex.Message.Contains("due to an error on the server", StringComparison.Ordinal) ? "error: unlocalized binding failure" : "invalid";
        }
        catch (Exception ex) when (ex is not HubException)
        {
            return $"error: {ex.GetType().Name} {ex.Message}";
        }
    }

    /// <summary>The object a route parameter most likely refers to (for the suggested row of a new endpoint).</summary>
    private static Dictionary<string, string> Suggest(CatalogEntry e)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var route = e.Route.ToLowerInvariant();
        foreach (var p in e.RouteParameters)
            values[p] = (p.ToLowerInvariant(), route) switch
            {
                ("token", _) => "token",
                ("offerid", _) => "offer",
                ("placementid", _) => "placement",
                ("formid", _) => "feedback-form",
                (_, var r) when r.StartsWith("/meetings", StringComparison.Ordinal) => "meeting",
                (_, var r) when r.StartsWith("/conferences/cases", StringComparison.Ordinal) => "conference-case",
                (_, var r) when r.StartsWith("/conferences", StringComparison.Ordinal) => "conference",
                (_, var r) when r.StartsWith("/committees/cases", StringComparison.Ordinal) => "committee-case",
                (_, var r) when r.StartsWith("/committees", StringComparison.Ordinal) => "committee",
                (_, var r) when r.StartsWith("/intervision/teams", StringComparison.Ordinal) => "intervision-team",
                (_, var r) when r.StartsWith("/intervision", StringComparison.Ordinal) => "intervision-session",
                (_, var r) when r.StartsWith("/immersion", StringComparison.Ordinal) => "campaign",
                (_, var r) when r.Contains("discovery-days") => "discovery-day",
                (_, var r) when r.StartsWith("/admin/users", StringComparison.Ordinal) => "user",
                (_, var r) when r.StartsWith("/calendar/entries", StringComparison.Ordinal) => "calendar-entry",
                _ => "unknown",
            };
        if (e.Kind == EntryKind.Hub)
        {
            var name = e.HubMethod!.Name;
            if (e.Inputs.Any(i => i.Name == "roomId"))
                values["roomId"] = name.StartsWith("Intervision", StringComparison.Ordinal) ? "intervision-room"
                    : name.Contains("Committee", StringComparison.Ordinal) ? "committee-room"
                    : e.HubMethod.DeclaringType == typeof(Web.Hubs.RoomHub) && ConferenceMethods.Contains(name) ? "conference-room"
                    : name == "Close" ? "meeting-b" : "meeting";
            if (e.Inputs.Any(i => i.Name == "docKey")) values["docKey"] = "meeting-notes";
        }
        return values;
    }

    private static readonly HashSet<string> ConferenceMethods = ["ConferenceState", "OpenPositions", "AddPoint", "RemovePoint", "RecordOutcome", "SetActionDeadline"];
}

/// <summary>A hub connection per signed-in column; anonymous cannot connect at all.</summary>
public sealed class HubClients : IAsyncDisposable
{
    public Dictionary<string, RoomClient> Clients { get; } = [];
    public string AnonymousOutcome { get; private set; } = "?";

    public static async Task<HubClients> ConnectAsync(SecurityFixture f)
    {
        var hubs = new HubClients();
        var connected = await Task.WhenAll(SecurityFixture.UserColumns.Select(async c => (c.Key, await RoomClient.ConnectAsync(f.App, c.Value))));
        foreach (var (column, client) in connected) hubs.Clients[column] = client;
        var anonymous = new HubConnectionBuilder().WithUrl(new Uri(f.App.BaseAddress, "/hubs/room")).Build();
        try
        {
            await anonymous.StartAsync();
            hubs.AnonymousOutcome = "allow";
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
        {
            hubs.AnonymousOutcome = "login";
        }
        finally { await anonymous.DisposeAsync(); }
        return hubs;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in Clients.Values) await c.DisposeAsync();
    }
}

/// <summary>Hub call arguments from a method's parameters: plain, harmless values (matrix) or malformed ones (fuzzer).</summary>
public static class HubArguments
{
    public static object?[] Plain(CatalogEntry entry, IReadOnlyDictionary<string, string> values, Random random)
        => entry.Inputs.Select(i => values.TryGetValue(i.Name, out var v) ? Typed(i.Type, v)
            : i.Type == typeof(string) && WellFormed(entry.HubMethod!.Name, i.Name) is (true, var text) ? text
            : PlainValue(i.Type, random)).ToArray();

    /// <summary>
    /// Text arguments the hub parses before the engine checks membership (enums, dates): given well-formed, so the
    /// matrix shows the membership decision rather than a format error.
    /// </summary>
    private static (bool, string?) WellFormed(string method, string parameter) => (method, parameter) switch
    {
        (_, "attendance") => (true, "Present"),
        (_, "status") => (true, "Open"),
        (_, "due") => (true, null),
        (_, "deadline") => (true, "2030-01-15"),
        ("AddPoint", "kind") => (true, EnumName("PointKind")),
        ("SetActionDeadline", "kind") => (true, EnumName("DeadlineKind")),
        _ => (false, null),
    };

    private static string EnumName(string type)
        => Enum.GetNames(typeof(Core.Rooms.Room).Assembly.GetTypes().Single(t => t.IsEnum && t.Name == type))[0];

    private static object Typed(Type type, string value) => type == typeof(Guid) || type == typeof(Guid?) ? Guid.Parse(value) : value;

    public static object? PlainValue(Type type, Random random)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(Guid)) return NewGuid(random);
        if (t == typeof(int)) return 0;
        if (t == typeof(bool)) return false;
        if (t == typeof(string)) return "x";
        if (t == typeof(string[])) return new[] { "oui", "non" };
        if (t == typeof(Guid[])) return new[] { NewGuid(random) };
        if (t.IsEnum) return Enum.GetNames(t)[0];
        return new Dictionary<string, object?>();
    }

    public static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    public static ParameterInfo[] Parameters(MethodInfo m) => m.GetParameters();
}
