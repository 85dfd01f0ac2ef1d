namespace CaseHub.TestSupport;

/// <summary>
/// Which real database the tests use. SQLite files by default; with CASEHUB_TEST_DB=Postgres (and CASEHUB_TEST_PG, a
/// server connection string; ops/test-services.sh starts one) each app gets its own fresh PostgreSQL database, named
/// after its data directory, so a "restart" (a new factory on the same directory) finds its data again.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgres => Environment.GetEnvironmentVariable("CASEHUB_TEST_DB") == "Postgres";

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("CASEHUB_TEST_PG") ?? "Host=127.0.0.1;Port=55432;Username=casehub;Password=casehub";

    public static void Configure(IDictionary<string, string?> settings, string dataDirectory)
    {
        if (!IsPostgres) return;
        // Data directories end in a GUID ("app-<32 hex>"): a valid, unique, short database name.
        var name = "casehub_" + Path.GetFileName(dataDirectory).Replace("-", "_").ToLowerInvariant();
        settings["Database:Provider"] = "Postgres";
        settings["Database:ConnectionString"] = $"{PostgresServer};Database={name};Maximum Pool Size=200;Include Error Detail=true";
    }
}
