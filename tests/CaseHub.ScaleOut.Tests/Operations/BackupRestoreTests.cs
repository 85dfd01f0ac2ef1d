using System.Diagnostics;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.ScaleOut.Tests.Operations;

/// <summary>
/// Backups are taken while people work: a chair records decisions in a live room and partners book a discovery day
/// while the backup runs. The restored copy starts and holds everything committed before the backup began.
/// SQLite through `--backup`/`--restore`; PostgreSQL through the pg_dump/pg_restore commands of docs/operations.md.
/// </summary>
public class BackupRestoreTests
{
    private static Dictionary<string, string?> Busy(Dictionary<string, string?> settings)
    {
        // The load below sends commands faster than a person would; the per-connection limit is not what is tested.
        settings["Rooms:CommandBurst"] = "10000";
        settings["Rooms:CommandsPerFiveSeconds"] = "10000";
        return settings;
    }

    [Fact]
    public async Task A_sqlite_backup_taken_during_a_meeting_and_a_booking_rush_restores_everything_committed_before_it()
    {
        var dir = RepoPaths.NewTempDir("backup-src");
        var db = Path.Combine(dir, "casehub.db");
        var backup = Path.Combine(RepoPaths.NewTempDir("backup-file"), "casehub-backup.db");
        var restoredDir = Path.Combine(RepoPaths.NewTempDir("backup-dst"), "data");
        Snapshot before;
        await using (var app = new CaseHubFactory(dataDirectory: dir, demo: true,
                         settings: Busy(new() { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = Cli.Sqlite(db) })))
        {
            await using var load = await Load.StartAsync(app);
            await load.UntilSomeWorkIsDoneAsync();
            before = await Snapshot.TakeAsync(app);
            var run = await Cli.RunAsync(new Dictionary<string, string>(), "--backup", backup, $"--Database:ConnectionString={Cli.Sqlite(db)}");
            Assert.True(run.Exit == 0, run.Output);
            Assert.Contains("Backup written to", run.Output);
            await load.StopAsync(); // the load ran during the whole backup
            Assert.True(load.DecisionsDuringBackup > 0 || load.BookingsDuringBackup > 0, "nothing happened while the backup ran");
        }

        var refused = await Cli.RunAsync(new Dictionary<string, string>(), "--backup", backup, $"--Database:ConnectionString={Cli.Sqlite(db)}");
        Assert.NotEqual(0, refused.Exit); // never overwrites
        Assert.Contains("already exists", refused.Output);

        var restore = await Cli.RunAsync(new Dictionary<string, string>(), "--restore", backup,
            $"--Database:ConnectionString={Cli.Sqlite(Path.Combine(restoredDir, "casehub.db"))}");
        Assert.True(restore.Exit == 0, restore.Output);
        SqliteConnection.ClearAllPools();

        await using var restored = new CaseHubFactory(dataDirectory: restoredDir, settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = Cli.Sqlite(Path.Combine(restoredDir, "casehub.db")),
        });
        await (await Snapshot.TakeAsync(restored)).AssertHoldsAsync(before, restored);
    }

    [Fact]
    public async Task A_restore_refuses_a_damaged_file_a_newer_file_and_a_folder_in_use_without_touching_anything()
    {
        var target = Path.Combine(RepoPaths.NewTempDir("restore"), "data");
        var settings = new Dictionary<string, string>();
        static string Into(string folder) => $"--Database:ConnectionString={Cli.Sqlite(Path.Combine(folder, "casehub.db"))}";

        var damaged = Path.Combine(RepoPaths.NewTempDir("damaged"), "casehub.db");
        await File.WriteAllBytesAsync(damaged, [.. "SQLite format 3\0"u8, .. new byte[4096]]);
        var run = await Cli.RunAsync(settings, "--restore", damaged, Into(target));
        Assert.NotEqual(0, run.Exit);
        Assert.Contains("nothing was restored", run.Output);
        run.AssertNoStackTrace();
        Assert.False(Directory.Exists(target));

        var newer = Path.Combine(RepoPaths.NewTempDir("newer"), "casehub.db");
        await using (var connection = new SqliteConnection(Cli.Sqlite(newer) + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE __EFMigrationsHistory (MigrationId TEXT PRIMARY KEY, ProductVersion TEXT);" +
                "INSERT INTO __EFMigrationsHistory VALUES ('29990101000000_FromTheFuture', '10.0.13');" +
                "CREATE TABLE InstalledVersions (Id TEXT, Version TEXT, LastMigration TEXT, StartedAt INTEGER);" +
                "INSERT INTO InstalledVersions VALUES ('x', '9.9.9', '29990101000000_FromTheFuture', 1);";
            await cmd.ExecuteNonQueryAsync();
        }
        run = await Cli.RunAsync(settings, "--restore", newer, Into(target));
        Assert.NotEqual(0, run.Exit);
        Assert.Contains("made by CaseHub 9.9.9", run.Output);
        Assert.False(Directory.Exists(target));

        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "notes.txt"), "someone's file");
        run = await Cli.RunAsync(settings, "--restore", newer, Into(target));
        Assert.NotEqual(0, run.Exit);
        Assert.Contains("is not empty", run.Output);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_postgres_dump_taken_during_a_meeting_and_a_booking_rush_restores_everything_committed_before_it()
    {
        var server = Environment.GetEnvironmentVariable("CASEHUB_TEST_PG") ?? "Host=127.0.0.1;Port=55432;Username=casehub;Password=casehub";
        var source = "casehub_bk_" + Guid.NewGuid().ToString("N")[..12];
        var copy = "casehub_rs_" + Guid.NewGuid().ToString("N")[..12];
        string Connection(string database) => $"{server};Database={database};Maximum Pool Size=40";
        var dump = Path.Combine(RepoPaths.NewTempDir("pg-dump"), "casehub.dump");
        Snapshot before;
        var settings = Busy(new() { ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = Connection(source) });
        await using (var app = new CaseHubFactory(demo: true, settings: settings))
        {
            await using var load = await Load.StartAsync(app);
            await load.UntilSomeWorkIsDoneAsync();
            before = await Snapshot.TakeAsync(app);
            // docs/operations.md: pg_dump --format=custom (a consistent snapshot while the nodes keep writing).
            await PgAsync("pg_dump", "--format=custom", "--no-owner", $"--file={dump}", Libpq(server, source));
            await load.StopAsync();
            Assert.True(load.DecisionsDuringBackup > 0 || load.BookingsDuringBackup > 0, "nothing happened while the dump ran");
        }
        await PgAsync("createdb", $"--maintenance-db={Libpq(server, "postgres")}", copy);
        await PgAsync("pg_restore", "--no-owner", $"--dbname={Libpq(server, copy)}", dump);

        await using var restored = new CaseHubFactory(settings: new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = Connection(copy) });
        await (await Snapshot.TakeAsync(restored)).AssertHoldsAsync(before, restored);
    }

    /// <summary>A libpq connection URI for the PostgreSQL tools, from the tests' Npgsql server string.</summary>
    private static string Libpq(string npgsql, string database)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(npgsql);
        return $"postgresql://{b.Username}:{b.Password}@{b.Host}:{b.Port}/{database}";
    }

    private static async Task PgAsync(string tool, params string[] args)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Order().Last();
        var info = new ProcessStartInfo(Path.Combine(bin, "bin", tool)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await errors}{await output}");
    }

    /// <summary>What a backup must keep: the decisions and bookings committed at one moment.</summary>
    private sealed record Snapshot(HashSet<Guid> Decisions, HashSet<Guid> Bookings, Guid RoomId, Guid DayId)
    {
        public static Task<Snapshot> TakeAsync(CaseHubFactory app) => app.WithDbAsync(async db =>
        {
            var room = await db.Rooms.AsNoTracking().Where(r => r.Title == Load.RoomTitle).Select(r => r.Id).SingleAsync();
            var day = await db.DiscoveryDays.AsNoTracking().Where(d => d.Title == Load.DayTitle).Select(d => d.Id).SingleAsync();
            return new Snapshot(
                (await db.Decisions.AsNoTracking().Where(d => d.RoomId == room).Select(d => d.Id).ToListAsync()).ToHashSet(),
                (await db.DiscoveryBookings.AsNoTracking().Where(b => b.DayId == day).Select(b => b.Id).ToListAsync()).ToHashSet(),
                room, day);
        });

        public async Task AssertHoldsAsync(Snapshot before, CaseHubFactory restored)
        {
            Assert.Equal(before.RoomId, RoomId);
            Assert.NotEmpty(before.Decisions);
            Assert.NotEmpty(before.Bookings);
            Assert.Empty(before.Decisions.Except(Decisions));
            Assert.Empty(before.Bookings.Except(Bookings));
            // The restored installation works: its people sign in and the room answers them.
            using var chair = restored.NewClient();
            await chair.SignInAsync(Load.Chair, Core.Demo.DemoData.Password);
            using var page = await chair.GetAsync($"/meetings/{RoomId}");
            Assert.True(page.IsSuccessStatusCode || (int)page.StatusCode == 302, $"/meetings/{RoomId}: {page.StatusCode}");
            await using var client = await RoomClient.ConnectAsync(restored, Load.Chair);
            var snapshot = await client.JoinAsync(RoomId);
            Assert.True(snapshot.GetProperty("decisions").GetArrayLength() >= before.Decisions.Count);
        }
    }

    /// <summary>A chair recording decisions in a live room and partners booking a day, until stopped.</summary>
    private sealed class Load : IAsyncDisposable
    {
        public const string Chair = "facilitator@demo.casehub.test";
        public const string RoomTitle = "Réunion pendant la sauvegarde";
        public const string DayTitle = "Journée découverte pendant la sauvegarde";
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _workers = [];
        private int _decisions, _bookings, _decisionsAtMark = -1, _bookingsAtMark = -1;
        private RoomClient _chair = null!;

        public int DecisionsDuringBackup => _decisions - _decisionsAtMark;
        public int BookingsDuringBackup => _bookings - _bookingsAtMark;

        public static async Task<Load> StartAsync(CaseHubFactory app)
        {
            _ = app.BaseAddress; // started before its services are used
            var load = new Load();
            Guid room = default, day = default;
            await app.WithScopeAsync(async sp =>
            {
                var users = sp.GetRequiredService<CaseHubDbContext>().Users;
                var chairId = await users.Where(u => u.Email == Chair).Select(u => u.Id).SingleAsync();
                var asId = await users.Where(u => u.Email == "as@demo.casehub.test").Select(u => u.Id).SingleAsync();
                var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
                var created = await sp.GetRequiredService<RoomService>().CreateAsync(new RoomSpec(RoomTitle, NetworkMeetingProtocol.Key,
                    now, now.AddHours(2), "Salle du conseil", null, null, [new(asId, RoomRole.Participant)]), chairId);
                await sp.GetRequiredService<CaseHubDbContext>().SaveChangesAsync();
                var date = CalendarTime.LocalDate(now).AddDays(20);
                room = created.Id;
                day = (await sp.GetRequiredService<DiscoveryDayService>().CreateAsync(DiscoverySample.Input(date, 15, DayTitle), null)).Id;
            });
            load._chair = await RoomClient.ConnectAsync(app, Chair);
            await load._chair.JoinAsync(room);
            Assert.True(await load._chair.Connection.InvokeAsync<bool>("Start", room));
            load._workers.Add(Task.Run(async () =>
            {
                for (var n = 0; !load._stop.IsCancellationRequested; n++)
                {
                    if (await load._chair.Connection.InvokeAsync<bool>("AddDecision", room, Guid.CreateVersion7(), $"Décision {n}"))
                        Interlocked.Increment(ref load._decisions);
                    await Task.Delay(20);
                }
            }));
            load._workers.Add(Task.Run(async () =>
            {
                for (var n = 0; !load._stop.IsCancellationRequested; n++)
                {
                    using var partner = app.NewClient();
                    var form = await BookingForm.OpenAsync(partner, day);
                    using var response = await form.PostAsync(partner, day, $"partenaire{n}@asbl-exemple.be", $"Partenaire {n}");
                    if (BookingForm.Outcome(await BookingForm.ReadHtmlAsync(response)) is "confirmed" or "waitlisted")
                        Interlocked.Increment(ref load._bookings);
                }
            }));
            return load;
        }

        /// <summary>Waits for a few decisions and bookings, then marks where the backup starts.</summary>
        public async Task UntilSomeWorkIsDoneAsync()
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((Volatile.Read(ref _decisions) < 5 || Volatile.Read(ref _bookings) < 3) && DateTime.UtcNow < deadline)
            {
                if (_workers.FirstOrDefault(w => w.IsFaulted) is { } failed) await failed;
                await Task.Delay(50);
            }
            _decisionsAtMark = Volatile.Read(ref _decisions);
            _bookingsAtMark = Volatile.Read(ref _bookings);
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_workers);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
            try { await Task.WhenAll(_workers); } catch (Exception) when (_stop.IsCancellationRequested) { /* already reported by StopAsync */ }
            await _chair.DisposeAsync();
        }
    }
}
