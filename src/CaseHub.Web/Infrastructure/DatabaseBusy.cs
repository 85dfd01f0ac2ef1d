using Microsoft.Data.Sqlite;
using Npgsql;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Recognises "the database is too busy right now" (SQLite busy/locked after its timeout, PostgreSQL lock or
/// serialization conflicts, pool exhaustion): the transaction was rolled back, nothing was saved, and the person should
/// simply try again — a 503 with a clear message, not a generic error.
/// </summary>
public static class DatabaseBusy
{
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
                case PostgresException { SqlState: "40001" or "40P01" or "55P03" or "57014" }: // serialization, deadlock, lock timeout, cancelled
                case NpgsqlException { InnerException: TimeoutException }: // no free connection in the pool in time
                    return true;
            }
        }
        return false;
    }
}
