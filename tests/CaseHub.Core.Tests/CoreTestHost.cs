using System.Globalization;
using System.Text.RegularExpressions;
using CaseHub.Core.Accounts;
using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Rooms;
using CaseHub.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace CaseHub.Core.Tests;

/// <summary>
/// The one Core test host: the real Core service collection (<see cref="CoreServices.AddCaseHubCore"/>, as the app
/// registers it, plus Identity's user store) on a real SQLite file in a temp folder, with a fake clock. Background
/// loops are not started; a test drives a worker with its RunOnceAsync. Each <see cref="ScopeAsync{T}"/> or
/// <see cref="NewDb"/> is its own unit of work, as separate requests (or nodes) would have; mails are read back from
/// the outbox. Feature tests add their people and helpers as extension methods (see the *Setup classes).
/// </summary>
internal class CoreTestHost : IAsyncDisposable
{
    public const string BaseUrl = "https://casehub.test";
    public const string Sender = "casehub@cpas-demo.test";
    public static readonly DateTimeOffset DefaultNow = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly IConfiguration _configuration;
    private readonly Action<IServiceCollection>? _configure;
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<CaseHubDbContext, IServiceProvider> _scopeOf = new(ReferenceEqualityComparer.Instance);
    private AsyncServiceScope? _main;

    public FakeTimeProvider Clock { get; }
    public string Directory { get; }
    public string ConnectionString { get; }
    public ServiceProvider Services { get; private set; }

    protected CoreTestHost(string name, DateTimeOffset? now, IDictionary<string, string?>? settings, Action<IServiceCollection>? configure)
    {
        Clock = new FakeTimeProvider(now ?? DefaultNow);
        Directory = RepoPaths.NewTempDir(name);
        ConnectionString = $"Data Source={Path.Combine(Directory, name + ".db")}";
        var values = new Dictionary<string, string?>
        {
            ["App:PublicBaseUrl"] = BaseUrl,
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = ConnectionString,
            ["Mail:FromAddress"] = Sender,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        _configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        _configure = configure;
        Services = Build();
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        _configure?.Invoke(services);
        services.TryAddSingleton<IRoomBroadcaster, SilentRooms>();
        services.AddCaseHubCore(_configuration, Directory);
        // Some Core services create accounts through Identity (the web host registers the full set).
        services.AddIdentityCore<AppUser>(o => o.User.RequireUniqueEmail = true).AddRoles<IdentityRole<Guid>>().AddEntityFrameworkStores<CaseHubDbContext>();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = TestPasswords.IterationCount);
        return services.BuildServiceProvider();
    }

