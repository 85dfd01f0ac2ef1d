using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<CalendarEntry> CalendarEntries => Set<CalendarEntry>();
        public DbSet<CalendarInvitee> CalendarInvitees => Set<CalendarInvitee>();
        public DbSet<CalendarReplyToken> CalendarReplyTokens => Set<CalendarReplyToken>();
        public DbSet<CalendarOccurrenceException> CalendarOccurrenceExceptions => Set<CalendarOccurrenceException>();
        public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();
    }
}

namespace CaseHub.Core.Calendar
{
    internal sealed class CalendarEntryConfiguration : IEntityTypeConfiguration<CalendarEntry>
    {
        public void Configure(EntityTypeBuilder<CalendarEntry> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever(); // set in code: children added through navigations are then inserted, not updated
            b.Property(e => e.Uid).HasMaxLength(100);
            b.HasIndex(e => e.Uid).IsUnique();
            // Two updates racing on one entry must not both send "SEQUENCE n+1": the second one fails and is retried.
            b.Property(e => e.Sequence).IsConcurrencyToken();
            b.Property(e => e.OwnerType).HasMaxLength(CalendarEntry.OwnerTypeMaxLength);
            b.HasIndex(e => new { e.OwnerType, e.OwnerId });
            b.Property(e => e.RecurrenceRule).HasMaxLength(300);
            b.Property(e => e.TitleFr).HasMaxLength(CalendarEntry.TitleMaxLength);
            b.Property(e => e.TitleNl).HasMaxLength(CalendarEntry.TitleMaxLength);
            b.Property(e => e.TitleEn).HasMaxLength(CalendarEntry.TitleMaxLength);
            b.Property(e => e.DescriptionFr).HasMaxLength(CalendarEntry.DescriptionMaxLength);
            b.Property(e => e.DescriptionNl).HasMaxLength(CalendarEntry.DescriptionMaxLength);
            b.Property(e => e.DescriptionEn).HasMaxLength(CalendarEntry.DescriptionMaxLength);
            b.Property(e => e.Location).HasMaxLength(CalendarEntry.LocationMaxLength);
            b.Property(e => e.OnlineUrl).HasMaxLength(CalendarEntry.UrlMaxLength);
            b.Property(e => e.LinkPath).HasMaxLength(CalendarEntry.UrlMaxLength);
            b.Property(e => e.OrganizerName).HasMaxLength(CalendarInvitee.NameMaxLength);
            b.Property(e => e.OrganizerEmail).HasMaxLength(Validation.EmailMaxLength);
            b.HasIndex(e => e.OrganizerUserId);
            b.Property(e => e.CancelReason).HasMaxLength(CalendarEntry.ReasonMaxLength);
            b.HasOne<AppUser>().WithMany().HasForeignKey(e => e.OrganizerUserId).OnDelete(DeleteBehavior.SetNull);
            b.HasMany(e => e.Invitees).WithOne(i => i.Entry).HasForeignKey(i => i.EntryId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(e => e.Exceptions).WithOne().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
            b.Ignore(e => e.Recurrence);
            b.Ignore(e => e.Title);
            b.Ignore(e => e.Description);
            b.Ignore(e => e.CurrentInvitees);
        }
    }

    internal sealed class CalendarInviteeConfiguration : IEntityTypeConfiguration<CalendarInvitee>
    {
        public void Configure(EntityTypeBuilder<CalendarInvitee> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever(); // set in code: children added through navigations are then inserted, not updated
            b.Property(i => i.Email).HasMaxLength(Validation.EmailMaxLength);
            b.Property(i => i.Name).HasMaxLength(CalendarInvitee.NameMaxLength);
            b.Property(i => i.Language).HasMaxLength(2);
            b.Property(i => i.DeclineReason).HasMaxLength(CalendarEntry.ReasonMaxLength);
            // A removed person who is invited again gets their row back (same reply history), never a duplicate.
            b.HasIndex(i => new { i.EntryId, i.Email }).IsUnique();
            b.HasIndex(i => i.UserId);
            b.HasIndex(i => i.Email);
            b.HasOne<AppUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.SetNull);
            b.HasMany(i => i.ReplyTokens).WithOne(t => t.Invitee).HasForeignKey(t => t.InviteeId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class CalendarReplyTokenConfiguration : IEntityTypeConfiguration<CalendarReplyToken>
    {
        public void Configure(EntityTypeBuilder<CalendarReplyToken> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever(); // set in code: children added through navigations are then inserted, not updated
            b.Property(t => t.TokenHash).HasMaxLength(64);
            b.HasIndex(t => t.TokenHash).IsUnique();
        }
    }

    internal sealed class CalendarOccurrenceExceptionConfiguration : IEntityTypeConfiguration<CalendarOccurrenceException>
    {
        public void Configure(EntityTypeBuilder<CalendarOccurrenceException> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever(); // set in code: children added through navigations are then inserted, not updated
            b.HasIndex(x => new { x.EntryId, x.OriginalStart }).IsUnique();
        }
    }

    internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
    {
        public void Configure(EntityTypeBuilder<CalendarFeed> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever(); // set in code: children added through navigations are then inserted, not updated
            b.Property(f => f.TokenHash).HasMaxLength(64);
            b.HasIndex(f => f.TokenHash).IsUnique();
            b.HasIndex(f => f.UserId);
            b.HasOne<AppUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
