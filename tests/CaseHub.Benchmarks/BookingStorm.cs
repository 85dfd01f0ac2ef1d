using System.Diagnostics;
using System.Globalization;
using System.Net;
using CaseHub.Core.Calendar;
using CaseHub.Core.DiscoveryDays;
using CaseHub.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Benchmarks;

/// <summary>
/// 500 people post the public booking form at the same moment for 20 seats (each from its own HTTP client with its own
/// antiforgery token, as in ConcurrencyWebTests), against the same 500 "book a seat" transactions done as raw SQL on
/// the same SQLite file (BEGIN IMMEDIATE; count confirmed; insert confirmed or waitlisted; COMMIT).
/// </summary>
public sealed class BookingStorm(BenchApp app) : IDisposable
{
    public const int People = 500;
    public const int Seats = 20;
    private int _round;
    private List<FormClient>? _clients;
    private BookingForm[]? _forms;
    private readonly LockProfiler _profiler = new();

    /// <summary>The answer CaseHub gives when SQLite's busy timeout expired: rolled back, nothing saved, "try again" (DatabaseBusy).</summary>
    public const string BusyAnswer = "HTTP 503";

    /// <param name="Failed">Requests without a booking outcome, other than <paramref name="Busy"/>.</param>
    /// <param name="Busy">Requests answered 503 "database busy, nothing saved, try again".</param>
    /// <param name="LockHeldSeconds">CaseHub only: sum of the time its database transactions were open during the storm.</param>
    public sealed record Outcome(double Seconds, int Confirmed, int Waitlisted, int Failed, int ConfirmedInDb, double LockHeldSeconds = 0, int Transactions = 0, string FailureKinds = "", int Busy = 0);

    public async Task<Outcome> CaseHubAsync()
    {
        var round = ++_round;
        DiscoveryDay? day = null;
        await app.Factory.WithScopeAsync(async sp =>
        {
            var date = CalendarTime.LocalDate(DateTimeOffset.UtcNow).AddDays(20 + round);
            day = await sp.GetRequiredService<DiscoveryDayService>().CreateAsync(Input(date, Seats, $"Journée découverte (benchmark {round})"), null);
        });
        // 500 browser-like clients; each opens the form once (not timed: antiforgery cookie + token). Later rounds post to
        // the new day with the same token and a fresh submission key, as a browser re-posting the form would.
        if (_clients is null)
        {
            _clients = Enumerable.Range(0, People).Select(_ => app.Factory.NewClient()).ToList();
            _forms = new BookingForm[People];
            await Parallel.ForEachAsync(Enumerable.Range(0, People), new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (i, _) => _forms[i] = await BookingForm.OpenAsync(_clients[i], day!.Id));
        }
        var clients = _clients;
        var forms = _forms!;
        using var start = new SemaphoreSlim(0);
        var posts = clients.Select((c, i) => Task.Run(async () =>
        {
            await start.WaitAsync();
            try
            {
                using var response = await forms[i].PostAsync(c, day!.Id, $"person{round:D2}.{i:D3}@partner-bench.test", $"Personne {i:D3}",
                    submissionKey: $"bench-{round}-{i}-{Guid.NewGuid():N}");
                if (response.StatusCode != HttpStatusCode.OK) return "HTTP " + (int)response.StatusCode;
                var html = await BookingForm.ReadHtmlAsync(response);
                return BookingForm.Outcome(html) ?? "no outcome: " + ErrorText(html);
            }
            catch (Exception ex) { return ex.GetType().Name; }
        })).ToList();
        await Task.Delay(200);
        _profiler.Start();
        var sw = Stopwatch.StartNew();
        start.Release(People);
        var results = await Task.WhenAll(posts);
        sw.Stop();
        var (transactions, heldMs, _) = _profiler.Stop();
        var inDb = await app.Factory.WithDbAsync(db => db.DiscoveryBookings.AsNoTracking()
            .CountAsync(b => b.DayId == day!.Id && b.Status == BookingStatus.Confirmed));
        static bool Other(string r) => r is not "confirmed" and not "waitlisted" and not BusyAnswer;
        return new Outcome(sw.Elapsed.TotalSeconds, results.Count(r => r == "confirmed"), results.Count(r => r == "waitlisted"),
            results.Count(Other), inDb, heldMs / 1000, transactions,
            string.Join(", ", results.Where(Other).GroupBy(r => r).Select(g => $"{g.Count()}× {g.Key}")), results.Count(r => r == BusyAnswer));
    }

