using CaseHub.Core.Notes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<NoteDocument> NoteDocuments => Set<NoteDocument>();
        public DbSet<NoteUpdate> NoteUpdates => Set<NoteUpdate>();
    }
}

namespace CaseHub.Core.Notes
{
    internal sealed class NoteDocumentConfiguration : IEntityTypeConfiguration<NoteDocument>
    {
        public void Configure(EntityTypeBuilder<NoteDocument> b)
        {
            b.Property(d => d.Key).HasMaxLength(NoteDocument.KeyMaxLength);
            b.HasIndex(d => d.Key).IsUnique();
            // Text is the whole document: no length limit (it stays small: updates are capped and text is compact).
            b.Property(d => d.Version).IsConcurrencyToken();
        }
    }

    internal sealed class NoteUpdateConfiguration : IEntityTypeConfiguration<NoteUpdate>
    {
        public void Configure(EntityTypeBuilder<NoteUpdate> b)
        {
            b.HasOne<NoteDocument>().WithMany().HasForeignKey(u => u.DocumentId).OnDelete(DeleteBehavior.Cascade);
            // Dedup of re-sent updates; also the index the log is read by (leading DocumentId).
            b.HasIndex(u => new { u.DocumentId, u.ClientUpdateId }).IsUnique();
        }
    }
}
