namespace CaseHub.TestSupport;

/// <summary>
/// Which real database the tests use. SQLite files by default; with CASEHUB_TEST_DB=Postgres (and CASEHUB_TEST_PG, a
/// server connection string; ops/test-services.sh starts one) each app gets its own fresh PostgreSQL database, named
/// after its data directory, so a "restart" (a new factory on the same directory) finds its data again.
/// </summary>
public static class TestDatabase
{
    /// <summary>Closes the idle connections of a stopped app's database (its pool would otherwise linger).</summary>
    public static void Release(string? connectionString)
    {
        if (!IsPostgres || string.IsNullOrEmpty(connectionString)) return;
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        Npgsql.NpgsqlConnection.ClearPool(connection);
    }

    public static bool IsPostgres => Environment.GetEnvironmentVariable("CASEHUB_TEST_DB") == "Postgres";

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("CASEHUB_TEST_PG") ?? "Host=127.0.0.1;Port=55432;Username=casehub;Password=casehub";

    public static void Configure(IDictionary<string, string?> settings, string dataDirectory)
    {
        if (!IsPostgres) return;
        // Data directories end in a GUID ("app-<32 hex>"): a valid, unique, short database name.
        var name = "casehub_" + Path.GetFileName(dataDirectory).Replace("-", "_").ToLowerInvariant();
        settings["Database:Provider"] = "Postgres";
        // Many apps share one server during a run: small pools that let idle connections go quickly.
        settings["Database:ConnectionString"] = $"{PostgresServer};Database={name};Maximum Pool Size=60;Connection Idle Lifetime=10;Connection Pruning Interval=5;Include Error Detail=true";
    }
}
