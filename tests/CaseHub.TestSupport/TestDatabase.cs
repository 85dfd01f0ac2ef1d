namespace CaseHub.TestSupport;

/// <summary>
/// Which real database the tests use. SQLite files by default; with CASEHUB_TEST_DB=Postgres (and
/// CASEHUB_TEST_PG, a server connection string) each app gets its own fresh PostgreSQL database.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgres => Environment.GetEnvironmentVariable("CASEHUB_TEST_DB") == "Postgres";

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("CASEHUB_TEST_PG") ?? "Host=127.0.0.1;Port=5432;Username=casehub;Password=casehub";

    public static void Configure(IDictionary<string, string?> settings, string dataDirectory)
    {
        if (!IsPostgres) return;
        // One database per data directory, so a "restart" (new factory, same directory) finds its data again.
        var name = "casehub_t_" + Math.Abs(StringComparer.Ordinal.GetHashCode(dataDirectory)).ToString() + "_" + Path.GetFileName(dataDirectory).Replace("-", "_")[^8..];
        settings["Database:Provider"] = "Postgres";
        settings["Database:ConnectionString"] = $"{PostgresServer};Database={name};Include Error Detail=true";
    }
}
