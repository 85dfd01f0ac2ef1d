using CaseHub.Core.Accounts;
using CaseHub.Core.Data;
using CaseHub.Core.DatePolls;
using CaseHub.Core.Demo;
using CaseHub.Core.Immersion;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Web.Tests.Security;

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "Security";
}

/// <summary>
/// The fuzzer on an app of its own (xunit makes one fixture per collection): it runs beside the matrix instead of
/// after it (together about six minutes in one queue), and it checks that nothing stored changes, which only holds
/// on a database no other test writes to.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "Security fuzzing";
}

/// <summary>
/// An app with the demo data for the matrix (and another for the fuzzer): a signed-in web client per column of the matrix
/// (each role's demo user, an outsider, anonymous), the catalogue of endpoints, and the named objects that fill
/// route values ("id=meeting").
/// </summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    public const string Anonymous = "Anonymous";
    public const string Outsider = "Outsider";
    public const string OutsiderEmail = "outsider@security.casehub.test";

    /// <summary>Matrix columns after Anonymous: each role's demo user, then the outsider.</summary>
    public static readonly IReadOnlyDictionary<string, string> UserColumns = new Dictionary<string, string>
    {
        [Roles.Administrator] = "admin@demo.casehub.test",
        [Roles.Facilitator] = "facilitator@demo.casehub.test",
        [Roles.SocialWorker] = "as@demo.casehub.test",
        [Roles.InsertionAgent] = "ai@demo.casehub.test",
        [Roles.CommitteeMember] = "conseiller@demo.casehub.test",
        [Roles.Coordinator] = "coordination@demo.casehub.test",
        [Roles.PartnerWorker] = "partner@demo.casehub.test",
        [Outsider] = OutsiderEmail,
    };

    public static IReadOnlyList<string> Columns { get; } = [Anonymous, .. UserColumns.Keys];

    public CaseHubFactory App { get; private set; } = null!;
    public IReadOnlyList<CatalogEntry> Catalog { get; private set; } = [];
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, FormClient> Web { get; } = [];
    public Dictionary<string, string> Tokens { get; } = [];

    public async Task InitializeAsync()
    {
        App = new CaseHubFactory(demo: true, settings: new Dictionary<string, string?>
        {
            // Every hub method is called by every column in a few seconds: no per-connection throttling here.
            ["Rooms:CommandBurst"] = "10000",
            ["Rooms:CommandsPerFiveSeconds"] = "10000",
            ["Rooms:WatchIntervalSeconds"] = "60",
        });
        _ = App.BaseAddress;
        Catalog = await EndpointCatalog.ReadAsync(App.Services);

        // The outsider holds every role but Administrator and is a member of a meeting of their own only.
        var outsider = await App.CreateUserAsync(OutsiderEmail, "Olivier Outsider", Roles.SocialWorker);
        await App.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var u = await users.FindByIdAsync(outsider.Id.ToString());
            await users.AddToRolesAsync(u!, Roles.All.Except([Roles.Administrator, Roles.SocialWorker]));
        });
        var throwaway = await App.CreateUserAsync("target@security.casehub.test", "Tania Target", Roles.SocialWorker);
        Values["user"] = throwaway.Id.ToString();
        Values["outsider-meeting"] = (await CreateMeetingAsync(OutsiderEmail, [])).ToString();
        var meeting = await CreateStandardMeetingAsync();
        Values["meeting"] = meeting.ToString();
        Values["meeting-notes"] = Room.NotesKeyFor(meeting);
        Values["meeting-b"] = (await CreateStandardMeetingAsync()).ToString();
        // A date poll on the standard meeting: the facilitator organises it, the other participants are asked.
        await App.WithScopeAsync(async sp =>
        {
            var organiser = await sp.GetRequiredService<CaseHubDbContext>().Users.Where(u => u.Email == "facilitator@demo.casehub.test").Select(u => u.Id).SingleAsync();
            var start = DateTimeOffset.UtcNow.AddDays(7);
            Values["poll"] = (await sp.GetRequiredService<DatePollService>().OpenAsync(meeting, organiser, [new DatePollSlotInput(start, start.AddHours(1))], false)).ToString();
        });
        Values["token"] = "not-a-valid-token-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
        Values["unknown"] = "0197a000-0000-7000-8000-000000000000";
        await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CaseHubDbContext>();
            async Task Add(string name, IQueryable<Guid> ids)
            {
                var id = await ids.FirstOrDefaultAsync();
                if (id != Guid.Empty) Values[name] = id.ToString();
            }
            await Add("conference", db.Conferences.OrderBy(c => c.Id).Select(c => c.Id));
            await Add("conference-room", db.Conferences.OrderBy(c => c.Id).Select(c => c.RoomId));
            await Add("conference-case", db.ConferenceCases.OrderBy(c => c.Id).Select(c => c.Id));
            await Add("committee", db.CommitteeSessions.OrderBy(c => c.Id).Select(c => c.Id));
            await Add("committee-room", db.CommitteeSessions.OrderBy(c => c.Id).Select(c => c.RoomId));
            await Add("committee-case", db.ExerciseCases.OrderBy(c => c.Id).Select(c => c.Id));
            await Add("intervision-team", db.IntervisionTeams.OrderBy(c => c.Id).Select(c => c.Id));
            await Add("intervision-session", db.IntervisionSessions.Where(s => s.RoomId != Guid.Empty).OrderBy(c => c.Id).Select(c => c.Id));
            await Add("intervision-room", db.IntervisionSessions.Where(s => s.RoomId != Guid.Empty).OrderBy(c => c.Id).Select(c => c.RoomId));
            await Add("campaign", db.ImmersionCampaigns.OrderBy(c => c.Id).Select(c => c.Id));
            var campaign = Guid.Parse(Values["campaign"]);
            await Add("offer", db.ImmersionOffers.Where(o => o.CampaignId == campaign).OrderBy(c => c.Id).Select(c => c.Id));
            // The demo campaign may have no placed participant before its matching runs (only unplaced rows, which have no
            // debrief): place its first participant on its first date, as a manual move so that the matrix's own "run the
            // matching" row keeps it.
            if (!await db.ImmersionPlacements.AnyAsync(p => p.CampaignId == campaign && p.OfferDateId != null))
            {
                var participant = await db.ImmersionParticipants.Where(p => p.CampaignId == campaign).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
                var date = await db.ImmersionOfferDates.Where(d => db.ImmersionOffers.Any(o => o.Id == d.OfferId && o.CampaignId == campaign))
                    .OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
                db.ImmersionPlacements.Add(new CaseHub.Core.Immersion.ImmersionPlacement { CampaignId = campaign, ParticipantId = participant, OfferDateId = date, Manual = true, UpdatedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            }
            await Add("placement", db.ImmersionPlacements.Where(p => p.CampaignId == campaign && p.OfferDateId != null).OrderBy(c => c.Id).Select(c => c.Id));
            await Add("discovery-day", db.DiscoveryDays.OrderBy(c => c.Id).Select(c => c.Id));
            await Add("calendar-entry", db.CalendarEntries.OrderBy(c => c.Id).Select(c => c.Id));
            var form = await sp.GetRequiredService<ImmersionDebrief>().EnsureFormAsync(campaign, "fr");
            await db.SaveChangesAsync();
            Values["feedback-form"] = form.Id.ToString();
        });

        await Task.WhenAll(Columns.Select(async column =>
        {
            var client = App.NewClient();
            if (UserColumns.TryGetValue(column, out var email)) await client.SignInAsync(email, DemoData.Password);
            Web[column] = client;
            Tokens[column] = await TokenAsync(client, column == Anonymous);
        }));
    }

    public static async Task<string> TokenAsync(FormClient client, bool anonymous)
        => FormClient.AntiforgeryToken(await client.GetStringAsync(anonymous ? "/account/sign-in" : "/account/profile"))
           ?? throw new InvalidOperationException("No antiforgery token");

    /// <summary>A new, separately signed-in client (for rows that end the session they run in).</summary>
    public async Task<(FormClient Client, string Token)> FreshClientAsync(string column)
    {
        var client = App.NewClient();
        if (UserColumns.TryGetValue(column, out var email)) await client.SignInAsync(email, DemoData.Password);
        return (client, await TokenAsync(client, column == Anonymous));
    }

    private Task<Guid> CreateStandardMeetingAsync() => CreateMeetingAsync("facilitator@demo.casehub.test",
        [("as@demo.casehub.test", RoomRole.CoChair, null), ("ai@demo.casehub.test", RoomRole.Participant, "rapporteur"),
         ("partner@demo.casehub.test", RoomRole.Participant, null), ("conseiller@demo.casehub.test", RoomRole.Observer, null)]);

    private async Task<Guid> CreateMeetingAsync(string organiserEmail, (string Email, RoomRole Role, string? ProtocolRole)[] participants)
    {
        Guid id = default;
        await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CaseHubDbContext>();
            var organiser = await db.Users.Where(u => u.Email == organiserEmail).Select(u => u.Id).SingleAsync();
            var specs = new List<ParticipantSpec>();
            foreach (var (email, role, protocolRole) in participants)
                specs.Add(new ParticipantSpec(await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(), role, protocolRole));
            var now = DateTimeOffset.UtcNow;
            var room = await sp.GetRequiredService<RoomService>().CreateAsync(new RoomSpec("Réunion de réseau (test)", NetworkMeetingProtocol.Key,
                now, now.AddHours(2), "Salle du conseil", null, null, specs), organiser);
            await db.SaveChangesAsync();
            id = room.Id;
        });
        return id;
    }

    public async Task DisposeAsync()
    {
        foreach (var c in Web.Values) c.Dispose();
        await App.DisposeAsync();
    }
}
