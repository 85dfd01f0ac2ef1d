using CaseHub.Core.Calendar;
using CaseHub.Core.Data;
using CaseHub.Core.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Core.Tests.Calendar;

/// <summary>Calendar tests: the host on 2026-01-02 with two recording reply listeners, sample entries and people.</summary>
internal static class CalendarSetup
{
    public const string Sender = CoreTestHost.Sender;
    public const string BaseUrl = CoreTestHost.BaseUrl;
    public static readonly TextCatalog Texts = TextCatalog.LoadFrom(typeof(CalendarService).Assembly);

    public static Task<CoreTestHost> CreateAsync() => CoreTestHost.CreateAsync("calendar", new DateTimeOffset(2026, 1, 2, 9, 0, 0, TimeSpan.Zero), configure: s =>
    {
        s.AddSingleton<ICalendarReplyListener>(new RecordingListener("test-room"));
        s.AddSingleton<ICalendarReplyListener>(new RecordingListener("other-feature"));
    });

    /// <summary>The calendar service of the host's own unit of work (<see cref="CoreTestHost.Db"/>).</summary>
    public static CalendarService Calendar(this CoreTestHost host) => host.Get<CalendarService>();

    /// <summary>The calendar service of another unit of work.</summary>
    public static CalendarService NewService(this CoreTestHost host, CaseHubDbContext db) => host.Get<CalendarService>(db);

    /// <summary>The listener of the test owner type ("test-room").</summary>
    public static RecordingListener Listener(this CoreTestHost host) => Listeners(host).Single(l => l.OwnerType == "test-room");

    /// <summary>The listener of another owner type: never told of the test entries' replies.</summary>
    public static RecordingListener OtherListener(this CoreTestHost host) => Listeners(host).Single(l => l.OwnerType == "other-feature");

    private static IEnumerable<RecordingListener> Listeners(CoreTestHost host) => host.Services.GetServices<ICalendarReplyListener>().OfType<RecordingListener>();

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
