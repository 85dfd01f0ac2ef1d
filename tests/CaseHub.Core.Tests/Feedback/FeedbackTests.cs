using System.Text.RegularExpressions;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Feedback;
using CaseHub.Core.Tests.DiscoveryDays;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.Feedback;

public class FeedbackTests
{
    private static readonly Guid Owner = Guid.CreateVersion7();

    private static async Task<(FeedbackForm Form, Dictionary<string, string> Tokens)> SendAsync(CoreTestHost bed, bool anonymous, int people)
    {
        var form = await bed.ScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CaseHubDbContext>();
            var service = sp.GetRequiredService<FeedbackService>();
            var f = service.CreateForm(new FeedbackFormSpec("immersion", Owner, "Journée d'immersion", anonymous,
            [
                new(FeedbackQuestionKind.YesNo, new LocalizedText("Utile ?", "Nuttig?", "Useful?"), Required: true),
                new(FeedbackQuestionKind.Scale, LocalizedText.Same("Accueil (1–5)")),
                new(FeedbackQuestionKind.Text, LocalizedText.Same("Étonnement")),
            ]));
            await service.InviteAsync(f.Id, Enumerable.Range(1, people).Select(i => new FeedbackRecipient($"p{i}", $"p{i}@partner.test", $"Person {i}", i % 2 == 0 ? "nl" : "fr")));
            await db.SaveChangesAsync();
            return f;
        });
        var tokens = new Dictionary<string, string>();
        foreach (var mail in await bed.MailsAsync())
            tokens[mail.To] = Regex.Match(mail.Text, "/feedback/([A-Za-z0-9_-]{43})").Groups[1].Value;
        return (form, tokens);
    }

    private static Dictionary<Guid, FeedbackAnswerInput> Answers(FeedbackForm form, bool yes, int scale, string? text, string? why = null)
    {
        var q = form.Questions.OrderBy(x => x.Position).ToList();
        return new()
        {
            [q[0].Id] = new FeedbackAnswerInput(YesNo: yes, Text: why),
            [q[1].Id] = new FeedbackAnswerInput(Scale: scale),
            [q[2].Id] = new FeedbackAnswerInput(Text: text),
        };
    }

    private static Task Submit(CoreTestHost bed, string token, IReadOnlyDictionary<Guid, FeedbackAnswerInput> answers)
        => bed.InScopeAsync<FeedbackService>(s => s.SubmitAsync(token, answers));

    [Fact]
    public async Task Anonymous_answers_keep_no_link_to_the_person()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var (form, tokens) = await SendAsync(bed, anonymous: true, people: 3);
        var mail = (await bed.MailsToAsync("p1@partner.test")).Single();
        Assert.Contains("anonymes", mail.Text);
        Assert.Equal("Votre avis sur « Journée d'immersion »", mail.Subject);

        await Submit(bed, tokens["p1@partner.test"], Answers(form, true, 4, "Le travail de rue", "Contacts utiles"));

        var response = await bed.DbAsync(db => db.FeedbackResponses.AsNoTracking().Include(r => r.Answers).SingleAsync());
        Assert.Null(response.InvitationId);
        Assert.Null(response.SubmittedAt);
        Assert.Equal(4, response.Id.Version); // random, not a time-ordered v7 id
        Assert.All(response.Answers, a => Assert.Equal(4, a.Id.Version));
        var invitations = await bed.DbAsync(db => db.FeedbackInvitations.AsNoTracking().ToListAsync());
        Assert.All(invitations, i => Assert.Null(i.AnsweredAt));
        Assert.Single(invitations, i => i.Answered);

        // Nothing in the stored answer rows names anyone or points back to an invitation.
        var columns = await bed.DbAsync(async db =>
        {
            var conn = db.Database.GetDbConnection();
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT * FROM FeedbackResponses; ";
            await using var reader = await cmd.ExecuteReaderAsync();
            var values = new List<string>();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++) values.Add($"{reader.GetName(i)}={reader.GetValue(i)}");
            return values;
        });
        var invitationIds = invitations.Select(i => i.Id.ToString()).ToList();
        Assert.DoesNotContain(columns, c => invitationIds.Any(id => c.Contains(id, StringComparison.OrdinalIgnoreCase)) || c.Contains("@partner.test"));
    }

    [Fact]
    public async Task A_named_form_links_the_answer_to_its_invitation()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var (form, tokens) = await SendAsync(bed, anonymous: false, people: 1);
        await Submit(bed, tokens["p1@partner.test"], Answers(form, false, 2, null));
        var response = await bed.DbAsync(db => db.FeedbackResponses.AsNoTracking().SingleAsync());
        var invitation = await bed.DbAsync(db => db.FeedbackInvitations.AsNoTracking().SingleAsync());
        Assert.Equal(invitation.Id, response.InvitationId);
        Assert.NotNull(invitation.AnsweredAt);
    }

    [Fact]
    public async Task Each_link_answers_once_even_when_posted_twice_at_the_same_time()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var (form, tokens) = await SendAsync(bed, anonymous: true, people: 1);
        var token = tokens["p1@partner.test"];
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try { await Submit(bed, token, Answers(form, true, 5, "x")); return true; }
            catch (DomainException ex) when (ex.TextKey == "Feedback.Error.AlreadyAnswered") { return false; }
        }));
        Assert.Single(attempts, ok => ok);
        Assert.Equal(1, await bed.DbAsync(db => db.FeedbackResponses.CountAsync()));
        var ticket = await bed.InScopeAsync<FeedbackService, FeedbackTicket>(s => s.OpenAsync(token));
        Assert.True(ticket.AlreadyAnswered);
    }

    [Fact]
    public async Task Results_stay_hidden_below_five_answers()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var (form, tokens) = await SendAsync(bed, anonymous: true, people: 7);
        var people = tokens.Keys.Order().ToList();
        for (var i = 0; i < 4; i++) await Submit(bed, tokens[people[i]], Answers(form, i % 2 == 0, i + 1, i < 2 ? $"texte {i}" : null));

        var hidden = await bed.InScopeAsync<FeedbackService, FeedbackResults>(s => s.ResultsAsync(form.Id));
        Assert.False(hidden.Shown);
        Assert.Equal((7, 4), (hidden.Invited, hidden.Responses));
        Assert.All(hidden.Questions, q => Assert.False(q.Shown));
        Assert.All(hidden.Questions, q => Assert.Empty(q.Texts));
        Assert.All(hidden.Questions, q => Assert.Empty(q.Counts));

        await Submit(bed, tokens[people[4]], Answers(form, true, 5, "texte 4"));
        var shown = await bed.InScopeAsync<FeedbackService, FeedbackResults>(s => s.ResultsAsync(form.Id));
        Assert.True(shown.Shown);
        var yesNo = shown.Questions[0];
        Assert.True(yesNo.Shown);
        Assert.Equal([3, 2], yesNo.Counts);
        var scale = shown.Questions[1];
        Assert.Equal([1, 1, 1, 1, 1], scale.Counts);
        Assert.Equal(3.0, scale.Average);
        // Only three people wrote a text: that question stays hidden.
        Assert.False(shown.Questions[2].Shown);
        Assert.Equal(3, shown.Questions[2].Answers);
    }

    [Fact]
    public async Task Bad_answers_are_refused_and_save_nothing()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var (form, tokens) = await SendAsync(bed, anonymous: true, people: 1);
        var token = tokens["p1@partner.test"];
        var q = form.Questions.OrderBy(x => x.Position).ToList();

        var missing = await Assert.ThrowsAsync<DomainException>(() => Submit(bed, token, new Dictionary<Guid, FeedbackAnswerInput> { [q[1].Id] = new(Scale: 3) }));
        Assert.Equal("Feedback.Error.AnswerRequired", missing.TextKey);
        Assert.Equal("q_" + q[0].Id.ToString("N"), missing.Field);
        var range = await Assert.ThrowsAsync<DomainException>(() => Submit(bed, token, Answers(form, true, 6, null)));
        Assert.Equal("Error.OutOfRange", range.TextKey);
        await Assert.ThrowsAsync<DomainException>(() => Submit(bed, "A" + token[1..], Answers(form, true, 3, null)));
        Assert.Equal(0, await bed.DbAsync(db => db.FeedbackResponses.CountAsync()));
        Assert.False((await bed.DbAsync(db => db.FeedbackInvitations.SingleAsync())).Answered);
    }

    [Fact]
    public async Task A_closed_form_takes_no_more_answers()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var (form, tokens) = await SendAsync(bed, anonymous: true, people: 1);
        await bed.DbAsync(db => db.FeedbackForms.Where(f => f.Id == form.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.ClosesAt, bed.Clock.GetUtcNow().AddDays(1))));
        bed.Clock.Advance(TimeSpan.FromDays(2));
        var ex = await Assert.ThrowsAsync<DomainException>(() => Submit(bed, tokens["p1@partner.test"], Answers(form, true, 3, null)));
        Assert.Equal("Feedback.Error.Closed", ex.TextKey);
    }

    [Fact]
    public async Task Questions_can_change_until_the_form_is_sent_and_people_are_asked_once()
    {
        await using var bed = await DiscoverySetup.CreateAsync();
        var form = await bed.ScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CaseHubDbContext>();
            var f = sp.GetRequiredService<FeedbackService>().CreateForm(new FeedbackFormSpec("immersion", Owner, "Immersion", true, [new(FeedbackQuestionKind.Text, LocalizedText.Same("Q1"))]));
            await db.SaveChangesAsync();
            return f;
        });
        await bed.InScopeAsync<FeedbackService>(s => s.AddQuestionAsync(form.Id, new FeedbackQuestionSpec(FeedbackQuestionKind.Scale, LocalizedText.Same("Q2"))));
        var q1 = form.Questions.Single().Id;
        await bed.InScopeAsync<FeedbackService>(s => s.RemoveQuestionAsync(form.Id, q1));
        var last = await Assert.ThrowsAsync<DomainException>(async () =>
        {
            var only = (await bed.InScopeAsync<FeedbackService, FeedbackForm>(s => s.GetFormAsync(form.Id))).Questions.Single().Id;
            await bed.InScopeAsync<FeedbackService>(s => s.RemoveQuestionAsync(form.Id, only));
        });
        Assert.Equal("Feedback.Error.LastQuestion", last.TextKey);

        var recipients = new[] { new FeedbackRecipient("k1", "a@partner.test", "A", "fr") };
        Assert.Equal(1, await bed.ScopeAsync(async sp =>
        {
            var n = await sp.GetRequiredService<FeedbackService>().InviteAsync(form.Id, recipients);
            await sp.GetRequiredService<CaseHubDbContext>().SaveChangesAsync();
            return n;
        }));
        Assert.Equal(0, await bed.InScopeAsync<FeedbackService, int>(s => s.InviteAsync(form.Id, recipients)));
        var sent = await Assert.ThrowsAsync<DomainException>(() => bed.InScopeAsync<FeedbackService>(s => s.AddQuestionAsync(form.Id, new FeedbackQuestionSpec(FeedbackQuestionKind.Text, LocalizedText.Same("Q3")))));
        Assert.Equal("Feedback.Error.AlreadySent", sent.TextKey);
    }
}
