using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Mail;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(m => m.ToAddress).HasMaxLength(320);
        b.Property(m => m.Kind).HasMaxLength(50);
        b.Property(m => m.DedupKey).HasMaxLength(200);
        b.Property(m => m.LastError).HasMaxLength(300);
        b.Property(m => m.LockedBy).HasMaxLength(100);
        b.HasIndex(m => m.DedupKey).IsUnique();
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
    }
}
