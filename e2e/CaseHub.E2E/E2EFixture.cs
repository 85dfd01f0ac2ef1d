using CaseHub.TestSupport;

namespace CaseHub.E2E;

/// <summary>
/// One app, one SMTP sink and one Chromium for the whole run (all journeys are in one collection).
/// Chromium is Debian's (/usr/bin/chromium or $CHROMIUM_PATH), started headless with --no-sandbox (tests run as root).
/// </summary>
public sealed class E2EFixture : IAsyncLifetime
{
    public SmtpSink Smtp { get; private set; } = null!;
    public CaseHubFactory App { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartNewAsync();
        App = new CaseHubFactory(Smtp, demo: true);
        BaseUrl = App.BaseAddress.ToString().TrimEnd('/');
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(15000);
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>
    /// A fresh browser context (like a separate person on their own device), French by default; <paramref name="baseUrl"/>
    /// for a journey that runs its own app (e.g. with organisation sign-in turned on).
    /// </summary>
    public async Task<IPage> NewPageAsync(string locale = "fr-BE", ViewportSize? viewport = null, string? baseUrl = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl ?? BaseUrl,
            Locale = locale,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            TimezoneId = "Europe/Brussels",
        });
        // Generous: CI runs the browser journeys beside the integration tests on two cores.
        context.SetDefaultTimeout(30000);
        context.SetDefaultNavigationTimeout(45000);
        var page = await context.NewPageAsync();
        CspWatch.Attach(page);
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

[CollectionDefinition("e2e")]
public sealed class E2ECollection : ICollectionFixture<E2EFixture>;
