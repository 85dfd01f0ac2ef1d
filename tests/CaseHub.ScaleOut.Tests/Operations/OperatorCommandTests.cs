using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CaseHub.Core.Releases;
using CaseHub.TestSupport;
using Microsoft.Data.Sqlite;

namespace CaseHub.ScaleOut.Tests.Operations;

/// <summary>
/// The operator's command line on the real built app: version, production check, audit verification with
/// configuration overrides in any position, one-line failures, and the refusal to run on a newer database.
/// </summary>
public class OperatorCommandTests(MadeDatabase made) : IClassFixture<MadeDatabase>
{
    /// <summary>A copy of the database made by this version, in a folder of its own: a test may change or damage it.</summary>
    private Task<string> MadeDatabaseAsync() => made.CopyAsync();

    [Fact]
    public async Task Version_prints_the_release_number()
    {
        var run = await Cli.RunAsync(new Dictionary<string, string>(), "--version");
        Assert.Equal(0, run.Exit);
        Assert.StartsWith($"CaseHub {AppVersion.Current}", run.Output.Trim());
        Assert.Equal("0.1.0".Split('.').Length, AppVersion.Current.Split('.').Length);
    }

    [Fact]
    public async Task Verify_audit_takes_overrides_before_or_after_the_flag_and_a_bad_database_gets_one_line()
    {
        var db = await MadeDatabaseAsync();
        var none = new Dictionary<string, string>();
        foreach (var args in new string[][] { ["--verify-audit", $"--Database:ConnectionString={Cli.Sqlite(db)}"],
                     [$"--Database:ConnectionString={Cli.Sqlite(db)}", "--verify-audit"],
                     ["--Database:ConnectionString", Cli.Sqlite(db), "--verify-audit"] })
        {
            var run = await Cli.RunAsync(none, args);
            Assert.True(run.Exit == 0, $"{string.Join(' ', args)} → {run.Exit}: {run.Output}");
            Assert.Contains("Audit chain intact", run.Output);
        }

        var bad = await Cli.RunAsync(none, "--verify-audit", $"--Database:ConnectionString={Cli.Sqlite("/proc/casehub/nowhere.db")}");
        Assert.NotEqual(0, bad.Exit);
        Assert.Contains("Database:ConnectionString", bad.Output);
        bad.AssertNoStackTrace();

        var postgres = await Cli.RunAsync(none, "--Database:Provider=Postgres", "--verify-audit",
            $"--Database:ConnectionString=Host=127.0.0.1;Port={NodeProcess.FreePort()};Database=x;Username=x;Password=x;Timeout=3");
        Assert.NotEqual(0, postgres.Exit);
        Assert.Contains("CaseHub cannot open its database (Postgres). Check the setting Database:ConnectionString", postgres.Output);
        postgres.AssertNoStackTrace();

        var usage = await Cli.RunAsync(none, "--backup");
        Assert.Equal(64, usage.Exit);
        Assert.Contains("--backup needs a file", usage.Output);
    }

    [Fact]
    public async Task A_database_upgraded_by_a_newer_version_is_refused_naming_both_versions_and_left_unchanged()
    {
        var db = await MadeDatabaseAsync();
        await using (var connection = new SqliteConnection(Cli.Sqlite(db) + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "INSERT INTO __EFMigrationsHistory VALUES ('29990101000000_FromTheFuture', '10.0.13');" +
                $"INSERT INTO InstalledVersions (Id, Version, LastMigration, StartedAt) VALUES ('{Guid.CreateVersion7()}', '9.9.9', '29990101000000_FromTheFuture', 9000000000000000000);";
            await cmd.ExecuteNonQueryAsync();
        }
        var before = await VersionRowsAsync(db);

        var run = await Cli.RunAsync(new Dictionary<string, string> { ["Database:ConnectionString"] = Cli.Sqlite(db), ["App:DemoMode"] = "false" });
        Assert.NotEqual(0, run.Exit);
        Assert.Contains("upgraded by CaseHub 9.9.9", run.Output);
        Assert.Contains($"this is CaseHub {AppVersion.Current}", run.Output);
        Assert.Contains("29990101000000_FromTheFuture", run.Output);
        run.AssertNoStackTrace();
        Assert.Equal(before, await VersionRowsAsync(db));
    }

    private static async Task<string> VersionRowsAsync(string db)
    {
        await using var connection = new SqliteConnection(Cli.Sqlite(db) + ";Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT group_concat(MigrationId) FROM __EFMigrationsHistory; ";
        var migrations = await cmd.ExecuteScalarAsync();
        cmd.CommandText = "SELECT group_concat(Version || '@' || LastMigration) FROM InstalledVersions;";
        return $"{migrations} | {await cmd.ExecuteScalarAsync()}";
    }

    [Fact]
    public async Task Check_lists_what_is_not_ready_and_passes_a_production_configuration()
    {
        var dir = RepoPaths.NewTempDir("check");
        var notReady = await Cli.RunAsync(new Dictionary<string, string>
        {
            ["Database:ConnectionString"] = Cli.Sqlite(Path.Combine(dir, "casehub.db")),
            ["Mail:Transport"] = "Smtp", ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = NodeProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None", ["Mail:Smtp:TimeoutSeconds"] = "3",
        }, "--check");
        Assert.Equal(1, notReady.Exit);
        Assert.Contains("NOT READY  Demo mode is on", notReady.Output);
        Assert.Contains("App:PublicBaseUrl", notReady.Output);
        Assert.Contains("cannot be used", notReady.Output); // the SMTP port nobody listens on
        Assert.Contains("Not ready for production", notReady.Output);
        notReady.AssertNoStackTrace();
        Assert.False(Directory.EnumerateFileSystemEntries(dir).Any(), "--check wrote into the data folder");

        var postgres = await Cli.RunAsync(new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=casehub;Username=casehub;Password=casehub;Timeout=2",
        }, "--check");
        Assert.Equal(1, postgres.Exit);
        Assert.Contains("Data-protection keys are stored unencrypted", postgres.Output);
        Assert.Contains("Default or example secrets in Database:ConnectionString", postgres.Output);
        postgres.AssertNoStackTrace();

        await using var smtp = await SmtpSink.StartNewAsync();
        var (certificate, password) = Certificate(dir);
        var ready = await Cli.RunAsync(new Dictionary<string, string>
        {
            ["App:DemoMode"] = "false", ["App:PublicBaseUrl"] = "https://casehub.cpas-exemple.be",
            ["Database:ConnectionString"] = Cli.Sqlite(Path.Combine(dir, "data", "casehub.db")),
            ["Mail:Transport"] = "Smtp", ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture), ["Mail:Smtp:Security"] = "None",
            ["Mail:FromAddress"] = "casehub@cpas-exemple.be",
            ["DataProtection:CertificatePath"] = certificate, ["DataProtection:CertificatePassword"] = password,
        }, "--check");
        Assert.True(ready.Exit == 0, ready.Output);
        Assert.Contains("Ready for production.", ready.Output);
        Assert.Contains("Keys protected by certificate CN=CaseHub test", ready.Output);
    }

