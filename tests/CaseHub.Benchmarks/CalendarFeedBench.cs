using System.Diagnostics;
using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Benchmarks;

/// <summary>A user's private calendar feed holding 500 events, fetched over HTTP like a calendar client polling it.</summary>
public sealed class CalendarFeedBench(BenchApp app)
{
    public const int Events = 500;
    private string? _token;

    public async Task SetUpAsync()
    {
        var user = await app.Factory.CreateUserAsync("feed@bench.casehub.test", "Abonnée Agenda", Roles.SocialWorker);
        await app.Factory.WithScopeAsync(async sp =>
        {
            var calendar = sp.GetRequiredService<CalendarService>();
            var db = sp.GetRequiredService<CaseHubDbContext>();
            var start = DateTimeOffset.UtcNow.Date.AddDays(-30);
            for (var i = 0; i < Events; i++)
            {
                var at = new DateTimeOffset(start.AddDays(i / 3).AddHours(8 + i % 3 * 3), TimeSpan.Zero);
                await calendar.ScheduleAsync(new CalendarEntrySpec
                {
                    OwnerType = "benchmark",
                    OwnerId = Guid.CreateVersion7(),
                    Start = at,
                    End = at.AddHours(2),
                    Title = LocalizedText.Same($"Concertation de cas n° {i + 1}"),
                    Description = LocalizedText.Same("Réunion de réseau autour d'une situation (données fictives)."),
                    Location = "CPAS, salle du conseil",
                    LinkPath = $"/rooms/{Guid.NewGuid()}",
                    OrganizerName = "Camille Coordination",
                    OrganizerEmail = "coordination@demo.casehub.test",
                }, [new InviteeSpec(user.Email!, user.DisplayName, "fr", user.Id)]);
                if (i % 50 == 49) await db.SaveChangesAsync();
            }
            await db.SaveChangesAsync();
            _token = (await calendar.GetOrCreateFeedTokenAsync(user.Id)).Token;
            await db.SaveChangesAsync();
        });
    }

    public sealed record Outcome(double Milliseconds, int Bytes, int Events);

    public async Task<Outcome> FetchAsync()
    {
        using var http = new HttpClient { BaseAddress = app.Factory.BaseAddress };
        var sw = Stopwatch.StartNew();
        using var response = await http.GetAsync($"/calendar/feed/{_token}.ics");
        var body = await response.Content.ReadAsByteArrayAsync();
        sw.Stop();
        response.EnsureSuccessStatusCode();
        var text = System.Text.Encoding.UTF8.GetString(body);
        var events = System.Text.RegularExpressions.Regex.Count(text, "^BEGIN:VEVENT", System.Text.RegularExpressions.RegexOptions.Multiline);
        return new Outcome(sw.Elapsed.TotalMilliseconds, body.Length, events);
    }
}
