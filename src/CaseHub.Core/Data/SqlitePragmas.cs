using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseHub.Core.Data;

/// <summary>
/// WAL lets readers work while one writer writes; busy_timeout makes a second writer wait instead of failing
/// at once (bookings and votes arrive together). Applied to every SQLite connection as it opens; a read-only
/// connection (EF Core opens one to see whether the file exists) cannot switch the journal mode, so it leaves it to
/// the next read-write one: a database file in rollback-journal mode (a backup made with VACUUM INTO or .backup, a
/// copied file) would otherwise fail to open with "attempt to write a readonly database".
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite) return;
        var readOnly = new SqliteConnectionStringBuilder(sqlite.ConnectionString).Mode == SqliteOpenMode.ReadOnly;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = (readOnly ? "" : "PRAGMA journal_mode=WAL; ") + "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        cmd.ExecuteNonQuery();
    }
}
