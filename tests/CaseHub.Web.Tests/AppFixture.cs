using CaseHub.TestSupport;

namespace CaseHub.Web.Tests;

/// <summary>One app (demo data seeded) and one real SMTP server shared by the tests of a class.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public SmtpSink Smtp { get; private set; } = null!;
    public CaseHubFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartNewAsync();
        App = new CaseHubFactory(Smtp, demo: true);
        _ = App.BaseAddress; // start the server now, not in the first test
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
