using CaseHub.Core.Accounts;
using CaseHub.Core.Conferences;
using CaseHub.Core.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<ConferenceCase> ConferenceCases => Set<ConferenceCase>();
        public DbSet<CaseMember> CaseMembers => Set<CaseMember>();
        public DbSet<Conference> Conferences => Set<Conference>();
        public DbSet<Position> ConferencePositions => Set<Position>();
        public DbSet<ConferencePoint> ConferencePoints => Set<ConferencePoint>();
        public DbSet<Handover> Handovers => Set<Handover>();
        public DbSet<HandoverMessage> HandoverMessages => Set<HandoverMessage>();
    }
}

namespace CaseHub.Core.Conferences
{
    internal sealed class ConferenceCaseConfiguration : IEntityTypeConfiguration<ConferenceCase>
    {
        public void Configure(EntityTypeBuilder<ConferenceCase> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.Code).HasMaxLength(ConferenceCase.CodeMaxLength);
            b.HasIndex(x => x.Code).IsUnique();
            // The free-text service of 0.1.0 stays in its column: only what matched no service is kept there.
            b.Property(x => x.LegacyService).HasColumnName("Service").HasMaxLength(ConferenceCase.ServiceMaxLength);
            b.HasOne<Service>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
            b.HasIndex(x => x.NextFollowUp);
            b.Property(x => x.Summary).HasMaxLength(ConferenceCase.SummaryMaxLength);
            b.Property(x => x.CurrentOrientation).HasMaxLength(ConferenceCase.OrientationMaxLength);
            b.HasIndex(x => x.FacilitatorId);
            b.HasIndex(x => x.ClosedAt);
            b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.FacilitatorId).OnDelete(DeleteBehavior.Restrict);
            b.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class CaseMemberConfiguration : IEntityTypeConfiguration<CaseMember>
    {
        public void Configure(EntityTypeBuilder<CaseMember> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => new { x.CaseId, x.UserId }).IsUnique();
            b.HasIndex(x => x.UserId);
            b.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            b.Ignore(x => x.IsCpas);
        }
    }

    internal sealed class ConferenceConfiguration : IEntityTypeConfiguration<Conference>
    {
        public void Configure(EntityTypeBuilder<Conference> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => x.CaseId);
            b.HasIndex(x => x.RoomId).IsUnique();
            b.HasOne<ConferenceCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<Room>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.Restrict);
            b.Property(x => x.OrientationKey).HasMaxLength(ConferenceCase.OrientationMaxLength);
            b.Property(x => x.OrientationDetail).HasMaxLength(Conference.TextMaxLength);
            b.Property(x => x.EscalationTarget).HasMaxLength(Conference.EscalationMaxLength);
            b.Property(x => x.Reasons).HasMaxLength(Conference.TextMaxLength);
            b.Property(x => x.AnswerToPerson).HasMaxLength(Conference.TextMaxLength);
        }
    }

    internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
    {
        public void Configure(EntityTypeBuilder<Position> b)
        {
            b.ToTable("ConferencePositions");
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => new { x.ConferenceId, x.AuthorId, x.IsPersonVoice }).IsUnique();
            b.HasOne<Conference>().WithMany().HasForeignKey(x => x.ConferenceId).OnDelete(DeleteBehavior.Cascade);
            b.Property(x => x.Situation).HasMaxLength(Position.TextMaxLength);
            b.Property(x => x.ProposedOrientation).HasMaxLength(Position.TextMaxLength);
            b.Property(x => x.NeedsFromOthers).HasMaxLength(Position.TextMaxLength);
            b.Property(x => x.Concerns).HasMaxLength(Position.TextMaxLength);
        }
    }

    internal sealed class ConferencePointConfiguration : IEntityTypeConfiguration<ConferencePoint>
    {
        public void Configure(EntityTypeBuilder<ConferencePoint> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => x.ConferenceId);
            b.HasOne<Conference>().WithMany().HasForeignKey(x => x.ConferenceId).OnDelete(DeleteBehavior.Cascade);
            b.Property(x => x.Text).HasMaxLength(ConferencePoint.TextMaxLength);
            b.Property(x => x.Views).HasMaxLength(ConferencePoint.TextMaxLength);
        }
    }

    internal sealed class HandoverConfiguration : IEntityTypeConfiguration<Handover>
    {
        public void Configure(EntityTypeBuilder<Handover> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => x.CaseId);
            b.HasOne<ConferenceCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            b.Property(x => x.Note).HasMaxLength(Handover.TextMaxLength);
            b.HasMany(x => x.Messages).WithOne().HasForeignKey(m => m.HandoverId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class HandoverMessageConfiguration : IEntityTypeConfiguration<HandoverMessage>
    {
        public void Configure(EntityTypeBuilder<HandoverMessage> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.Text).HasMaxLength(Handover.TextMaxLength);
        }
    }
}
