using CaseHub.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Rooms;

/// <summary>
/// A room's idea board (network meeting brainstorm): the organiser's choices for the meeting (named or anonymous cards,
/// how many dots each person has) and whether the dot results are revealed. One per room.
/// </summary>
public class IdeaBoard
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RoomId { get; set; }
    /// <summary>Anonymous: cards carry no author (only a tag salted per board, so authors can still edit their own).</summary>
    public bool Anonymous { get; set; }
    public const int DefaultDots = 3;
    public const int MaxDots = 10;
    public int DotsPerPerson { get; set; } = DefaultDots;
    public byte[]? Salt { get; set; }
    /// <summary>When the facilitator revealed the dots (all at once); no dot is placed or taken back after.</summary>
    public DateTimeOffset? VotesRevealedAt { get; set; }
    /// <summary>Concurrency token: every change to the board's cards, groups and dots is serialised on it (never N+1 dots).</summary>
    public long Version { get; set; }
}

/// <summary>An idea card. Named meetings keep its author; anonymous ones only a salted tag of the author.</summary>
public class IdeaCard : IBoardCard
{
    /// <summary>Chosen by the client (random v4): a re-sent card is stored once.</summary>
    public Guid Id { get; set; }
    public Guid BoardId { get; set; }
    public const int TextMaxLength = 280;
    public string Text { get; set; } = "";
    public Guid? AuthorId { get; set; }
    public string? AuthorTag { get; set; }
    public Guid? GroupId { get; set; }
    public int Position { get; set; }
    /// <summary>The decision this idea was carried into (once only).</summary>
    public Guid? DecisionId { get; set; }
}

public class IdeaCardGroup
{
    public Guid Id { get; set; }
    public Guid BoardId { get; set; }
    public const int LabelMaxLength = 100;
    public string Label { get; set; } = "";
    public int Order { get; set; }
}

/// <summary>One dot placed by one person on one card. Its id is chosen by the client: a dot re-sent after a reconnect counts once.</summary>
public class IdeaDot
{
    public Guid Id { get; set; }
    public Guid BoardId { get; set; }
    public Guid CardId { get; set; }
    public Guid VoterId { get; set; }
}

internal sealed class IdeaBoardConfiguration : IEntityTypeConfiguration<IdeaBoard>
{
    public void Configure(EntityTypeBuilder<IdeaBoard> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Salt).HasMaxLength(32);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.RoomId).IsUnique();
        b.HasOne<Room>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IdeaCardConfiguration : IEntityTypeConfiguration<IdeaCard>
{
    public void Configure(EntityTypeBuilder<IdeaCard> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Text).HasMaxLength(IdeaCard.TextMaxLength);
        b.Property(x => x.AuthorTag).HasMaxLength(64);
        b.HasIndex(x => x.BoardId);
        b.HasOne<IdeaBoard>().WithMany().HasForeignKey(x => x.BoardId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class IdeaCardGroupConfiguration : IEntityTypeConfiguration<IdeaCardGroup>
{
    public void Configure(EntityTypeBuilder<IdeaCardGroup> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Label).HasMaxLength(IdeaCardGroup.LabelMaxLength);
        b.HasIndex(x => x.BoardId);
        b.HasOne<IdeaBoard>().WithMany().HasForeignKey(x => x.BoardId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IdeaDotConfiguration : IEntityTypeConfiguration<IdeaDot>
{
    public void Configure(EntityTypeBuilder<IdeaDot> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasIndex(x => new { x.BoardId, x.VoterId });
        b.HasOne<IdeaBoard>().WithMany().HasForeignKey(x => x.BoardId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<IdeaCard>().WithMany().HasForeignKey(x => x.CardId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.VoterId).OnDelete(DeleteBehavior.Cascade);
    }
}
