using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CaseHub.Core.Data;

/// <summary>
/// WAL lets readers work while one writer writes; busy_timeout makes a second writer wait instead of failing
/// at once (bookings and votes arrive together). Applied to every SQLite connection as it opens.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection) return;
        using var cmd = connection.CreateCommand();
        // EF opens read-only connections to see whether the file exists: switching a restored backup (journal_mode
        // DELETE) to WAL is a write they may not do; the next read-write connection switches it.
        var readOnly = new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly;
        cmd.CommandText = (readOnly ? "" : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; ") + "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        cmd.ExecuteNonQuery();
    }
}