    private static string ErrorText(string html)
    {
        var m = System.Text.RegularExpressions.Regex.Match(html, "class=\"[^\"]*(?:error|alert)[^\"]*\"[^>]*>\\s*(?:<[^>]+>\\s*)*([^<]{1,160})");
        return m.Success ? m.Groups[1].Value.Trim() : "?";
    }

    public void Dispose()
    {
        foreach (var c in _clients ?? []) c.Dispose();
        _profiler.Dispose();
    }

    public async Task<Outcome> RawAsync()
    {
        var round = ++_round;
        var dbFile = Path.Combine(app.Factory.DataDirectory, "casehub.db");
        var cs = new SqliteConnectionStringBuilder { DataSource = dbFile, DefaultTimeout = 60, Pooling = true }.ToString();
        await using (var setup = new SqliteConnection(cs))
        {
            await setup.OpenAsync();
            await using var cmd = setup.CreateCommand();
            cmd.CommandText = "CREATE TABLE IF NOT EXISTS bench_bookings (id TEXT PRIMARY KEY, day INTEGER NOT NULL, email TEXT NOT NULL, status INTEGER NOT NULL, waitlist INTEGER, created INTEGER NOT NULL);"
                              + "CREATE INDEX IF NOT EXISTS ix_bench_bookings_day ON bench_bookings(day, status);";
            await cmd.ExecuteNonQueryAsync();
        }
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, People).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            try
            {
                await using var c = new SqliteConnection(cs);
                await c.OpenAsync();
                await using (var pragmas = c.CreateCommand())
                {
                    pragmas.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"; // as CaseHub's connections
                    await pragmas.ExecuteNonQueryAsync();
                }
                await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(); // BEGIN IMMEDIATE: one writer at a time
                await using var count = c.CreateCommand();
                count.Transaction = tx;
                count.CommandText = "SELECT COUNT(*) FROM bench_bookings WHERE day = $d AND status = 1";
                count.Parameters.AddWithValue("$d", round);
                var confirmed = Convert.ToInt32(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                var seat = confirmed < Seats;
                await using var insert = c.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO bench_bookings (id, day, email, status, waitlist, created) VALUES ($id, $d, $e, $s, "
                                     + (seat ? "NULL" : "(SELECT COALESCE(MAX(waitlist), 0) + 1 FROM bench_bookings WHERE day = $d)") + ", $t)";
                insert.Parameters.AddWithValue("$id", Guid.CreateVersion7().ToString());
                insert.Parameters.AddWithValue("$d", round);
                insert.Parameters.AddWithValue("$e", $"person{round:D2}.{i:D3}@partner-bench.test");
                insert.Parameters.AddWithValue("$s", seat ? 1 : 2);
                insert.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await insert.ExecuteNonQueryAsync();
                await tx.CommitAsync();
                return seat ? "confirmed" : "waitlisted";
            }
            catch (Exception ex) { return ex.GetType().Name; }
        })).ToList();
        await Task.Delay(200);
        var sw = Stopwatch.StartNew();
        start.Release(People);
        var results = await Task.WhenAll(tasks);
        sw.Stop();
        int inDb;
        await using (var check = new SqliteConnection(cs))
        {
            await check.OpenAsync();
            await using var cmd = check.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM bench_bookings WHERE day = $d AND status = 1";
            cmd.Parameters.AddWithValue("$d", round);
            inDb = Convert.ToInt32(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        return new Outcome(sw.Elapsed.TotalSeconds, results.Count(r => r == "confirmed"), results.Count(r => r == "waitlisted"),
            results.Count(r => r is not "confirmed" and not "waitlisted"), inDb);
    }

    private static DiscoveryDayInput Input(DateOnly date, int capacity, string title) => new()
    {
        Title = title,
        Description = "Découvrir les services du CPAS.",
        ServicesVisited = "Accueil, service social général, ISP",
        Place = "CPAS, salle du conseil",
        Date = date,
        StartTime = new TimeOnly(9, 0),
        EndTime = new TimeOnly(16, 0),
        DeadlineDate = date.AddDays(-1),
        DeadlineTime = new TimeOnly(12, 0),
        Capacity = capacity,
        Audience = DiscoveryAudience.Partners | DiscoveryAudience.Students,
        Languages = ["fr", "nl"],
        WaitlistMode = WaitlistMode.Immediate,
        OfferHours = 24,
        Programme = "09:00 Accueil\n10:00 Visite\n14:00 Échanges",
        ContactName = "Camille Coordination",
        ContactEmail = "coordination@demo.casehub.test",
    };
}
