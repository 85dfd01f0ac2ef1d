using CaseHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Releases;

/// <summary>
/// One row each time a CaseHub version first starts on a database (its upgrade history). The newest row names the
/// version that migrated the database last, so an older version can say which one it would be downgrading from.
/// </summary>
public sealed class InstalledVersion
{
    public const int VersionMaxLength = 32;
    public const int MigrationMaxLength = 150;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Version { get; set; } = "";

    /// <summary>The newest migration applied when this version started (the schema it left behind).</summary>
    public string LastMigration { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
}

internal sealed class InstalledVersionConfiguration : IEntityTypeConfiguration<InstalledVersion>
{
    public void Configure(EntityTypeBuilder<InstalledVersion> b)
    {
        b.Property(v => v.Version).HasMaxLength(InstalledVersion.VersionMaxLength);
        b.Property(v => v.LastMigration).HasMaxLength(InstalledVersion.MigrationMaxLength);
        b.HasIndex(v => v.StartedAt);
    }
}
