using System.Diagnostics;
using System.Reflection;
using CaseHub.Core.Mail;
using CaseHub.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.UpgradeFixture;

/// <summary>
/// Makes an upgrade fixture: this version of CaseHub with demo data and a real SMTP server, filled through its pages
/// and its room hub as users would (<see cref="Scenario"/>); then the last actions with the SMTP server down so some
/// mail stays queued; then every check of the manifest is run against it (a check that does not hold on the version
/// that made the fixture would be no test); then the app stops cleanly and the output folder gets the manifest, and
/// for SQLite a single consistent database file (VACUUM INTO: no -wal/-shm). For PostgreSQL (CASEHUB_TEST_DB=Postgres)
/// it writes the database's name to postgres-database.txt; ops/make-upgrade-fixture.sh dumps it with pg_dump.
/// Usage: dotnet run -c Release --project tests/CaseHub.UpgradeFixture -- --output DIR
/// </summary>
public static class FixtureProgram
{
    public static async Task<int> Main(string[] args)
    {
        var output = Arg(args, "--output") ?? throw new ArgumentException("usage: --output <dir>");
        Directory.CreateDirectory(output);
        // WebApplicationFactory finds the app's content root from test-assembly metadata; a console program has none.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CASEHUB_WEB", Path.Combine(RepoPaths.Root, "src", "CaseHub.Web"));
        var clock = Stopwatch.StartNew();
        void Log(string s) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {s}");
        var provider = TestDatabase.IsPostgres ? "Postgres" : "Sqlite";
        Log($"Making an upgrade fixture on {provider} into {output}");

        await using var smtp = await SmtpSink.StartNewAsync();
        var dataDir = RepoPaths.NewTempDir("app");
        var manifest = new UpgradeManifest { Provider = provider, AppVersion = AppVersion() };
        var scenario = new Scenario(smtp, dataDir, manifest, Log);
        try
        {
            await scenario.RunAsync();
            var failures = await scenario.SelfCheckAsync();
            if (failures.Count > 0)
            {
                Console.Error.WriteLine($"{failures.Count} check(s) do not hold on the version making the fixture:");
                foreach (var f in failures) Console.Error.WriteLine("  - " + f);
                return 1;
            }
            await scenario.RecordMailsAndAuditAsync();
            manifest.CreatedAt = DateTimeOffset.UtcNow;
            var connection = scenario.App.Setting("Database:ConnectionString")!;
            await scenario.StopAsync();
            Log("App stopped");

            if (provider == "Sqlite")
            {
                var target = Path.Combine(output, "casehub.db");
                File.Delete(target);
                await using (var db = new SqliteConnection(connection + ";Pooling=False"))
                {
                    await db.OpenAsync();
                    await using var cmd = db.CreateCommand();
                    cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM INTO $target;";
                    cmd.Parameters.AddWithValue("$target", target);
                    await cmd.ExecuteNonQueryAsync();
                }
                await using (var check = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False"))
                {
                    await check.OpenAsync();
                    await using var cmd = check.CreateCommand();
                    cmd.CommandText = "PRAGMA integrity_check";
                    var result = (string?)await cmd.ExecuteScalarAsync();
                    if (result != "ok") throw new InvalidOperationException("integrity_check: " + result);
                }
                Log($"SQLite database written: {target} ({new FileInfo(target).Length / 1024} KiB)");
                // The certificate that encrypts the data-protection keys lives beside the database of a SQLite
                // installation: an installation being upgraded has it, so the fixture does too.
                var keys = Path.Combine(Path.GetDirectoryName(new SqliteConnectionStringBuilder(connection).DataSource)!, "data-protection.pfx");
                if (File.Exists(keys)) File.Copy(keys, Path.Combine(output, "data-protection.pfx"), overwrite: true);
            }
            else
            {
                var name = new Npgsql.NpgsqlConnectionStringBuilder(connection).Database!;
                await File.WriteAllTextAsync(Path.Combine(output, "postgres-database.txt"), name + "\n");
                Log($"PostgreSQL database left for pg_dump: {name}");
            }
            var manifestPath = Path.Combine(output, $"manifest.{provider.ToLowerInvariant()}.json");
            manifest.Save(manifestPath);
            Log($"Manifest written: {manifestPath} ({manifest.Pages.Count} page, {manifest.Hub.Count} hub, {manifest.Notes.Count} notes checks, "
                + $"{manifest.Feeds.Count} feeds, {manifest.Mails.Sent.Count} sent and {manifest.Mails.Queued.Count} queued mails, {manifest.Audit.Entries} audit entries)");
            return 0;
        }
        finally
        {
            await scenario.DisposeAsync();
            if (provider == "Sqlite") try { Directory.Delete(dataDir, true); } catch (IOException) { }
        }
    }

    /// <summary>The version of the CaseHub assemblies (Directory.Build.props), without a source-revision suffix.</summary>
    public static string AppVersion()
    {
        var v = typeof(CaseHub.Core.Data.CaseHubDbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        return v.Split('+')[0];
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for " + what);
            await Task.Delay(100);
        }
    }

    internal static Task<int> PendingMailsAsync(CaseHubFactory app)
        => app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Pending));
}
