using CaseHub.Core.Accounts;
using CaseHub.Core.Calendar;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using CaseHub.Core.Mail;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace CaseHub.Core.Tests.Calendar;

/// <summary>A real SQLite file in a temp folder, the real outbox and texts, a fake clock; mails are read back from the outbox.</summary>
internal sealed class CalendarTestBed : IAsyncDisposable
{
    public const string Sender = "casehub@cpas-demo.test";
    public const string BaseUrl = "https://casehub.test";
    public static readonly TextCatalog Texts = TextCatalog.LoadFrom(typeof(CalendarService).Assembly);

    private readonly string _file;
    private readonly List<CaseHubDbContext> _contexts = [];

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 2, 9, 0, 0, TimeSpan.Zero));
    public RecordingListener Listener { get; } = new("test-room");
    public RecordingListener OtherListener { get; } = new("other-feature");
    public CaseHubDbContext Db { get; }
    public CalendarService Service { get; }
    public IcsWriter Ics { get; }

    private CalendarTestBed(string file)
    {
        _file = file;
        Db = NewDb();
        Ics = new IcsWriter(Texts, Options.Create(new AppOptions { PublicBaseUrl = BaseUrl }), Options.Create(new MailOptions { FromAddress = Sender }), Clock);
        Service = NewService(Db);
    }

    public static async Task<CalendarTestBed> CreateAsync()
    {
        var bed = new CalendarTestBed(Path.Combine(RepoPaths.NewTempDir("calendar"), "calendar.db"));
        await bed.Db.Database.EnsureCreatedAsync();
        return bed;
    }

    /// <summary>Another unit of work on the same database file.</summary>
    public CaseHubDbContext NewDb()
    {
        var builder = new DbContextOptionsBuilder<CaseHubDbContext>();
        new DatabaseOptions { Provider = "Sqlite", ConnectionString = $"Data Source={_file};Pooling=false" }.Apply(builder);
        var db = new CaseHubDbContext(builder.Options);
        _contexts.Add(db);
        return db;
    }

    public CalendarService NewService(CaseHubDbContext db)
    {
        var mailOptions = Options.Create(new MailOptions { FromAddress = Sender });
        var outbox = new Outbox(new MailComposer(mailOptions, new MarkdownRenderer()), Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<Outbox>.Instance);
        return new CalendarService(db, outbox, Texts, Ics, Options.Create(new AppOptions { PublicBaseUrl = BaseUrl }), Clock,
            [Listener, OtherListener], NullLogger<CalendarService>.Instance);
    }

    /// <summary>Every queued mail, oldest first, parsed back from its stored MIME bytes.</summary>
    public async Task<List<SentMail>> MailsAsync(CaseHubDbContext? db = null)
    {
        var rows = await (db ?? NewDb()).OutboxMessages.AsNoTracking().OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync();
        return rows.Select(r => new SentMail(r.ToAddress, r.Kind, MimeMessage.Load(new MemoryStream(r.Mime)))).ToList();
    }

    public async Task<AppUser> AddUserAsync(string email, string name, string language = "fr")
    {
        var user = new AppUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(), DisplayName = name, Language = language };
        Db.Users.Add(user);
        await Db.SaveChangesAsync();
        return user;
    }

    public static CalendarEntrySpec Spec(DateTimeOffset start, DateTimeOffset end, string title = "Conférence de cas C-2026-014", Recurrence? recurrence = null) => new()
    {
        OwnerType = "test-room",
        OwnerId = Guid.CreateVersion7(),
        Start = start,
        End = end,
        Title = LocalizedText.Same(title),
        Description = new LocalizedText("Ordre du jour : orientation.", "Agenda: oriëntering.", "Agenda: orientation."),
        Location = "CPAS, salle 2",
        LinkPath = "/rooms/demo-room",
        OrganizerName = "Fatima Facilitatrice",
        OrganizerEmail = "facilitatrice@cpas-demo.test",
        Recurrence = recurrence,
    };

    public static readonly InviteeSpec Alice = new("as.alice@cpas-demo.test", "Alice Assistante", "fr");
    public static readonly InviteeSpec Bram = new("ai.bram@cpas-demo.test", "Bram Trajectbegeleider", "nl");
    public static readonly InviteeSpec Carla = new("carla@partner-demo.test", "Carla Partner", "en");

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _contexts) await c.DisposeAsync();
    }
}

internal sealed record SentMail(string To, string Kind, MimeMessage Message)
{
    public string Subject => Message.Subject ?? "";
    public string Html => Message.HtmlBody ?? "";
    public TextPart CalendarPart => Message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
    public string Method => CalendarPart.ContentType.Parameters["method"] ?? "";
    public string Ics => CalendarPart.Text;

    /// <summary>The href of a link in the HTML part whose target contains <paramref name="contains"/>.</summary>
    public string Link(string contains)
    {
        var m = System.Text.RegularExpressions.Regex.Matches(Html, "href=\"([^\"]+)\"").Select(x => System.Net.WebUtility.HtmlDecode(x.Groups[1].Value)).First(h => h.Contains(contains));
        return m;
    }

    public string ReplyToken(string answer)
    {
        var link = Link("answer=" + answer);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query);
        return query["token"]!;
    }
}

internal sealed class RecordingListener(string ownerType) : ICalendarReplyListener
{
    public string OwnerType { get; } = ownerType;
    public List<(Guid EntryId, string Email, CalendarResponse Response, string? Reason)> Calls { get; } = [];

    public Task OnReplyAsync(CaseHubDbContext db, CalendarEntry entry, CalendarInvitee invitee, CancellationToken ct)
    {
        Calls.Add((entry.Id, invitee.Email, invitee.Response, invitee.DeclineReason));
        return Task.CompletedTask;
    }
}
