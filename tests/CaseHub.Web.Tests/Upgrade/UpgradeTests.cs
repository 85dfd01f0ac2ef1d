using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Core.Mail;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Upgrade;

/// <summary>
/// The current code on every release's upgrade fixture (tests/fixtures/upgrade/&lt;version&gt;/, made by
/// ops/make-upgrade-fixture.sh): a copy of that release's database, the current app started on it (it migrates in
/// place) with a clock running from the instant the fixture was made and a real SMTP server. Then everything the
/// fixture's manifest lists is checked through HTTP, the room hub and the notes provider, as its users would.
/// One app per fixture version for the whole class (SQLite here; PostgreSQL with CASEHUB_TEST_DB=Postgres).
/// </summary>
public class UpgradeTests(UpgradedApps apps) : IClassFixture<UpgradedApps>
{
    public static TheoryData<string> Versions()
    {
        var data = new TheoryData<string>();
        foreach (var version in UpgradedApps.FixtureVersions()) data.Add(version);
        return data;
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task The_database_is_migrated_in_place_and_every_user_signs_in_and_sees_what_they_may_and_nothing_else(string version)
    {
        var u = await apps.GetAsync(version);
        var pending = await u.App.WithDbAsync(db => db.Database.GetPendingMigrationsAsync());
        Assert.Empty(pending);
        Assert.Contains(u.Manifest.Users, x => x.Password is not null);
        using var checker = new UpgradeChecker(u.App.BaseAddress, u.Manifest);
        await checker.SignInEveryoneAsync();
        await checker.PagesAsync();
        await checker.HubAsync();
        await checker.NotesAsync();
        Assert.True(checker.Failures.Count == 0, $"{checker.Failures.Count} check(s) failed after upgrading the {version} fixture:\n" + string.Join("\n", checker.Failures));
        // Every kind of record the fixture made is listed (a maker that lost a step would make this test weaker).
        Assert.Equal(["committee", "conference", "discoveryDay", "immersion", "intervision", "meeting"], u.Manifest.Records.Select(r => r.Kind).Order().ToArray());
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task Each_private_calendar_feed_still_answers_a_calendar_client_with_the_same_events(string version)
    {
        var u = await apps.GetAsync(version);
        Assert.NotEmpty(u.Manifest.Feeds);
        Assert.All(u.Manifest.Feeds, f => Assert.NotEmpty(f.Events));
        using var checker = new UpgradeChecker(u.App.BaseAddress, u.Manifest);
        await checker.FeedsAsync();
        Assert.True(checker.Failures.Count == 0, string.Join("\n", checker.Failures));
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task The_audit_trail_is_kept_whole_and_its_chain_verifies(string version)
    {
        var u = await apps.GetAsync(version);
        Assert.True(await u.App.WithDbAsync(db => db.AuditEntries.CountAsync()) >= u.Manifest.Audit.Entries);
        var verification = await u.App.WithDbAsync(db => AuditChain.VerifyAsync(db));
        Assert.True(verification.Intact, $"broken at {verification.FirstBrokenSeq}: {verification.Problem}");

        using var checker = new UpgradeChecker(u.App.BaseAddress, u.Manifest);
        var admin = await checker.ClientAsync(u.Manifest.Users.First(x => x.Roles.Contains(Core.Accounts.Roles.Administrator) && x.Password is not null).Email);
        using (var verified = await admin.SubmitAsync("/admin/audit", [], "/admin/audit?handler=Verify"))
        {
            var html = await verified.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
            var result = BrowserForm.Parse(html).QuerySelector("#audit-verification");
            Assert.NotNull(result);
            Assert.Contains("success", result.ClassList);
        }
        foreach (var action in u.Manifest.Audit.Actions)
        {
            var page = BrowserForm.Parse(await admin.GetStringAsync("/admin/audit?Action=" + Uri.EscapeDataString(action)));
            Assert.Contains(page.QuerySelectorAll("td"), td => td.TextContent.Trim() == action);
        }
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task Mail_queued_before_the_upgrade_is_sent_exactly_once_and_mail_already_sent_is_never_sent_again(string version)
    {
        var u = await apps.GetAsync(version);
        var mails = u.Manifest.Mails;
        Assert.NotEmpty(mails.Queued);
        Assert.NotEmpty(mails.Sent);
        var queuedIds = mails.Queued.Select(x => x.MessageId).ToHashSet();
        await u.Smtp.WaitForAsync(x => queuedIds.Contains(x.Message.MessageId ?? ""), queuedIds.Count, TimeSpan.FromSeconds(90));
        // The outbox goes idle: nothing left to send (a duplicate would be sent by now).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await u.App.WithDbAsync(db => db.OutboxMessages.AnyAsync(x => x.Status == OutboxStatus.Pending)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the outbox did not go idle");
            await Task.Delay(200);
        }

        var received = u.Smtp.Messages();
        foreach (var q in mails.Queued)
            Assert.True(received.Count(x => x.Message.MessageId == q.MessageId) == 1, $"queued mail '{q.Subject}' to {q.To} arrived {received.Count(x => x.Message.MessageId == q.MessageId)} times");
        foreach (var s in mails.Sent)
        {
            Assert.False(received.Any(x => x.Message.MessageId == s.MessageId), $"already sent mail '{s.Subject}' to {s.To} was sent again");
            Assert.False(received.Any(x => x.To.Equals(s.To, StringComparison.OrdinalIgnoreCase) && x.Subject == s.Subject
                                           && !mails.Queued.Any(q => q.To.Equals(s.To, StringComparison.OrdinalIgnoreCase) && q.Subject == s.Subject)),
                $"a copy of the already sent mail '{s.Subject}' to {s.To} was sent again");
        }
        var rows = await u.App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Select(x => new { x.Id, x.Status }).ToListAsync());
        foreach (var q in mails.Queued) Assert.Equal(OutboxStatus.Sent, rows.Single(r => r.Id == Guid.Parse(q.Id)).Status);
    }
}

/// <summary>The upgraded apps of the class, one per fixture version, started on first use and stopped at the end.</summary>
public sealed class UpgradedApps : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<UpgradedApp>>> _apps = new();

    public static string Root => Path.Combine(RepoPaths.Root, "tests", "fixtures", "upgrade");

    public static string ManifestName => TestDatabase.IsPostgres ? "manifest.postgres.json" : "manifest.sqlite.json";

    /// <summary>Every fixture folder with a manifest for the provider under test, oldest version first.</summary>
    public static IEnumerable<string> FixtureVersions()
        => Directory.Exists(Root)
            ? Directory.GetDirectories(Root).Where(d => File.Exists(Path.Combine(d, ManifestName))).Select(Path.GetFileName)
                .OrderBy(v => Version.TryParse(v!.Split('-')[0], out var parsed) ? parsed : new Version(0, 0)).Select(v => v!)
            : [];

    public Task<UpgradedApp> GetAsync(string version)
        => _apps.GetOrAdd(version, v => new Lazy<Task<UpgradedApp>>(() => UpgradedApp.StartAsync(Path.Combine(Root, v)))).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps.Values.Where(a => a.IsValueCreated))
        {
            try { await (await app.Value).DisposeAsync(); }
            catch (Exception) { /* a start that failed was reported by the test that asked for it */ }
        }
    }
}

