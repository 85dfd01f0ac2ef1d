using CaseHub.Core.Common;
using Microsoft.Data.Sqlite;

namespace CaseHub.Core.Releases;

/// <summary>
/// Backup and restore of the embedded SQLite database. A backup is taken with SQLite's online backup API in one
/// step: a consistent snapshot of what was committed when it began, while the app keeps reading and writing (WAL).
/// A restore checks the file completely before it writes anything into the (empty) data folder.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Copies the database of <paramref name="connectionString"/> into the new file <paramref name="target"/>.</summary>
    public static BackupResult Backup(string connectionString, string target)
    {
        var source = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(source.DataSource) || !File.Exists(source.DataSource))
            throw new StartupException($"There is no database at {source.DataSource}. Check the setting Database:ConnectionString.");
        target = Path.GetFullPath(target);
        if (File.Exists(target) || Directory.Exists(target))
            throw new StartupException($"{target} already exists. Give a new file name: a backup never overwrites a file.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        var partial = target + ".partial";
        File.Delete(partial);
        try
        {
            source.Mode = SqliteOpenMode.ReadWrite; // never creates an empty database by mistake
            source.Pooling = false;
            using (var from = new SqliteConnection(source.ToString()))
            using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                from.Open();
                Execute(from, "PRAGMA busy_timeout=30000;"); // waits for a writer's checkpoint instead of failing
                to.Open();
                from.BackupDatabase(to);
                // One self-contained file: no -wal/-shm companions to forget.
                Execute(to, "PRAGMA journal_mode=DELETE;");
                var check = Scalar(to, "PRAGMA quick_check;");
                if (check != "ok") throw new StartupException($"The backup copy failed its check ({check}); nothing was kept.");
            }
            File.Move(partial, target);
            return new BackupResult(target, new FileInfo(target).Length);
        }
        catch (SqliteException ex)
        {
            throw new StartupException($"CaseHub could not back up {source.DataSource}: {ex.Message}", ex);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Puts <paramref name="backup"/> in place of the database of <paramref name="connectionString"/>, whose folder
    /// must be empty or absent. Refuses a file that is not a sound CaseHub database or that a newer version migrated
    /// (its migrations are not all in <paramref name="knownMigrations"/>), without touching the data folder.
    /// </summary>
    public static RestoreResult Restore(string backup, string connectionString, IReadOnlyCollection<string> knownMigrations)
    {
        backup = Path.GetFullPath(backup);
        if (!File.Exists(backup)) throw new StartupException($"There is no backup file at {backup}.");
        var target = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(target) || target == ":memory:")
            throw new StartupException("Database:ConnectionString names no database file to restore into.");
        target = Path.GetFullPath(target);
        var folder = Path.GetDirectoryName(target)!;
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new StartupException($"The data folder {folder} is not empty. Restore into an empty folder (move the current one aside first); nothing was changed.");

        // Check a private copy, so neither the backup nor the data folder is touched by opening it.
        var scratch = Path.Combine(Path.GetTempPath(), $"casehub-restore-{Guid.NewGuid():N}.db");
        try
        {
            File.Copy(backup, scratch);
            var inspected = Inspect(scratch, backup, knownMigrations);
            Directory.CreateDirectory(folder);
            var partial = target + ".partial";
            File.Copy(scratch, partial);
            File.Move(partial, target);
            return inspected;
        }
        finally
        {
            foreach (var f in new[] { scratch, scratch + "-wal", scratch + "-shm", scratch + "-journal" }) File.Delete(f);
        }
    }

    private static RestoreResult Inspect(string copy, string backup, IReadOnlyCollection<string> knownMigrations)
    {
        try
        {
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
            db.Open();
            var check = Scalar(db, "PRAGMA integrity_check;");
            if (check != "ok") throw new StartupException($"{backup} is damaged ({check}); nothing was restored.");
            if (Scalar(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='__EFMigrationsHistory';") != "1")
                throw new StartupException($"{backup} is not a CaseHub database (no migration history); nothing was restored.");
            var applied = new List<string>();
            using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId;";
                using var reader = cmd.ExecuteReader();
                while (reader.Read()) applied.Add(reader.GetString(0));
            }
            var unknown = applied.Where(m => !knownMigrations.Contains(m)).ToList();
            var version = Scalar(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='InstalledVersions';") == "1"
                ? Scalar(db, "SELECT Version FROM InstalledVersions ORDER BY StartedAt DESC LIMIT 1;") : null;
            if (unknown.Count > 0)
                throw new StartupException($"{backup} was made by CaseHub {version ?? "(a newer version)"}; this is CaseHub {AppVersion.Current}, " +
                    $"which does not know its migrations {string.Join(", ", unknown)}. Restore it with CaseHub {version ?? "of that version"} or later; nothing was restored.");
            return new RestoreResult(backup, version, applied.LastOrDefault());
        }
        catch (SqliteException ex)
        {
            throw new StartupException($"{backup} is not a readable SQLite database ({ex.Message}); nothing was restored.", ex);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar()?.ToString();
    }
}

public sealed record BackupResult(string File, long Bytes);

public sealed record RestoreResult(string File, string? MadeByVersion, string? LastMigration);
