using System.Globalization;
using System.Net;
using CaseHub.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaseHub.TestSupport;

/// <summary>
/// CaseHub on real Kestrel (a loopback port), on its own real database (a SQLite file in a temp folder by default;
/// PostgreSQL when CASEHUB_TEST_DB=Postgres), sending mail to a real SMTP server when one is given.
/// Creating a second factory on the same <see cref="DataDirectory"/> is a restart.
/// </summary>
public class CaseHubFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public string DataDirectory { get; }
    public SmtpSink? Smtp { get; }
    public FakeTimeProvider? Clock { get; }

    /// <summary>Any other clock the app should use (e.g. the system clock shifted to an upgrade fixture's instant); <see cref="Clock"/> wins when both are set.</summary>
    public TimeProvider? TimeProvider { get; }

    public CaseHubFactory(SmtpSink? smtp = null, FakeTimeProvider? clock = null, string? dataDirectory = null,
        bool demo = false, IDictionary<string, string?>? settings = null, int port = 0, TimeProvider? timeProvider = null)
    {
        Smtp = smtp;
        Clock = clock;
        TimeProvider = timeProvider;
        DataDirectory = dataDirectory ?? RepoPaths.NewTempDir("app");
        _settings = new Dictionary<string, string?>
        {
            ["App:DemoMode"] = demo ? "true" : "false",
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(DataDirectory, "casehub.db")}",
            ["Mail:Transport"] = smtp is null ? "Pickup" : "Smtp",
            ["Mail:PickupDirectory"] = Path.Combine(DataDirectory, "mail-pickup"),
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = (smtp?.Port ?? 25).ToString(CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
            ["Mail:PollIntervalSeconds"] = "0.2",
            ["Mail:RetryBaseSeconds"] = "0.2",
            // A test that stops the app abruptly must see unfinished claims expire quickly.
            ["Mail:ClaimSeconds"] = "5",
            ["Mail:Smtp:TimeoutSeconds"] = "3",
            ["RateLimits:SignInPerMinute"] = "10000",
            ["RateLimits:PublicPerMinute"] = "10000",
        };
        TestDatabase.Configure(_settings, DataDirectory);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) _settings[k] = v;
        // Port 0: any free port. A fixed port lets a test restart the app where its clients will reconnect.
        UseKestrel(port);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureServices(services =>
        {
            var time = (TimeProvider?)Clock ?? TimeProvider;
            if (time is not null) services.AddSingleton<TimeProvider>(time);
            // Identity's 100,000 PBKDF2 rounds cost ~0.1–0.2 s of CPU per password hashed or checked; every demo app seeds
            // ~20 accounts and the tests sign in hundreds of times, which on two cores added minutes to a run. Hashes made
            // with more rounds (the 0.1.0 upgrade fixtures) still verify: the count is stored in each hash.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = TestPasswords.IterationCount);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestDatabase.Release(Setting("Database:ConnectionString"));
        GC.SuppressFinalize(this);
    }

    /// <summary>A setting as this app was configured (e.g. its database connection string).</summary>
    public string? Setting(string key) => _settings.GetValueOrDefault(key);

    /// <summary>The server's base address (http://127.0.0.1:port), starting it if needed.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        }
    }

    /// <summary>A client that keeps cookies and does not follow redirects, like a browser user one step at a time.</summary>
    public FormClient NewClient(string? acceptLanguage = "fr") => FormClient.For(BaseAddress, acceptLanguage);

    /// <summary>Creates an active user (for tests that change a user, so shared demo users stay as they are).</summary>
    public async Task<Core.Accounts.AppUser> CreateUserAsync(string email, string name, string role, string language = "fr",
        string password = Core.Demo.DemoData.Password, Guid? organisationId = null, Guid? serviceId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Accounts.AppUser>>();
        var user = new Core.Accounts.AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Language = language,
            OrganisationId = organisationId, ServiceId = serviceId, CreatedAt = DateTimeOffset.UtcNow, ActivatedAt = DateTimeOffset.UtcNow,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join(", ", created.Errors.Select(e => e.Code)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    public async Task<T> WithDbAsync<T>(Func<CaseHubDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CaseHubDbContext>());
    }

    public async Task WithScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }
}
