using System.Text.RegularExpressions;
using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.DiscoveryDays;
using CaseHub.Core.Feedback;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace CaseHub.Core.Tests.DiscoveryDays;

/// <summary>
/// The real Core services (as the app registers them) on a real SQLite file, with a fake clock. Each call runs in its
/// own scope (its own DbContext), like separate requests; mails are read back from the outbox.
/// </summary>
internal sealed class DiscoveryTestBed : IAsyncDisposable
{
    public const string BaseUrl = "https://casehub.test";
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    public ServiceProvider Services { get; }

    private DiscoveryTestBed(string dir, IDictionary<string, string?>? settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["App:PublicBaseUrl"] = BaseUrl,
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(dir, "discovery.db")}",
            ["Mail:FromAddress"] = "casehub@cpas-demo.test",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddCaseHubCore(config, dir);
        Services = services.BuildServiceProvider();
    }

    public static async Task<DiscoveryTestBed> CreateAsync(IDictionary<string, string?>? settings = null)
    {
        var bed = new DiscoveryTestBed(RepoPaths.NewTempDir("discovery"), settings);
        await bed.InScopeAsync<CaseHubDbContext, bool>(db => db.Database.EnsureCreatedAsync());
        return bed;
    }

    public async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> action) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task InScopeAsync<TService>(Func<TService, Task> action) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Several services of one scope (one DbContext), e.g. a call that does not save and the SaveChanges after it.</summary>
    public async Task<T> ScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> DbAsync<T>(Func<CaseHubDbContext, Task<T>> action) => InScopeAsync(action);

    public static DiscoveryDayInput Input(DateOnly date, int capacity = 2, WaitlistMode mode = WaitlistMode.Immediate, int offerHours = 24, string title = "Journée découverte du CPAS") => new()
    {
        Title = title,
        Description = "Découvrir les services.",
        ServicesVisited = "Accueil, service social général, ISP",
        Place = "CPAS, salle du conseil",
        Date = date,
        StartTime = new TimeOnly(9, 0),
        EndTime = new TimeOnly(16, 0),
        DeadlineDate = date.AddDays(-1),
        DeadlineTime = new TimeOnly(12, 0),
        Capacity = capacity,
        Audience = DiscoveryAudience.Partners,
        Languages = ["fr", "nl"],
        WaitlistMode = mode,
        OfferHours = offerHours,
        Programme = "09:00 Accueil\n10:00 Visite du service social\n14h30 – Échanges",
        ContactName = "Camille Coordination",
        ContactEmail = "coordination@cpas-demo.test",
    };

    /// <summary>A day <paramref name="daysAhead"/> days after the fake "today" (local date), 09:00–16:00.</summary>
    public Task<DiscoveryDay> CreateDayAsync(int capacity = 2, WaitlistMode mode = WaitlistMode.Immediate, int offerHours = 24, int daysAhead = 20, string title = "Journée découverte du CPAS")
        => InScopeAsync<DiscoveryDayService, DiscoveryDay>(s => s.CreateAsync(Input(Today.AddDays(daysAhead), capacity, mode, offerHours, title), null));

    public DateOnly Today => CalendarTime.LocalDate(Clock.GetUtcNow());

    public static BookingRequest Request(string email, string name = "Pat Partenaire", string language = "fr") => new()
    {
        Name = name,
        Organisation = "Maison de quartier (test)",
        Email = email,
        Language = language,
        Consent = true,
        SubmissionKey = Guid.NewGuid().ToString("N"),
    };

    /// <summary>Books as a new person; the clock moves one second first, so bookings keep their order in <see cref="BookingsAsync"/>.</summary>
    public Task<BookingOutcome> BookAsync(Guid dayId, string email, string language = "fr")
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        return InScopeAsync<DiscoveryBookingService, BookingOutcome>(s => s.BookAsync(dayId, Request(email, "Person " + email.Split('@')[0], language)));
    }

    public Task<List<DiscoveryBooking>> BookingsAsync(Guid dayId)
        => DbAsync(db => db.DiscoveryBookings.AsNoTracking().Where(b => b.DayId == dayId).OrderBy(b => b.CreatedAt).ThenBy(b => b.WaitlistNumber).ToListAsync());

    public Task<DiscoveryDay> DayAsync(Guid dayId) => DbAsync(db => db.DiscoveryDays.AsNoTracking().SingleAsync(d => d.Id == dayId));

    public Task<List<CalendarInvitee>> CurrentInviteesAsync(Guid entryId)
        => DbAsync(db => db.CalendarInvitees.AsNoTracking().Where(i => i.EntryId == entryId && i.RemovedAt == null).ToListAsync());

    public async Task<List<Mail>> MailsAsync()
    {
        var rows = await DbAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());
        return rows.Select(r => new Mail(r.ToAddress, r.Kind, r.DedupKey, MimeMessage.Load(new MemoryStream(r.Mime)))).ToList();
    }

    public async Task<List<Mail>> MailsToAsync(string address, string? kind = null)
        => (await MailsAsync()).Where(m => m.To == address && (kind is null || m.Kind == kind)).ToList();

    /// <summary>The token of the newest manage link mailed to <paramref name="address"/>.</summary>
    public async Task<string> ManageTokenAsync(string address)
        => (await MailsToAsync(address)).Select(m => m.Token("/discovery-days/manage/")).Last(t => t is not null)!;

    /// <summary>Checks the seat invariants of a day against its rows.</summary>
    public async Task AssertInvariantsAsync(Guid dayId)
    {
        var day = await DayAsync(dayId);
        var bookings = await BookingsAsync(dayId);
        var holding = bookings.Count(b => b.HoldsSeat);
        Assert.Equal(holding, day.SeatsTaken);
        Assert.True(day.SeatsTaken <= day.Capacity, $"{day.SeatsTaken} seats taken for {day.Capacity}");
        if (bookings.Any(b => b.Status == BookingStatus.Waitlisted) && !day.IsCancelled)
            Assert.Equal(day.Capacity, day.SeatsTaken); // nobody waits while a seat is free
        var invitees = (await CurrentInviteesAsync(day.CalendarEntryId)).Select(i => i.Email).Order().ToList();
        Assert.Equal(bookings.Where(b => b.Status == BookingStatus.Confirmed).Select(b => b.Email).Order().ToList(), invitees);
        var numbers = bookings.Where(b => b.WaitlistNumber is not null).Select(b => b.WaitlistNumber!.Value).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}

internal sealed partial record Mail(string To, string Kind, string? DedupKey, MimeMessage Message)
{
    public string Subject => Message.Subject ?? "";
    public string Text => Message.TextBody ?? "";
    public TextPart? CalendarPart => Message.BodyParts.OfType<TextPart>().FirstOrDefault(p => p.ContentType.MimeType == "text/calendar");
    public string? Method => CalendarPart?.ContentType.Parameters["method"];

    public string? Token(string pathPrefix)
    {
        var m = Regex.Match(Text, Regex.Escape(DiscoveryTestBed.BaseUrl + pathPrefix) + "([A-Za-z0-9_-]{43})");
        return m.Success ? m.Groups[1].Value : null;
    }

    public int Sequence => int.Parse(SequenceRegex().Match(CalendarPart!.Text).Groups[1].Value);

    [GeneratedRegex(@"SEQUENCE:(\d+)")]
    private static partial Regex SequenceRegex();
}
