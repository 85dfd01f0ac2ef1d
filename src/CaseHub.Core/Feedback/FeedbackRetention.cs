using CaseHub.Core.Data;
using CaseHub.Core.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Core.Feedback;

/// <summary>Answers to questionnaires go Retention:FeedbackAnswersDays after submission (published aggregates stay in reports).</summary>
internal sealed class FeedbackAnswersRule(IOptions<RetentionOptions> options) : IRetentionRule
{
    public string Key => "Retention.Rule.FeedbackAnswers";
    public int Days => options.Value.FeedbackAnswersDays;

    // Anonymous answers carry no date of their own (it could identify them): they age with their questionnaire.
    private static IQueryable<FeedbackResponse> OlderThan(CaseHubDbContext db, DateTimeOffset cutoff)
        => db.FeedbackResponses.Where(r => (r.SubmittedAt ?? db.FeedbackForms.Where(f => f.Id == r.FormId).Select(f => f.ClosesAt ?? f.CreatedAt).First()) < cutoff);

    public Task<RetentionForecast> ForecastAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => Forecast.OfAsync(db.FeedbackResponses.Select(r => r.SubmittedAt ?? db.FeedbackForms.Where(f => f.Id == r.FormId).Select(f => f.ClosesAt ?? f.CreatedAt).First()), Days, now, ct);

    public Task<int> PurgeAsync(CaseHubDbContext db, DateTimeOffset now, CancellationToken ct)
        => OlderThan(db, now - TimeSpan.FromDays(Days)).ExecuteDeleteAsync(ct); // answers cascade
}
