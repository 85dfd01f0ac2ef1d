using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CaseHub.Core.Data;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CaseHub.Web.Tests.Security;

/// <summary>
/// Malformed, oversized, wrong-type and out-of-range payloads to every POST endpoint and every hub method (from the
/// same catalogue as the matrix), signed in as a user the matrix allows and with a valid antiforgery token so the
/// app's validation is really reached. Nothing may answer 500 (hub: the generic failure), the connection must
/// survive, and no stored row may change. Inputs come from a fixed seed: a failure reproduces.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class FuzzTests(SecurityFixture f, ITestOutputHelper output)
{
    private const int Seed = 20261123;
    private static readonly string Oversized = string.Concat(Enumerable.Repeat("Ж<script>'\"%00", 7000)); // ~100k chars
    private const string WrongType = "\u0000{not-a-value}'\"--";

    /// <summary>Tables that change by design without any request: presence, the audit trail (attempts are logged), mail, keys.</summary>
    private static readonly HashSet<string> Volatile = ["RoomConnection", "AuditEntry", "AuditChainHead", "OutboxMessage", "DataProtectionKey"];

    [Fact]
    public async Task Malformed_posts_never_fail_with_500_and_change_nothing()
    {
        var watch = Stopwatch.StartNew();
        var matrix = AuthorizationMatrix.Read();
        var failures = new List<string>();
        var random = new Random(Seed);
        var posts = f.Catalog.Where(e => e.Kind != EntryKind.Hub && e.IsPost && e.Inputs.Any(i => !i.FromRoute)).ToList();
        Assert.NotEmpty(posts);
        var tested = 0;
        foreach (var entry in posts)
        {
            if (!matrix.TryGetValue(entry.Key, out var row) || row.Flags.Contains("fresh-session")) continue;
            var column = SecurityFixture.Columns.Skip(1).FirstOrDefault(c => row.Expected.GetValueOrDefault(c) == "allow")
                         ?? (row.Expected.GetValueOrDefault(SecurityFixture.Anonymous) == "allow" ? SecurityFixture.Anonymous : null);
            if (column is null) continue;
            tested++;
            var url = entry.Url(row.Values.ToDictionary(v => v.Key, v => f.Values[v.Value]));
            var before = await ChecksumAsync();
            foreach (var (variant, fields) in Payloads(entry, random))
            {
                using var response = await f.Web[column].PostAsync(url, fields, f.Tokens[column]);
                if ((int)response.StatusCode >= 500) failures.Add($"{entry.Key} as {column}, {variant}: {(int)response.StatusCode}");
            }
            // Rows flagged no-input run an action that reads no form field (deactivate a user…): nothing to refuse.
            var changed = Diff(before, await ChecksumAsync());
            if (changed.Count > 0 && !row.Flags.Contains("no-input")) failures.Add($"{entry.Key} as {column}: stored data changed in {string.Join(", ", changed)}");
            // A body that cannot be read as fields amounts to an empty form, which an all-optional form may accept:
            // only "no server error" is asked of these.
            using (var raw = await f.Web[column].Http.PostAsync(url, new StringContent("%%%ZZ&&==&__RequestVerificationToken=" + f.Tokens[column] + "&%E2%82", Encoding.UTF8, "application/x-www-form-urlencoded")))
                if ((int)raw.StatusCode >= 500) failures.Add($"{entry.Key} as {column}, broken form encoding: {(int)raw.StatusCode}");
            using var json = await f.Web[column].Http.PostAsync(url, new StringContent("{\"a\":", Encoding.UTF8, "application/json"));
            if ((int)json.StatusCode >= 500) failures.Add($"{entry.Key} as {column}, truncated JSON body: {(int)json.StatusCode}");
        }
        using var health = await f.Web[SecurityFixture.Anonymous].GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        output.WriteLine($"{tested} POST endpoints fuzzed in {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Oversized values in every field, then wrong types in the non-text ones (text stays oversized so the request is still invalid).</summary>
    private static IEnumerable<(string Variant, List<KeyValuePair<string, string>> Fields)> Payloads(CatalogEntry entry, Random random)
    {
        var inputs = entry.Inputs.Where(i => !i.FromRoute).SelectMany(Fields).ToList();
        yield return ("oversized", inputs.Select(i => KeyValuePair.Create(i.Name, Oversized)).ToList());
        yield return ("wrong types", inputs.Select(i => KeyValuePair.Create(i.Name, i.Type == typeof(string) ? Oversized : WrongType)).ToList());
        yield return ("huge numbers", inputs.Select(i => KeyValuePair.Create(i.Name, i.Type == typeof(string) ? Oversized : "9" + new string('9', 400))).ToList());
        // Collections bound by index: an index far out of range and a duplicated key.
        yield return ("odd keys", inputs.SelectMany(i => new[]
        {
            KeyValuePair.Create($"{i.Name}[{random.Next(100_000, int.MaxValue)}]", Oversized),
            KeyValuePair.Create(i.Name, Oversized), KeyValuePair.Create(i.Name, WrongType),
        }).ToList());
    }

    /// <summary>Form field names of an input: itself, or Name.Property one level down for a bound class.</summary>
    private static IEnumerable<EntryInput> Fields(EntryInput input)
    {
        var t = Nullable.GetUnderlyingType(input.Type) ?? input.Type;
        if (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Guid) || t == typeof(decimal) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(TimeOnly) || t.IsArray || t.IsGenericType)
            return [input with { Type = t }];
        var props = t.GetProperties().Where(p => p.CanWrite).ToList();
        return props.Count == 0 ? [input] : props.Select(p => new EntryInput($"{input.Name}.{p.Name}", Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, false));
    }

    [Fact]
    public async Task Malformed_hub_calls_are_refused_the_connection_survives_and_nothing_changes()
    {
        var watch = Stopwatch.StartNew();
        var matrix = AuthorizationMatrix.Read();
        var failures = new List<string>();
        var random = new Random(Seed);
        // The chair of every seeded room: the most powerful caller, so refusals come from validation, not rights.
        const string column = "Facilitator";
        await using var client = await RoomClient.ConnectAsync(f.App, SecurityFixture.UserColumns[column]);
        var calls = 0;
        foreach (var entry in f.Catalog.Where(e => e.Kind == EntryKind.Hub))
        {
            var values = matrix.TryGetValue(entry.Key, out var row) ? row.Values.ToDictionary(v => v.Key, v => f.Values[v.Value]) : [];
            var before = await ChecksumAsync();
            foreach (var (variant, args) in HubPayloads(entry, values, random))
            {
                calls++;
                var outcome = await AuthorizationMatrixTests.HubOutcomeAsync(client.Connection, entry.HubMethod!.Name, args, f);
                if (outcome == "error" || outcome.StartsWith("error:", StringComparison.Ordinal))
                    failures.Add($"{entry.Key}, {variant}: {outcome}");
                try { await client.Connection.InvokeAsync<DateTimeOffset>("Ping").WaitAsync(TimeSpan.FromSeconds(10)); }
                catch (Exception ex)
                {
                    failures.Add($"{entry.Key}, {variant}: the connection did not survive ({ex.GetType().Name})");
                    Assert.Fail(string.Join("\n", failures));
                }
            }
            var changed = Diff(before, await ChecksumAsync());
            if (changed.Count > 0) failures.Add($"{entry.Key}: stored data changed in {string.Join(", ", changed)}");
        }
        output.WriteLine($"{calls} malformed hub calls in {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Per method: the room id wrong (unknown, wrong type); every other argument malformed at once (oversized text,
    /// extreme numbers, empty ids, huge arrays); text missing (null); each argument in turn of the wrong JSON type.
    /// </summary>
    private static IEnumerable<(string Variant, object?[] Args)> HubPayloads(CatalogEntry entry, Dictionary<string, string> values, Random random)
    {
        var inputs = entry.Inputs;
        bool IsTarget(EntryInput i) => i.Name is "roomId" or "docKey";
        object? Target(EntryInput i) => values.TryGetValue(i.Name, out var v) ? (i.Type == typeof(Guid) ? Guid.Parse(v) : v) : HubArguments.PlainValue(i.Type, random);
        object? Malformed(EntryInput i, int extreme)
        {
            var t = Nullable.GetUnderlyingType(i.Type) ?? i.Type;
            if (t == typeof(string)) return Oversized;
            if (t == typeof(int)) return extreme == 0 ? int.MinValue : int.MaxValue;
            if (t == typeof(Guid)) return Guid.Empty;
            if (t == typeof(bool)) return WrongType;
            if (t == typeof(string[])) return Enumerable.Repeat(new string('x', 100), 1500).ToArray();
            return new Dictionary<string, object?> { ["x"] = Oversized, ["NoAgreement"] = WrongType };
        }
        foreach (var target in inputs.Where(IsTarget))
        {
            yield return ($"{target.Name} unknown", inputs.Select(i => i == target ? (i.Type == typeof(Guid) ? HubArguments.NewGuid(random) : "room:" + HubArguments.NewGuid(random) + ":notes") : Target(i)).ToArray());
            yield return ($"{target.Name} wrong type", inputs.Select(i => i == target ? new[] { 1, 2 } : Target(i)).ToArray());
        }
        var others = inputs.Where(i => !IsTarget(i)).ToList();
        if (others.Count == 0) yield break;
        for (var extreme = 0; extreme < 2; extreme++)
            yield return ($"all malformed ({extreme})", inputs.Select(i => IsTarget(i) ? Target(i) : Malformed(i, extreme)).ToArray());
        if (others.Any(i => i.Type == typeof(string)))
            yield return ("text missing", inputs.Select(i => IsTarget(i) ? Target(i) : i.Type == typeof(string) ? null : Malformed(i, 0)).ToArray());
        foreach (var wrong in others)
            yield return ($"{wrong.Name} wrong type", inputs.Select(i => IsTarget(i) ? Target(i) : i == wrong ? new Dictionary<string, object?> { ["nested"] = new[] { 1 } } : Malformed(i, 1)).ToArray());
    }

    // ---- stored data --------------------------------------------------------------------------------------------

    /// <summary>Row count and an order-independent content hash per table of the EF model.</summary>
    private Task<Dictionary<string, string>> ChecksumAsync() => f.App.WithDbAsync(async db =>
    {
        var tables = db.Model.GetEntityTypes()
            .Where(t => !t.IsOwned() && t.GetTableName() is not null && !Volatile.Contains(t.ClrType.Name))
            .Select(t => t.GetTableName()!).Distinct().Order().ToList();
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync();
        var result = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync()) rows.Add(RowHash(reader));
            rows.Sort(StringComparer.Ordinal);
            result[table] = $"{rows.Count}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(rows))))}";
        }
        return result;
    });

    private static string RowHash(DbDataReader reader)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < reader.FieldCount; i++)
            sb.Append(reader.IsDBNull(i) ? "∅" : reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('\u001f');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static List<string> Diff(Dictionary<string, string> before, Dictionary<string, string> after)
        => before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k)).ToList();
}
