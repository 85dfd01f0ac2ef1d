using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Conferences
{
    /// <summary>The eight themes of the social assessment grid (bilan social, seed 001), in the grid's order.</summary>
    public enum SocialTheme
    {
        Health = 0,
        Income = 1,
        Housing = 2,
        DailyLife = 3,
        SocialCultural = 4,
        Knowledge = 5,
        Employment = 6,
        Languages = 7,
    }

    /// <summary>How a theme weighs in the situation (the grid's SWOT reading).</summary>
    public enum GridRating
    {
        /// <summary>Stabilisateur.</summary>
        Stabilising = 0,
        /// <summary>Déstabilisateur.</summary>
        Destabilising = 1,
        /// <summary>Occasion.</summary>
        Opportunity = 2,
        /// <summary>Danger.</summary>
        Threat = 3,
    }

    /// <summary>When a proposed action should happen (court / moyen / long terme).</summary>
    public enum ActionTerm
    {
        ShortTerm = 0,
        MediumTerm = 1,
        LongTerm = 2,
    }

    /// <summary>Who carries a proposed action: the person, the CPAS, or a partner.</summary>
    public enum ActionOwner
    {
        Person = 0,
        Cpas = 1,
        Partner = 2,
    }

    /// <summary>
    /// One theme of a case's social assessment grid (a "cell"): present once someone adds it (or ticked before the grid
    /// existed), rated or not, with a short text. <see cref="Version"/> grows with every change: an edit made on an older
    /// version is refused, never written over the newer one. Its visibility also covers its actions.
    /// </summary>
    public class GridThemeEntry
    {
        public Guid CaseId { get; set; }
        public SocialTheme Theme { get; set; }
        /// <summary>Null while the theme is present but not rated yet.</summary>
        public GridRating? Rating { get; set; }
        public const int TextMaxLength = 500;
        public string? Text { get; set; }
        /// <summary><see cref="Conferences.Visibility.AllParticipants"/> or <see cref="Conferences.Visibility.CpasOnly"/> (a shared cell has no single author).</summary>
        public Visibility Visibility { get; set; }
        public int Version { get; set; }
        public Guid UpdatedBy { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
    }

    /// <summary>A proposed action of a theme (its own cell with its own version), owned by the person, the CPAS or a partner.</summary>
    public class GridAction
    {
        public Guid Id { get; set; }
        public Guid CaseId { get; set; }
        public SocialTheme Theme { get; set; }
        public ActionTerm Term { get; set; }
        public ActionOwner Owner { get; set; }
        public const int TextMaxLength = 300;
        public string Text { get; set; } = "";
        public int Version { get; set; }
        public Guid CreatedBy { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public Guid UpdatedBy { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
    }

    public enum GridChangeKind
    {
        ThemeSaved = 0,
        ThemeRemoved = 1,
        ActionSaved = 2,
        ActionRemoved = 3,
    }

    /// <summary>
    /// The grid's history: one row per accepted change, with the cell's full content after it (so the grid as it was at
    /// any instant can be rebuilt, e.g. for the minutes of a past conference) and the theme's visibility at that time.
    /// </summary>
    public class GridChange
    {
        public long Id { get; set; }
        public Guid CaseId { get; set; }
        public SocialTheme Theme { get; set; }
        public Guid? ActionId { get; set; }
        public GridChangeKind Kind { get; set; }
        public int Version { get; set; }
        public GridRating? Rating { get; set; }
        public string? Text { get; set; }
        public ActionTerm? Term { get; set; }
        public ActionOwner? Owner { get; set; }
        public Visibility Visibility { get; set; }
        public Guid UserId { get; set; }
        public DateTimeOffset At { get; set; }
    }

    /// <summary>Who is editing which cell of a case's grid right now (one cell per person; expires unless renewed).</summary>
    public class GridEditor
    {
        public Guid CaseId { get; set; }
        public Guid UserId { get; set; }
        public const int CellMaxLength = 64;
        public string Cell { get; set; } = "";
        public DateTimeOffset Until { get; set; }
    }

    internal sealed class GridThemeEntryConfiguration : IEntityTypeConfiguration<GridThemeEntry>
    {
        public void Configure(EntityTypeBuilder<GridThemeEntry> b)
        {
            b.ToTable("CaseGridThemes");
            b.HasKey(x => new { x.CaseId, x.Theme });
            b.HasOne<ConferenceCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            b.Property(x => x.Text).HasMaxLength(GridThemeEntry.TextMaxLength);
        }
    }

    internal sealed class GridActionConfiguration : IEntityTypeConfiguration<GridAction>
    {
        public void Configure(EntityTypeBuilder<GridAction> b)
        {
            b.ToTable("CaseGridActions");
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => new { x.CaseId, x.Theme });
            b.HasOne<ConferenceCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            b.Property(x => x.Text).HasMaxLength(GridAction.TextMaxLength);
        }
    }

    internal sealed class GridChangeConfiguration : IEntityTypeConfiguration<GridChange>
    {
        public void Configure(EntityTypeBuilder<GridChange> b)
        {
            b.ToTable("CaseGridChanges");
            b.Property(x => x.Id).ValueGeneratedOnAdd();
            b.HasIndex(x => new { x.CaseId, x.At });
            b.HasOne<ConferenceCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            b.Property(x => x.Text).HasMaxLength(GridThemeEntry.TextMaxLength);
        }
    }

    internal sealed class GridEditorConfiguration : IEntityTypeConfiguration<GridEditor>
    {
        public void Configure(EntityTypeBuilder<GridEditor> b)
        {
            b.ToTable("CaseGridEditors");
            b.HasKey(x => new { x.CaseId, x.UserId });
            b.HasOne<ConferenceCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            b.Property(x => x.Cell).HasMaxLength(GridEditor.CellMaxLength);
        }
    }
}

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<Conferences.GridThemeEntry> CaseGridThemes => Set<Conferences.GridThemeEntry>();
        public DbSet<Conferences.GridAction> CaseGridActions => Set<Conferences.GridAction>();
        public DbSet<Conferences.GridChange> CaseGridChanges => Set<Conferences.GridChange>();
        public DbSet<Conferences.GridEditor> CaseGridEditors => Set<Conferences.GridEditor>();
    }
}
