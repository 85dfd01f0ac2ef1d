using CaseHub.Core.Intervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<IntervisionTeam> IntervisionTeams => Set<IntervisionTeam>();
        public DbSet<IntervisionTeamMember> IntervisionTeamMembers => Set<IntervisionTeamMember>();
        public DbSet<IntervisionTemplate> IntervisionTemplates => Set<IntervisionTemplate>();
        public DbSet<IntervisionSeries> IntervisionSeries => Set<IntervisionSeries>();
        public DbSet<IntervisionSession> IntervisionSessions => Set<IntervisionSession>();
        public DbSet<IntervisionAcknowledgement> IntervisionAcknowledgements => Set<IntervisionAcknowledgement>();
        public DbSet<IntervisionBoard> IntervisionBoards => Set<IntervisionBoard>();
        public DbSet<IntervisionCard> IntervisionCards => Set<IntervisionCard>();
        public DbSet<IntervisionCardGroup> IntervisionCardGroups => Set<IntervisionCardGroup>();
    }
}

namespace CaseHub.Core.Intervision
{
    internal sealed class IntervisionTeamConfiguration : IEntityTypeConfiguration<IntervisionTeam>
    {
        public void Configure(EntityTypeBuilder<IntervisionTeam> b)
        {
            b.Property(t => t.Name).HasMaxLength(IntervisionTeam.NameMaxLength);
            b.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class IntervisionTeamMemberConfiguration : IEntityTypeConfiguration<IntervisionTeamMember>
    {
        public void Configure(EntityTypeBuilder<IntervisionTeamMember> b)
        {
            b.HasIndex(m => new { m.TeamId, m.UserId }).IsUnique();
            b.HasIndex(m => m.UserId);
            b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class IntervisionTemplateConfiguration : IEntityTypeConfiguration<IntervisionTemplate>
    {
        public void Configure(EntityTypeBuilder<IntervisionTemplate> b)
        {
            b.Property(t => t.Name).HasMaxLength(IntervisionTemplate.NameMaxLength);
            b.Property(t => t.ProtocolKey).HasMaxLength(50);
            b.Property(t => t.Plan).HasMaxLength(2000);
            b.HasIndex(t => t.TeamId);
        }
    }

    internal sealed class IntervisionSeriesConfiguration : IEntityTypeConfiguration<IntervisionSeries>
    {
        public void Configure(EntityTypeBuilder<IntervisionSeries> b)
        {
            b.Property(s => s.Title).HasMaxLength(IntervisionSeries.TitleMaxLength);
            b.Property(s => s.ProtocolKey).HasMaxLength(50);
            b.Property(s => s.RecurrenceRule).HasMaxLength(300);
            b.Property(s => s.Location).HasMaxLength(300);
            b.HasIndex(s => s.TeamId);
        }
    }

    internal sealed class IntervisionSessionConfiguration : IEntityTypeConfiguration<IntervisionSession>
    {
        public void Configure(EntityTypeBuilder<IntervisionSession> b)
        {
            b.Property(s => s.Theme).HasMaxLength(IntervisionSession.ThemeMaxLength);
            b.Property(s => s.Learnings).HasMaxLength(IntervisionSession.SummaryMaxLength);
            b.Property(s => s.Proposals).HasMaxLength(IntervisionSession.SummaryMaxLength);
            b.Property(s => s.OpenQuestions).HasMaxLength(IntervisionSession.SummaryMaxLength);
            b.Property(s => s.NarratorReaction).HasMaxLength(IntervisionSession.ReactionMaxLength);
            b.HasIndex(s => s.RoomId).IsUnique();
            b.HasIndex(s => new { s.SeriesId, s.Occurrence }).IsUnique();
            b.HasIndex(s => new { s.TeamId, s.Start });
            b.HasIndex(s => s.PurgedAt);
        }
    }

    internal sealed class IntervisionAcknowledgementConfiguration : IEntityTypeConfiguration<IntervisionAcknowledgement>
    {
        public void Configure(EntityTypeBuilder<IntervisionAcknowledgement> b) => b.HasIndex(a => new { a.SessionId, a.UserId }).IsUnique();
    }

    internal sealed class IntervisionBoardConfiguration : IEntityTypeConfiguration<IntervisionBoard>
    {
        public void Configure(EntityTypeBuilder<IntervisionBoard> b)
        {
            b.Property(x => x.Salt).HasMaxLength(32);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => new { x.SessionId, x.PhaseIndex }).IsUnique();
        }
    }

    internal sealed class IntervisionCardConfiguration : IEntityTypeConfiguration<IntervisionCard>
    {
        public void Configure(EntityTypeBuilder<IntervisionCard> b)
        {
            b.Property(c => c.Id).ValueGeneratedNever();
            b.Property(c => c.Text).HasMaxLength(IntervisionCard.TextMaxLength);
            b.Property(c => c.AuthorTag).HasMaxLength(64);
            b.HasIndex(c => c.BoardId);
            b.HasOne<IntervisionBoard>().WithMany().HasForeignKey(c => c.BoardId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class IntervisionCardGroupConfiguration : IEntityTypeConfiguration<IntervisionCardGroup>
    {
        public void Configure(EntityTypeBuilder<IntervisionCardGroup> b)
        {
            b.Property(g => g.Id).ValueGeneratedNever();
            b.Property(g => g.Label).HasMaxLength(IntervisionCardGroup.LabelMaxLength);
            b.HasIndex(g => g.BoardId);
            b.HasOne<IntervisionBoard>().WithMany().HasForeignKey(g => g.BoardId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
