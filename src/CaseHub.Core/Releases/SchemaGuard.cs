using CaseHub.Core.Common;
using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Releases;

/// <summary>
/// Migrates the database forward only. A database that already has migrations this build does not know was upgraded
/// by a newer CaseHub: starting an older one on it would run old code on a schema it does not understand, so it is
/// refused with both versions named. Each version that starts on the database is recorded (<see cref="InstalledVersion"/>).
/// </summary>
public sealed class SchemaGuard(CaseHubDbContext db, TimeProvider clock)
{
    /// <summary>Migrations applied to the database that this build does not have (empty when it is not newer).</summary>
    public async Task<SchemaState> ReadAsync(CancellationToken ct = default)
    {
        var known = db.Database.GetMigrations().ToList();
        // A PostgreSQL database that does not exist yet is created by the migration: nothing applied.
        if (!await db.Database.CanConnectAsync(ct)) return new SchemaState(known, [], [], null);
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var unknown = applied.Except(known, StringComparer.Ordinal).ToList();
        string? newest = null;
        if (applied.Count > 0)
            newest = await db.InstalledVersions.OrderByDescending(v => v.StartedAt).Select(v => v.Version).FirstOrDefaultAsync(ct);
        return new SchemaState(known, applied, unknown, newest);
    }

    /// <summary>Refuses a newer database, applies pending migrations, records this version.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        var state = await ReadAsync(ct);
        state.ThrowIfNewer();
        await db.Database.MigrateAsync(ct);
        await RecordAsync(ct);
    }

    /// <summary>Adds a history row when this version (or its newest migration) differs from the last one recorded.</summary>
    public async Task RecordAsync(CancellationToken ct = default)
    {
        var last = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault() ?? "";
        var newest = await db.InstalledVersions.OrderByDescending(v => v.StartedAt).FirstOrDefaultAsync(ct);
        if (newest is not null && newest.Version == AppVersion.Current && newest.LastMigration == last) return;
        db.InstalledVersions.Add(new InstalledVersion { Version = AppVersion.Current, LastMigration = last, StartedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }
}

public sealed record SchemaState(IReadOnlyList<string> Known, IReadOnlyList<string> Applied, IReadOnlyList<string> Unknown, string? RecordedVersion)
{
    public bool IsNewer => Unknown.Count > 0;

    public void ThrowIfNewer()
    {
        if (!IsNewer) return;
        throw new StartupException(
            $"This database was upgraded by CaseHub {RecordedVersion ?? "(a newer version)"}; this is CaseHub {AppVersion.Current}, " +
            $"which does not know its migrations {string.Join(", ", Unknown)}. Run CaseHub {RecordedVersion ?? "of that version"} or later, " +
            "or restore a backup made before the upgrade. Nothing was changed.");
    }
}
