using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.DiscoveryDays;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<DiscoveryDay> DiscoveryDays => Set<DiscoveryDay>();
        public DbSet<DiscoveryProgrammeItem> DiscoveryProgrammeItems => Set<DiscoveryProgrammeItem>();
        public DbSet<DiscoveryBooking> DiscoveryBookings => Set<DiscoveryBooking>();
        public DbSet<DiscoveryBookingToken> DiscoveryBookingTokens => Set<DiscoveryBookingToken>();
    }
}

namespace CaseHub.Core.DiscoveryDays
{
    internal sealed class DiscoveryDayConfiguration : IEntityTypeConfiguration<DiscoveryDay>
    {
        public void Configure(EntityTypeBuilder<DiscoveryDay> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(d => d.Title).HasMaxLength(DiscoveryDay.TitleMaxLength);
            b.Property(d => d.Description).HasMaxLength(DiscoveryDay.DescriptionMaxLength);
            b.Property(d => d.ServicesVisited).HasMaxLength(DiscoveryDay.ServicesMaxLength);
            b.Property(d => d.Place).HasMaxLength(DiscoveryDay.PlaceMaxLength);
            b.Property(d => d.Languages).HasMaxLength(20);
            b.Property(d => d.ContactName).HasMaxLength(CalendarInvitee.NameMaxLength);
            b.Property(d => d.ContactEmail).HasMaxLength(Validation.EmailMaxLength);
            b.Property(d => d.CancelReason).HasMaxLength(DiscoveryDay.ReasonMaxLength);
            b.HasIndex(d => d.Start);
            b.HasIndex(d => d.CalendarEntryId);
            b.HasOne<CalendarEntry>().WithMany().HasForeignKey(d => d.CalendarEntryId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<AppUser>().WithMany().HasForeignKey(d => d.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
            b.HasMany(d => d.Programme).WithOne().HasForeignKey(p => p.DayId).OnDelete(DeleteBehavior.Cascade);
            b.Ignore(d => d.SeatsLeft);
            b.Ignore(d => d.LanguageList);
            b.Ignore(d => d.IsCancelled);
        }
    }

    internal sealed class DiscoveryProgrammeItemConfiguration : IEntityTypeConfiguration<DiscoveryProgrammeItem>
    {
        public void Configure(EntityTypeBuilder<DiscoveryProgrammeItem> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(p => p.Text).HasMaxLength(DiscoveryProgrammeItem.TextMaxLength);
            b.HasIndex(p => new { p.DayId, p.Position });
        }
    }

    internal sealed class DiscoveryBookingConfiguration : IEntityTypeConfiguration<DiscoveryBooking>
    {
        public void Configure(EntityTypeBuilder<DiscoveryBooking> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.Name).HasMaxLength(DiscoveryBooking.NameMaxLength);
            b.Property(x => x.Organisation).HasMaxLength(DiscoveryBooking.OrganisationMaxLength);
            b.Property(x => x.Email).HasMaxLength(Validation.EmailMaxLength);
            b.Property(x => x.EmailKey).HasMaxLength(Validation.EmailMaxLength);
            b.Property(x => x.Language).HasMaxLength(2);
            b.Property(x => x.Needs).HasMaxLength(DiscoveryBooking.NeedsMaxLength);
            b.Property(x => x.SubmissionKey).HasMaxLength(DiscoveryBooking.SubmissionKeyMaxLength);
            // One place per address and day: NULLs (ended bookings) are distinct in unique indexes on SQLite and PostgreSQL.
            b.HasIndex(x => new { x.DayId, x.EmailKey }).IsUnique();
            // The same form posted twice (double click, refresh, retry) creates one booking.
            b.HasIndex(x => x.SubmissionKey).IsUnique();
            b.HasIndex(x => new { x.DayId, x.Status, x.WaitlistNumber });
            b.HasIndex(x => new { x.Email, x.CreatedAt });
            b.HasIndex(x => new { x.Status, x.OfferExpiresAt });
            b.HasOne(x => x.Day).WithMany().HasForeignKey(x => x.DayId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(x => x.Tokens).WithOne(t => t.Booking).HasForeignKey(t => t.BookingId).OnDelete(DeleteBehavior.Cascade);
            b.Ignore(x => x.IsActive);
            b.Ignore(x => x.HoldsSeat);
        }
    }

    internal sealed class DiscoveryBookingTokenConfiguration : IEntityTypeConfiguration<DiscoveryBookingToken>
    {
        public void Configure(EntityTypeBuilder<DiscoveryBookingToken> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(t => t.TokenHash).HasMaxLength(64);
            b.HasIndex(t => t.TokenHash).IsUnique();
        }
    }
}
