using CaseHub.Core.Committees;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<ExerciseCase> ExerciseCases => Set<ExerciseCase>();
        public DbSet<ExerciseCaseAttachment> ExerciseCaseAttachments => Set<ExerciseCaseAttachment>();
        public DbSet<ExerciseCasePiiOverride> ExerciseCasePiiOverrides => Set<ExerciseCasePiiOverride>();
        public DbSet<CommitteeSession> CommitteeSessions => Set<CommitteeSession>();
        public DbSet<CommitteeSessionCase> CommitteeSessionCases => Set<CommitteeSessionCase>();
    }
}

namespace CaseHub.Core.Committees
{
    internal sealed class ExerciseCaseConfiguration : IEntityTypeConfiguration<ExerciseCase>
    {
        public void Configure(EntityTypeBuilder<ExerciseCase> b)
        {
            b.HasKey(x => x.Id);
            b.Property(x => x.Code).HasMaxLength(ExerciseCase.CodeMaxLength);
            b.HasIndex(x => x.Code).IsUnique();
            b.Property(x => x.Title).HasMaxLength(ExerciseCase.TitleMaxLength);
            b.Property(x => x.Household).HasMaxLength(ExerciseCase.HouseholdMaxLength);
            b.Property(x => x.Resources).HasMaxLength(ExerciseCase.ResourcesMaxLength);
            b.Property(x => x.Request).HasMaxLength(ExerciseCase.RequestMaxLength);
            b.Property(x => x.Narrative).HasMaxLength(ExerciseCase.NarrativeMaxLength);
            b.Property(x => x.Revision).IsConcurrencyToken();
            b.HasMany(x => x.Attachments).WithOne().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(x => x.PiiOverrides).WithOne().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class ExerciseCaseAttachmentConfiguration : IEntityTypeConfiguration<ExerciseCaseAttachment>
    {
        public void Configure(EntityTypeBuilder<ExerciseCaseAttachment> b)
        {
            b.HasKey(x => x.Id);
            b.Property(x => x.Title).HasMaxLength(ExerciseCaseAttachment.TitleMaxLength);
            b.Property(x => x.Text).HasMaxLength(ExerciseCaseAttachment.TextMaxLength);
            b.HasIndex(x => new { x.CaseId, x.Order });
        }
    }

    internal sealed class ExerciseCasePiiOverrideConfiguration : IEntityTypeConfiguration<ExerciseCasePiiOverride>
    {
        public void Configure(EntityTypeBuilder<ExerciseCasePiiOverride> b)
        {
            b.HasKey(x => x.Id);
            b.Property(x => x.Field).HasMaxLength(ExerciseCasePiiOverride.FieldMaxLength);
            b.Property(x => x.Masked).HasMaxLength(ExerciseCasePiiOverride.MaskedMaxLength);
            b.Property(x => x.Reason).HasMaxLength(ExerciseCasePiiOverride.ReasonMaxLength);
            b.HasIndex(x => x.CaseId);
        }
    }

    internal sealed class CommitteeSessionConfiguration : IEntityTypeConfiguration<CommitteeSession>
    {
        public void Configure(EntityTypeBuilder<CommitteeSession> b)
        {
            b.HasKey(x => x.Id);
            b.HasIndex(x => x.RoomId).IsUnique();
            b.HasOne<Rooms.Room>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(x => x.Cases).WithOne().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class CommitteeSessionCaseConfiguration : IEntityTypeConfiguration<CommitteeSessionCase>
    {
        public void Configure(EntityTypeBuilder<CommitteeSessionCase> b)
        {
            b.HasKey(x => x.Id);
            b.HasIndex(x => new { x.SessionId, x.Order }).IsUnique();
            b.HasIndex(x => x.VoteId);
            b.HasIndex(x => x.DecidedAt);
            b.HasOne(x => x.Case).WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            b.Property(x => x.ReferenceConditions).HasMaxLength(CommitteeSessionCase.ConditionsMaxLength);
            b.Property(x => x.Rationale).HasMaxLength(CommitteeSessionCase.RationaleMaxLength);
            b.Ignore(x => x.BallotCount);
        }
    }
}
