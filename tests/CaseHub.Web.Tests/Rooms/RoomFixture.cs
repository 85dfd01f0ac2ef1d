using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaseHub.Web.Tests.Rooms;

/// <summary>One app with demo users, a controllable clock and a real SMTP server for the room tests.</summary>
public class RoomFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public SmtpSink Smtp { get; private set; } = null!;
    public CaseHubFactory App { get; private set; } = null!;

    public const string Chair = "facilitator@demo.casehub.test";
    public const string As = "as@demo.casehub.test";
    public const string Ai = "ai@demo.casehub.test";
    public const string Partner = "partner@demo.casehub.test";
    public const string Councillor = "conseiller@demo.casehub.test";

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartNewAsync();
        App = new CaseHubFactory(Smtp, Clock, demo: true, settings: new Dictionary<string, string?>
        {
            // The chair watch is driven by the tests (RunOnceAsync), not by its background loop.
            ["Rooms:WatchIntervalSeconds"] = "60",
        }.Concat(ExtraSettings).ToDictionary());
        _ = App.BaseAddress;
    }

    /// <summary>Settings a derived fixture adds (e.g. a strict rate limit).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    public Task<Guid> UserIdAsync(string email) => App.WithDbAsync(async db => db.Users.Single(u => u.Email == email).Id);

    /// <summary>Creates a network meeting chaired by the facilitator with the given participants.</summary>
    public async Task<Guid> CreateMeetingAsync(params (string Email, RoomRole Role, string? ProtocolRole)[] participants)
    {
        var organiser = await UserIdAsync(Chair);
        var specs = new List<ParticipantSpec>();
        foreach (var (email, role, protocolRole) in participants) specs.Add(new ParticipantSpec(await UserIdAsync(email), role, protocolRole));
        Guid id = default;
        await App.WithScopeAsync(async sp =>
        {
            var rooms = sp.GetRequiredService<RoomService>();
            var now = Clock.GetUtcNow();
            var room = await rooms.CreateAsync(new RoomSpec("Réunion de réseau AMIF", NetworkMeetingProtocol.Key, now, now.AddHours(2),
                "Salle du conseil", null, null, specs), organiser);
            await sp.GetRequiredService<CaseHubDbContext>().SaveChangesAsync();
            id = room.Id;
        });
        return id;
    }

    public Task<Guid> CreateStandardMeetingAsync() => CreateMeetingAsync(
        (As, RoomRole.CoChair, null), (Ai, RoomRole.Participant, "rapporteur"), (Partner, RoomRole.Participant, null), (Councillor, RoomRole.Observer, null));

    public Task RunChairWatchAsync() => App.Services.GetRequiredService<ChairWatch>().RunOnceAsync();
}
