using CaseHub.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Audit
{
    /// <summary>
    /// One line of the audit trail: who did what to which record, when. No personal data in it: people are referred to
    /// by id, records by type and id, and <see cref="Details"/> holds only codes and counts. An entry is written in the
    /// same transaction as the change it records; the sealer then chains it (Seq, PreviousHash, Hash) so that any later
    /// edit or deletion breaks the chain and shows in the verification.
    /// </summary>
    public class AuditEntry
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public DateTimeOffset At { get; set; }
        public Guid? ActorId { get; set; }
        public const int ActionMaxLength = 80;
        public string Action { get; set; } = "";
        public const int TargetTypeMaxLength = 60;
        public string TargetType { get; set; } = "";
        public const int TargetIdMaxLength = 100;
        public string? TargetId { get; set; }
        public const int DetailsMaxLength = 1000;
        public string? Details { get; set; }

        /// <summary>Position in the chain; null until sealed (a few seconds after the change).</summary>
        public long? Seq { get; set; }
        public string? PreviousHash { get; set; }
        public string? Hash { get; set; }
    }

    /// <summary>The end of the chain: one row, updated with an optimistic-concurrency check so one node seals at a time.</summary>
    public class AuditChainHead
    {
        public int Id { get; set; } = 1;
        public long LastSeq { get; set; }
        public string LastHash { get; set; } = AuditChain.Genesis;
        public long Version { get; set; }

        /// <summary>Entries up to this one were removed by the retention rule; verification starts after it.</summary>
        public long PrunedThroughSeq { get; set; }
        public string PrunedThroughHash { get; set; } = AuditChain.Genesis;
    }

    internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
    {
        public void Configure(EntityTypeBuilder<AuditEntry> b)
        {
            b.ToTable("AuditEntries");
            b.Property(e => e.Action).HasMaxLength(AuditEntry.ActionMaxLength);
            b.Property(e => e.TargetType).HasMaxLength(AuditEntry.TargetTypeMaxLength);
            b.Property(e => e.TargetId).HasMaxLength(AuditEntry.TargetIdMaxLength);
            b.Property(e => e.Details).HasMaxLength(AuditEntry.DetailsMaxLength);
            b.Property(e => e.PreviousHash).HasMaxLength(64);
            b.Property(e => e.Hash).HasMaxLength(64);
            b.HasIndex(e => e.Seq).IsUnique();
            b.HasIndex(e => e.At);
            b.HasIndex(e => new { e.ActorId, e.At });
            b.HasIndex(e => new { e.TargetType, e.TargetId });
        }
    }

    internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
    {
        public void Configure(EntityTypeBuilder<AuditChainHead> b)
        {
            b.ToTable("AuditChainHead");
            b.Property(h => h.Id).ValueGeneratedNever();
            b.Property(h => h.LastHash).HasMaxLength(64);
            b.Property(h => h.PrunedThroughHash).HasMaxLength(64);
            b.Property(h => h.Version).IsConcurrencyToken();
        }
    }
}

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
        public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();
    }
}
