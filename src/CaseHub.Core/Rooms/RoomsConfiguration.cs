using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Rooms;

internal sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> b)
    {
        b.Property(r => r.Title).HasMaxLength(Room.TitleMaxLength);
        b.Property(r => r.ProtocolKey).HasMaxLength(50);
        b.Property(r => r.Location).HasMaxLength(Room.LocationMaxLength);
        b.Property(r => r.VideoUrl).HasMaxLength(500);
        b.Property(r => r.Purpose).HasMaxLength(Room.PurposeMaxLength);
        b.Property(r => r.ContextType).HasMaxLength(50);
        b.Property(r => r.StateVersion).IsConcurrencyToken();
        b.HasIndex(r => new { r.ContextType, r.ContextId });
        b.HasIndex(r => new { r.Status, r.ScheduledStart });
        b.HasMany(r => r.Phases).WithOne().HasForeignKey(p => p.RoomId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Participants).WithOne().HasForeignKey(p => p.RoomId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoomPhaseConfiguration : IEntityTypeConfiguration<RoomPhase>
{
    public void Configure(EntityTypeBuilder<RoomPhase> b)
    {
        b.Property(p => p.TemplateKey).HasMaxLength(50);
        b.Property(p => p.NameKey).HasMaxLength(100);
        b.Property(p => p.Title).HasMaxLength(RoomPhase.TitleMaxLength);
        b.HasIndex(p => new { p.RoomId, p.Order }).IsUnique();
    }
}

internal sealed class RoomParticipantConfiguration : IEntityTypeConfiguration<RoomParticipant>
{
    public void Configure(EntityTypeBuilder<RoomParticipant> b)
    {
        b.Property(p => p.ProtocolRole).HasMaxLength(50);
        b.Property(p => p.AttendanceNote).HasMaxLength(RoomParticipant.AttendanceNoteMaxLength);
        b.HasIndex(p => new { p.RoomId, p.UserId }).IsUnique();
        b.HasIndex(p => p.UserId);
        b.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DecisionConfiguration : IEntityTypeConfiguration<Decision>
{
    public void Configure(EntityTypeBuilder<Decision> b)
    {
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.Text).HasMaxLength(Decision.TextMaxLength);
        b.HasIndex(d => d.RoomId);
        b.HasOne<Room>().WithMany().HasForeignKey(d => d.RoomId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ActionItemConfiguration : IEntityTypeConfiguration<ActionItem>
{
    public void Configure(EntityTypeBuilder<ActionItem> b)
    {
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.Text).HasMaxLength(ActionItem.TextMaxLength);
        b.HasIndex(a => a.RoomId);
        b.HasIndex(a => new { a.OwnerId, a.Status });
        b.HasOne<Room>().WithMany().HasForeignKey(a => a.RoomId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(a => a.Owner).WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class RoomConnectionConfiguration : IEntityTypeConfiguration<RoomConnection>
{
    public void Configure(EntityTypeBuilder<RoomConnection> b)
    {
        b.HasKey(c => new { c.ConnectionId, c.RoomId });
        b.Property(c => c.ConnectionId).HasMaxLength(RoomConnection.ConnectionIdMaxLength);
        b.Property(c => c.Node).HasMaxLength(100);
        b.HasIndex(c => c.RoomId);
        b.HasIndex(c => c.Node);
    }
}

internal sealed class VoteConfiguration : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> b)
    {
        b.Property(v => v.Id).ValueGeneratedNever();
        b.Property(v => v.Question).HasMaxLength(Vote.QuestionMaxLength);
        b.Property(v => v.Options).HasMaxLength(Vote.MaxOptions * (Vote.OptionMaxLength + 1));
        b.Property(v => v.ContextType).HasMaxLength(50);
        b.HasIndex(v => v.RoomId);
        b.HasOne<Room>().WithMany().HasForeignKey(v => v.RoomId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(v => v.Ballots).WithOne().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BallotConfiguration : IEntityTypeConfiguration<Ballot>
{
    public void Configure(EntityTypeBuilder<Ballot> b)
    {
        b.Property(x => x.Option).HasMaxLength(Vote.OptionMaxLength);
        b.Property(x => x.Reason).HasMaxLength(Ballot.ReasonMaxLength);
        b.Property(x => x.Data).HasMaxLength(4000);
        b.HasIndex(x => new { x.VoteId, x.UserId }).IsUnique();
    }
}