public sealed class UpgradedApp : IAsyncDisposable
{
    public required UpgradeManifest Manifest { get; init; }
    public required SmtpSink Smtp { get; init; }
    public required CaseHubFactory App { get; init; }
    public required ShiftedTimeProvider Clock { get; init; }

    /// <summary>Copies the fixture's database for this provider and starts the current code on it.</summary>
    public static async Task<UpgradedApp> StartAsync(string folder)
    {
        var manifest = UpgradeManifest.Load(Path.Combine(folder, UpgradedApps.ManifestName));
        var dataDir = RepoPaths.NewTempDir("app");
        if (TestDatabase.IsPostgres) await LoadPostgresDumpAsync(Path.Combine(folder, "casehub.sql"), dataDir);
        else
        {
            File.Copy(Path.Combine(folder, "casehub.db"), Path.Combine(dataDir, "casehub.db"));
            var keys = Path.Combine(folder, "data-protection.pfx"); // made beside the database from 0.1.0 on
            if (File.Exists(keys)) File.Copy(keys, Path.Combine(dataDir, "data-protection.pfx"));
        }
        var smtp = await SmtpSink.StartNewAsync();
        var clock = new ShiftedTimeProvider(manifest.CreatedAt);
        var app = new CaseHubFactory(smtp, dataDirectory: dataDir, timeProvider: clock);
        _ = app.BaseAddress; // starts the app: migrations run on the fixture's database
        return new UpgradedApp { Manifest = manifest, Smtp = smtp, App = app, Clock = clock };
    }

    /// <summary>A fresh database on the test server, named as the test factory names the data directory's, loaded with psql.</summary>
    private static async Task LoadPostgresDumpAsync(string dump, string dataDir)
    {
        var name = "casehub_" + Path.GetFileName(dataDir).Replace("-", "_").ToLowerInvariant();
        var server = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer);
        await using (var admin = new Npgsql.NpgsqlConnection(TestDatabase.PostgresServer + ";Database=postgres;Pooling=false"))
        {
            await admin.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var psql = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "psql")).Where(File.Exists)
                       .OrderBy(p => p, StringComparer.Ordinal).LastOrDefault() ?? "psql";
        var psi = new ProcessStartInfo(psql) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", server.Host!, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username!, "-d", name, "-q", "-v", "ON_ERROR_STOP=1", "-f", dump })
            psi.ArgumentList.Add(a);
        psi.Environment["PGPASSWORD"] = server.Password ?? "";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"psql could not load {dump}: {await stderr}{await stdout}");
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
