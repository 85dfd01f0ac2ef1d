using CaseHub.Core.Common;
using CaseHub.Core.DatePolls;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<DatePoll> DatePolls => Set<DatePoll>();
        public DbSet<DatePollSlot> DatePollSlots => Set<DatePollSlot>();
        public DbSet<DatePollInvitee> DatePollInvitees => Set<DatePollInvitee>();
        public DbSet<DatePollAnswer> DatePollAnswers => Set<DatePollAnswer>();
    }
}

namespace CaseHub.Core.DatePolls
{
    /// <summary>
    /// "Find a date together" for one meeting (a room, or the calendar entry of a meeting without a room): the organiser
    /// proposes slots, the people of the meeting answer per slot, the organiser picks one and the meeting moves there.
    /// </summary>
    public class DatePoll
    {
        public const int MaxSlots = 20;

        public Guid Id { get; set; } = Guid.CreateVersion7();
        /// <summary>The meeting: a room id (<see cref="MeetingIsRoom"/>) or a calendar entry id.</summary>
        public Guid MeetingId { get; set; }
        public bool MeetingIsRoom { get; set; }
        public Guid OrganiserId { get; set; }
        /// <summary>The invitees see only their own answers (the organiser always sees everyone's).</summary>
        public bool HideAnswers { get; set; }
        public DatePollStatus Status { get; set; }
        public Guid? PickedSlotId { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
        public List<DatePollSlot> Slots { get; set; } = [];
        public List<DatePollInvitee> Invitees { get; set; } = [];
        public bool IsOpen => Status == DatePollStatus.Open;
    }

    public enum DatePollStatus
    {
        Open = 0,
        /// <summary>A slot was picked: the meeting moved there.</summary>
        Picked = 1,
        /// <summary>Closed without a pick: every slot passed, or the meeting was cancelled or started.</summary>
        Closed = 2,
    }

    /// <summary>One proposed time (UTC; shown in Europe/Brussels).</summary>
    public class DatePollSlot
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid PollId { get; set; }
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
    }

    /// <summary>
    /// Someone asked to answer: a person of the meeting when the poll opened. Staff answer signed in; a partner (or an
    /// address without an account) through a personal link whose hash is <see cref="TokenHash"/>. The link is bound to
    /// this invitee and this poll: it answers and changes answers while the poll is open, and stops working when it closes.
    /// </summary>
    public class DatePollInvitee
    {
        public const int NameMaxLength = 100;
        public const int CommentMaxLength = 1000;

        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid PollId { get; set; }
        public Guid? UserId { get; set; }
        public string Email { get; set; } = "";
        public string Name { get; set; } = "";
        public string Language { get; set; } = "fr";
        /// <summary>Set for those who answer through a link (no sign-in); null for staff.</summary>
        public string? TokenHash { get; set; }
        public string? Comment { get; set; }
        public DateTimeOffset? AnsweredAt { get; set; }
        public DateTimeOffset? RemindedAt { get; set; }
        public List<DatePollAnswer> Answers { get; set; } = [];
    }

    public enum DatePollChoice
    {
        No = 0,
        IfNeedBe = 1,
        Yes = 2,
    }

    public class DatePollAnswer
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();
        public Guid InviteeId { get; set; }
        public Guid SlotId { get; set; }
        public DatePollChoice Choice { get; set; }
    }

    internal sealed class DatePollConfiguration : IEntityTypeConfiguration<DatePoll>
    {
        public void Configure(EntityTypeBuilder<DatePoll> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(p => new { p.MeetingId, p.Status });
            b.HasMany(p => p.Slots).WithOne().HasForeignKey(s => s.PollId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(p => p.Invitees).WithOne().HasForeignKey(i => i.PollId).OnDelete(DeleteBehavior.Cascade);
            b.Ignore(p => p.IsOpen);
        }
    }

    internal sealed class DatePollSlotConfiguration : IEntityTypeConfiguration<DatePollSlot>
    {
        public void Configure(EntityTypeBuilder<DatePollSlot> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasMany<DatePollAnswer>().WithOne().HasForeignKey(a => a.SlotId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class DatePollInviteeConfiguration : IEntityTypeConfiguration<DatePollInvitee>
    {
        public void Configure(EntityTypeBuilder<DatePollInvitee> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(i => i.Email).HasMaxLength(Validation.EmailMaxLength);
            b.Property(i => i.Name).HasMaxLength(DatePollInvitee.NameMaxLength);
            b.Property(i => i.Language).HasMaxLength(2);
            b.Property(i => i.TokenHash).HasMaxLength(64);
            b.Property(i => i.Comment).HasMaxLength(DatePollInvitee.CommentMaxLength);
            b.HasIndex(i => i.TokenHash).IsUnique();
            b.HasIndex(i => new { i.PollId, i.UserId });
            b.HasMany(i => i.Answers).WithOne().HasForeignKey(a => a.InviteeId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class DatePollAnswerConfiguration : IEntityTypeConfiguration<DatePollAnswer>
    {
        public void Configure(EntityTypeBuilder<DatePollAnswer> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            // One answer per person and slot: a second click changes it.
            b.HasIndex(a => new { a.InviteeId, a.SlotId }).IsUnique();
        }
    }
}