    [Fact]
    public async Task The_first_administrator_of_an_installation_without_demo_data_is_invited_from_the_command_line()
    {
        var db = Path.Combine(RepoPaths.NewTempDir("invite"), "casehub.db");
        var settings = new Dictionary<string, string> { ["Database:ConnectionString"] = Cli.Sqlite(db), ["App:DemoMode"] = "false" };
        var run = await Cli.RunAsync(settings, "--invite-admin", "direction@cpas-exemple.be");
        Assert.True(run.Exit == 0, run.Output);
        Assert.Contains("Invitation for administrator direction@cpas-exemple.be queued", run.Output);

        await using (var connection = new SqliteConnection(Cli.Sqlite(db) + ";Pooling=False;Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT r.Name FROM AspNetUsers u JOIN AspNetUserRoles ur ON ur.UserId = u.Id JOIN AspNetRoles r ON r.Id = ur.RoleId " +
                "WHERE u.Email = 'direction@cpas-exemple.be'";
            Assert.Equal("Administrator", await cmd.ExecuteScalarAsync());
            cmd.CommandText = "SELECT count(*) FROM OutboxMessages WHERE ToAddress = 'direction@cpas-exemple.be' AND Kind = 'Invitation'";
            Assert.Equal(1L, await cmd.ExecuteScalarAsync());
        }

        var again = await Cli.RunAsync(settings, "--invite-admin", "direction@cpas-exemple.be");
        Assert.Equal(1, again.Exit);
        Assert.Contains("An account already exists for this e-mail address.", again.Output);
        again.AssertNoStackTrace();
        var invalid = await Cli.RunAsync(settings, "--invite-admin", "not-an-address");
        Assert.Equal(1, invalid.Exit);
        invalid.AssertNoStackTrace();
    }

    private static (string Path, string Password) Certificate(string dir)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=CaseHub test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var path = Path.Combine(dir, "keys.pfx");
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pfx, password));
        return (path, password);
    }
}

/// <summary>
/// A database made by this version (demo data, a few audit entries), made once for the class: starting the app and
/// seeding the demo takes a while, a file copy does not. Each test gets its own copy, so none sees another's changes.
/// </summary>
public sealed class MadeDatabase : IAsyncLifetime
{
    private string _file = "";

    public async Task InitializeAsync()
    {
        var dir = RepoPaths.NewTempDir("ops-db");
        var settings = new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = Cli.Sqlite(Path.Combine(dir, "casehub.db")) };
        await using (var app = new CaseHubFactory(dataDirectory: dir, demo: true, settings: settings)) _ = app.BaseAddress;
        SqliteConnection.ClearAllPools();
        _file = Path.Combine(dir, "casehub.db");
    }

    /// <summary>A copy through SQLite's backup (the whole database, also what is still in a -wal file).</summary>
    public async Task<string> CopyAsync()
    {
        var copy = Path.Combine(RepoPaths.NewTempDir("ops-db"), "casehub.db");
        await using var source = new SqliteConnection(Cli.Sqlite(_file) + ";Pooling=False");
        await using var target = new SqliteConnection(Cli.Sqlite(copy) + ";Pooling=False");
        await source.OpenAsync();
        await target.OpenAsync();
        source.BackupDatabase(target);
        return copy;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
