using CaseHub.Core.Common;
using CaseHub.Core.Feedback;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Data
{
    public partial class CaseHubDbContext
    {
        public DbSet<FeedbackForm> FeedbackForms => Set<FeedbackForm>();
        public DbSet<FeedbackQuestion> FeedbackQuestions => Set<FeedbackQuestion>();
        public DbSet<FeedbackInvitation> FeedbackInvitations => Set<FeedbackInvitation>();
        public DbSet<FeedbackResponse> FeedbackResponses => Set<FeedbackResponse>();
        public DbSet<FeedbackAnswer> FeedbackAnswers => Set<FeedbackAnswer>();
    }
}

namespace CaseHub.Core.Feedback
{
    internal sealed class FeedbackFormConfiguration : IEntityTypeConfiguration<FeedbackForm>
    {
        public void Configure(EntityTypeBuilder<FeedbackForm> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(f => f.OwnerType).HasMaxLength(FeedbackForm.OwnerTypeMaxLength);
            b.Property(f => f.Title).HasMaxLength(FeedbackForm.TitleMaxLength);
            b.HasIndex(f => new { f.OwnerType, f.OwnerId });
            b.HasMany(f => f.Questions).WithOne().HasForeignKey(q => q.FormId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany<FeedbackInvitation>().WithOne().HasForeignKey(i => i.FormId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany<FeedbackResponse>().WithOne().HasForeignKey(r => r.FormId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class FeedbackQuestionConfiguration : IEntityTypeConfiguration<FeedbackQuestion>
    {
        public void Configure(EntityTypeBuilder<FeedbackQuestion> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(q => q.PromptFr).HasMaxLength(FeedbackQuestion.PromptMaxLength);
            b.Property(q => q.PromptNl).HasMaxLength(FeedbackQuestion.PromptMaxLength);
            b.Property(q => q.PromptEn).HasMaxLength(FeedbackQuestion.PromptMaxLength);
            b.HasIndex(q => new { q.FormId, q.Position });
            b.Ignore(q => q.Prompt);
        }
    }

    internal sealed class FeedbackInvitationConfiguration : IEntityTypeConfiguration<FeedbackInvitation>
    {
        public void Configure(EntityTypeBuilder<FeedbackInvitation> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(i => i.RecipientKey).HasMaxLength(FeedbackInvitation.RecipientKeyMaxLength);
            b.Property(i => i.Email).HasMaxLength(Validation.EmailMaxLength);
            b.Property(i => i.Name).HasMaxLength(FeedbackInvitation.NameMaxLength);
            b.Property(i => i.Language).HasMaxLength(2);
            b.Property(i => i.TokenHash).HasMaxLength(64);
            b.HasIndex(i => i.TokenHash).IsUnique();
            // Sending twice (two nodes, a retried job) cannot invite the same person twice.
            b.HasIndex(i => new { i.FormId, i.RecipientKey }).IsUnique();
        }
    }

    internal sealed class FeedbackResponseConfiguration : IEntityTypeConfiguration<FeedbackResponse>
    {
        public void Configure(EntityTypeBuilder<FeedbackResponse> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(r => r.FormId);
            b.HasOne<FeedbackInvitation>().WithMany().HasForeignKey(r => r.InvitationId).OnDelete(DeleteBehavior.SetNull);
            b.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
        }
    }

    internal sealed class FeedbackAnswerConfiguration : IEntityTypeConfiguration<FeedbackAnswer>
    {
        public void Configure(EntityTypeBuilder<FeedbackAnswer> b)
        {
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(a => a.Text).HasMaxLength(FeedbackAnswer.TextMaxLength);
            b.HasIndex(a => a.QuestionId);
            b.HasOne<FeedbackQuestion>().WithMany().HasForeignKey(a => a.QuestionId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