    public static Task<CoreTestHost> CreateAsync(string name = "core", DateTimeOffset? now = null, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
        => InitAsync(new CoreTestHost(name, now, settings, configure));

    /// <summary>A host with the people and data a feature's tests start from (<paramref name="seed"/>), kept as <see cref="CoreTestHost{TCast}.Cast"/>.</summary>
    public static async Task<CoreTestHost<TCast>> CreateAsync<TCast>(string name, Func<CoreTestHost, Task<TCast>> seed, DateTimeOffset? now = null,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var host = await InitAsync(new CoreTestHost<TCast>(name, now, settings, configure));
        host.Cast = await seed(host);
        return host;
    }

    private static async Task<T> InitAsync<T>(T host) where T : CoreTestHost
    {
        await host.DbAsync(db => db.Database.EnsureCreatedAsync());
        return host;
    }

    // ------------------------------------------------------------------ units of work

    public async Task<T> ScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task ScopeAsync(Func<IServiceProvider, Task> action) => ScopeAsync(async sp => { await action(sp); return true; });

    public Task<T> InScopeAsync<TService, T>(Func<TService, Task<T>> action) where TService : notnull
        => ScopeAsync(sp => action(sp.GetRequiredService<TService>()));

    public Task InScopeAsync<TService>(Func<TService, Task> action) where TService : notnull
        => ScopeAsync(sp => action(sp.GetRequiredService<TService>()));

    public Task<T> DbAsync<T>(Func<CaseHubDbContext, Task<T>> action) => InScopeAsync(action);

    /// <summary>A new unit of work (its own scope, kept until the host is disposed); <see cref="Get{T}(CaseHubDbContext)"/> gives services of the same one.</summary>
    public CaseHubDbContext NewDb()
    {
        var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        lock (_owned) // tests open units of work from several threads at once
        {
            _owned.Add(scope);
            _scopeOf[db] = scope.ServiceProvider;
        }
        return db;
    }

    /// <summary>A service of the unit of work <paramref name="db"/> belongs to (one came from <see cref="NewDb"/> or <see cref="Db"/>).</summary>
    public T Get<T>(CaseHubDbContext db) where T : notnull
    {
        IServiceProvider scope;
        lock (_owned) scope = _scopeOf[db];
        return scope.GetRequiredService<T>();
    }

    /// <summary>A service in a new unit of work, as one request would get it.</summary>
    public T New<T>() where T : notnull => Get<T>(NewDb());

    /// <summary>The host's own long-lived unit of work, for tests that go step by step with one DbContext.</summary>
    public CaseHubDbContext Db
    {
        get
        {
            if (_main is null)
            {
                _main = Services.CreateAsyncScope();
                lock (_owned)
                {
                    _owned.Add(_main.Value);
                    _scopeOf[Main.GetRequiredService<CaseHubDbContext>()] = Main;
                }
            }
            return Main.GetRequiredService<CaseHubDbContext>();
        }
    }

    /// <summary>A service of <see cref="Db"/>'s unit of work (or a singleton).</summary>
    public T Get<T>() where T : notnull => Get<T>(Db);

    private IServiceProvider Main => _main!.Value.ServiceProvider;

    /// <summary>A restart: new singletons (engines, workers), new units of work, the same database file.</summary>
    public void Restart()
    {
        _owned.Add(Services);
        _main = null;
        Services = Build();
    }

    // ------------------------------------------------------------------ people and mail

    /// <summary>A user (and the role, created when missing), saved.</summary>
    public Task<AppUser> AddUserAsync(string email, string name, string language = "fr", string? role = null, Guid? organisationId = null, Guid? serviceId = null)
        => DbAsync(async db =>
        {
            var user = new AppUser
            {
                UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(),
                DisplayName = name, Language = language, OrganisationId = organisationId, ServiceId = serviceId, CreatedAt = Clock.GetUtcNow(),
            };
            db.Users.Add(user);
            if (role is not null)
            {
                var r = await db.Roles.FirstOrDefaultAsync(x => x.Name == role);
                if (r is null) db.Roles.Add(r = new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7(), NormalizedName = role.ToUpperInvariant() });
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = r.Id });
            }
            await db.SaveChangesAsync();
            return user;
        });

    /// <summary>Every queued mail, oldest first, parsed back from its stored MIME.</summary>
    public async Task<List<SentMail>> MailsAsync()
    {
        var rows = await DbAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());
        return rows.Select(r => new SentMail(r.ToAddress, r.Kind, r.DedupKey, MimeMessage.Load(new MemoryStream(r.Mime)))).ToList();
    }

    public async Task<List<SentMail>> MailsToAsync(string address, string? kind = null)
        => (await MailsAsync()).Where(m => m.To == address && (kind is null || m.Kind == kind)).ToList();

    public Task<int> MailCountAsync() => DbAsync(db => db.OutboxMessages.CountAsync());

    public async ValueTask DisposeAsync()
    {
        foreach (var o in Enumerable.Reverse(_owned)) await o.DisposeAsync();
        await Services.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { /* best effort */ } catch (UnauthorizedAccessException) { /* best effort */ }
    }

    private sealed class SilentRooms : IRoomBroadcaster
    {
        public Task PatchAsync(Guid roomId, RoomPatch patch) => Task.CompletedTask;
        public Task PresenceAsync(Guid roomId, IReadOnlyList<ParticipantView> participants) => Task.CompletedTask;
        public Task RemovedAsync(Guid roomId, Guid userId, IReadOnlyList<string> connectionIds) => Task.CompletedTask;
        public Task FeatureAsync(Guid roomId, RoomFeatureChange change) => Task.CompletedTask;
    }
}

/// <summary>A host with the people and data a feature's tests start from.</summary>
internal sealed class CoreTestHost<TCast>(string name, DateTimeOffset? now, IDictionary<string, string?>? settings, Action<IServiceCollection>? configure)
    : CoreTestHost(name, now, settings, configure)
{
    public TCast Cast { get; internal set; } = default!;
}

/// <summary>A queued mail read back from its MIME.</summary>
internal sealed partial record SentMail(string To, string Kind, string? DedupKey, MimeMessage Message)
{
    public string Subject => Message.Subject ?? "";
    public string Text => Message.TextBody ?? "";
    public string Html => Message.HtmlBody ?? "";
    public TextPart? CalendarPart => Message.BodyParts.OfType<TextPart>().FirstOrDefault(p => p.ContentType.MimeType == "text/calendar");
    public string? Method => CalendarPart?.ContentType.Parameters["method"];
    public string Ics => CalendarPart?.Text ?? "";
    public int Sequence => int.Parse(SequenceRegex().Match(CalendarPart!.Text).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>The token of a personal link under <paramref name="pathPrefix"/> in the text part, or null.</summary>
    public string? Token(string pathPrefix)
    {
        var m = Regex.Match(Text, Regex.Escape(CoreTestHost.BaseUrl + pathPrefix) + "([A-Za-z0-9_-]{43})");
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The href of a link in the HTML part whose target contains <paramref name="contains"/>.</summary>
    public string Link(string contains)
        => Regex.Matches(Html, "href=\"([^\"]+)\"").Select(x => System.Net.WebUtility.HtmlDecode(x.Groups[1].Value)).First(h => h.Contains(contains));

    /// <summary>The token of the calendar reply link for <paramref name="answer"/> (yes, no, maybe).</summary>
    public string ReplyToken(string answer)
        => System.Web.HttpUtility.ParseQueryString(new Uri(Link("answer=" + answer)).Query)["token"]!;

    [GeneratedRegex(@"SEQUENCE:(\d+)")]
    private static partial Regex SequenceRegex();
}
