using CaseHub.Core.Calendar;

namespace CaseHub.Core.Feedback;

/// <summary>
/// A feedback questionnaire (questionnaire d'évaluation / rapport d'étonnement) owned by a feature thing: a discovery
/// day, an immersion… Sent by mail with a personal one-time link; results are shown aggregated only, and never for
/// fewer than <see cref="FeedbackService.MinimumAnswers"/> answers.
/// <para>Anonymous forms store no link between an answer and a person: the response has no invitation id, no
/// timestamp and a random (not time-ordered) id; the invitation only remembers that it was used.</para>
/// </summary>
public class FeedbackForm
{
    public const int TitleMaxLength = 200;
    public const int OwnerTypeMaxLength = 40;
    public const int MaxQuestions = 20;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string OwnerType { get; set; } = "";
    public Guid OwnerId { get; set; }
    public string Title { get; set; } = "";
    public bool Anonymous { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Answers are refused after this instant (null: open while invitations exist).</summary>
    public DateTimeOffset? ClosesAt { get; set; }
    public List<FeedbackQuestion> Questions { get; set; } = [];
}

public enum FeedbackQuestionKind
{
    /// <summary>Yes or no, with an optional "why".</summary>
    YesNo = 0,
    /// <summary>1 (not at all) to 5 (very much).</summary>
    Scale = 1,
    Text = 2,
}

public class FeedbackQuestion
{
    public const int PromptMaxLength = 300;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FormId { get; set; }
    public int Position { get; set; }
    public FeedbackQuestionKind Kind { get; set; }
    public string? PromptFr { get; set; }
    public string? PromptNl { get; set; }
    public string? PromptEn { get; set; }
    public bool Required { get; set; }

    public LocalizedText Prompt => new(PromptFr, PromptNl, PromptEn);
}

/// <summary>One person's personal link to a form. <see cref="RecipientKey"/> (e.g. a booking id) makes sending idempotent.</summary>
public class FeedbackInvitation
{
    public const int RecipientKeyMaxLength = 100;
    public const int NameMaxLength = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FormId { get; set; }
    public string RecipientKey { get; set; } = "";
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    public string Language { get; set; } = Localization.Languages.Default;
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The link was used (one answer per link). For anonymous forms nothing else about the answer is kept here.</summary>
    public bool Answered { get; set; }
    /// <summary>Named forms only.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>One submitted questionnaire.</summary>
public class FeedbackResponse
{
    public Guid Id { get; set; } = Guid.NewGuid(); // random, not time-ordered: the id must not date an anonymous answer
    public Guid FormId { get; set; }
    /// <summary>Named forms only; always null for anonymous forms.</summary>
    public Guid? InvitationId { get; set; }
    /// <summary>Named forms only.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }
    public List<FeedbackAnswer> Answers { get; set; } = [];
}

public class FeedbackAnswer
{
    public const int TextMaxLength = 2000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ResponseId { get; set; }
    public Guid QuestionId { get; set; }
    public bool? YesNo { get; set; }
    public int? Scale { get; set; }
    /// <summary>The free text, or the "why" of a yes/no.</summary>
    public string? Text { get; set; }
}

public static class FeedbackLinks
{
    public static string AnswerPath(string token) => $"/feedback/{token}";
    public static string ResultsPath(Guid formId) => $"/feedback/results/{formId}";
    public static string QuestionsPath(Guid formId) => $"/feedback/forms/{formId}/questions";
}
