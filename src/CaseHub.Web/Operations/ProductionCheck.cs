using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Mail;
using CaseHub.Core.Releases;
using CaseHub.Web.Infrastructure;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Operations;

/// <summary>
/// <c>--check</c>: reads the configuration as a start would and says, in plain words, what is not ready for
/// production and what to set. It changes nothing (no migration, no mail sent). Exit 0 when everything is ready.
/// </summary>
public sealed class ProductionCheck(WebApplication app)
{
    /// <summary>Passwords and secrets copied from examples and test set-ups: never in production.</summary>
    private static readonly HashSet<string> DefaultSecrets = new(StringComparer.OrdinalIgnoreCase)
        { "", "casehub", "postgres", "password", "changeme", "change-me", "secret", "admin", "CaseHub-demo-2026" };

    private readonly List<CheckResult> _results = [];

    public async Task<int> RunAsync(TextWriter output)
    {
        var config = app.Configuration;
        Check(app.Environment.IsProduction(), $"Environment is {app.Environment.EnvironmentName}",
            "Set ASPNETCORE_ENVIRONMENT=Production (secure cookies, HSTS, no developer pages).");

        var appOptions = Get<AppOptions>();
        Check(!appOptions.DemoMode, "Demo mode is " + (appOptions.DemoMode ? "on" : "off"),
            "Set App:DemoMode=false: demo mode creates accounts whose password is published.");
        var publicUrl = Uri.TryCreate(appOptions.PublicBaseUrl, UriKind.Absolute, out var u) ? u : null;
        Check(publicUrl is { Scheme: "https" } && !publicUrl.IsLoopback, $"Public address {appOptions.PublicBaseUrl}",
            "Set App:PublicBaseUrl to the https:// address people use: links in mails and calendar files are built from it.");

        var database = Get<DatabaseOptions>();
        await CheckDatabaseAsync(database);
        await CheckMailAsync(Get<MailOptions>());
        CheckKeys(config);
        await CheckNodesAsync(database, config["Redis:ConnectionString"]);
        CheckSecrets(database, config);

        output.WriteLine($"CaseHub {AppVersion.Current} production check");
        foreach (var r in _results)
            output.WriteLine(r.Ready ? $"  ok         {r.What}" : $"  NOT READY  {r.What}. {r.Fix}");
        var missing = _results.Count(r => !r.Ready);
        output.WriteLine(missing == 0 ? "Ready for production." : $"Not ready for production: {missing} item(s) to fix.");
        return missing == 0 ? 0 : 1;
    }

    private T Get<T>() where T : class => app.Services.GetRequiredService<IOptions<T>>().Value;

    private void Check(bool ready, string what, string fix) => _results.Add(new CheckResult(ready, what, fix));

    private async Task CheckDatabaseAsync(DatabaseOptions database)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        try
        {
            if (!await db.Database.CanConnectAsync())
            {
                Check(!database.IsPostgres, "Database does not exist yet", "Check Database:ConnectionString (CaseHub creates the database at first start when it may).");
                return;
            }
            var state = await scope.ServiceProvider.GetRequiredService<SchemaGuard>().ReadAsync();
            var pending = state.Known.Except(state.Applied).Count();
            if (state.IsNewer)
                Check(false, $"Database was upgraded by CaseHub {state.RecordedVersion ?? "(newer)"}", $"Run that version or later: this is {AppVersion.Current}.");
            else
                Check(pending == 0 || database.MigrateOnStart, $"Database ({database.Provider}) reachable, {pending} migration(s) to apply",
                    "Database:MigrateOnStart is false: apply the migrations before starting (or turn it on).");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Check(false, $"Database ({database.Provider}) cannot be opened: {ex.GetBaseException().Message}", "Check the setting Database:ConnectionString.");
        }
    }

    private async Task CheckMailAsync(MailOptions mail)
    {
        if (mail.Transport != "Smtp")
        {
            Check(false, "Mail is written to a folder (Mail:Transport=Pickup)", "Set Mail:Transport=Smtp and Mail:Smtp:* so invitations and minutes reach people.");
            return;
        }
        Check(!mail.FromAddress.EndsWith("@localhost", StringComparison.OrdinalIgnoreCase), $"Mail sender {mail.FromAddress}",
            "Set Mail:FromAddress to an address of your organisation that may send mail.");
        var s = mail.Smtp;
        try
        {
            using var client = new SmtpClient { Timeout = Math.Min(s.TimeoutSeconds, 15) * 1000 };
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await client.ConnectAsync(s.Host, s.Port, Enum.Parse<SecureSocketOptions>(s.Security), cts.Token);
            if (!string.IsNullOrEmpty(s.UserName)) await client.AuthenticateAsync(s.UserName, s.Password ?? "", cts.Token);
            await client.DisconnectAsync(true, cts.Token);
            Check(true, $"SMTP server {s.Host}:{s.Port} answers" + (string.IsNullOrEmpty(s.UserName) ? "" : " and accepts the sign-in"), "");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Check(false, $"SMTP server {s.Host}:{s.Port} cannot be used: {ex.GetBaseException().Message}",
                "Check Mail:Smtp:Host, Port, Security, UserName and Password.");
        }
    }

    private void CheckKeys(IConfiguration config)
    {
        var plan = KeyProtectionOptions.Plan(config, app.Environment.ContentRootPath);
        switch (plan.Kind)
        {
            case KeyProtectionKind.None:
                Check(false, "Data-protection keys are stored unencrypted in the database",
                    "Set DataProtection:CertificatePath (and CertificatePassword) to a .pfx that every node reads (see docs/operations.md).");
                break;
            case KeyProtectionKind.Configured:
                try
                {
                    using var cert = plan.LoadCertificate();
                    Check(cert!.NotAfter > DateTime.Now.AddDays(30), $"Keys protected by certificate {cert.Subject}, valid until {cert.NotAfter:yyyy-MM-dd}",
                        "Renew the certificate before it expires (keep the old one readable while keys made with it are in use).");
                }
                catch (StartupException ex)
                {
                    Check(false, ex.Message, "");
                }
                break;
            case KeyProtectionKind.Generated:
                Check(true, $"Keys protected by the certificate CaseHub made at {plan.CertificatePath} (keep a copy apart from the database backups)", "");
                break;
        }
    }

    private async Task CheckNodesAsync(DatabaseOptions database, string? redis)
    {
        if (!string.IsNullOrWhiteSpace(redis))
        {
            var connection = app.Services.GetService<Infrastructure.ScaleOut.RedisConnection>();
            var reachable = connection?.WaitUntilConnected(TimeSpan.FromSeconds(5)) ?? false;
            Check(reachable, "Redis " + (reachable ? "reachable" : "unreachable"), "Check the setting Redis:ConnectionString.");
            return;
        }
        var nodes = await RecentNodesAsync();
        Check(nodes.Count <= 1, nodes.Count <= 1
                ? "One node (no Redis backplane)" + (database.IsPostgres ? "; add Redis:ConnectionString before starting a second node" : "")
                : $"{nodes.Count} nodes served this database in the last 30 days ({string.Join(", ", nodes)}) without Redis",
            "Set Redis:ConnectionString on every node: without it live rooms only reach people on the same node.");
    }

    /// <summary>Nodes that held live connections or sent mail lately (each records its name there).</summary>
    private async Task<IReadOnlyList<string>> RecentNodesAsync()
    {
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            if (!await db.Database.CanConnectAsync() || (await db.Database.GetPendingMigrationsAsync()).Any()) return [];
            var since = DateTimeOffset.UtcNow.AddDays(-30);
            var live = await db.RoomConnections.Where(c => c.LastSeenAt >= since).Select(c => c.Node).Distinct().ToListAsync();
            var mail = await db.OutboxMessages.Where(m => m.LockedBy != null && m.CreatedAt >= since).Select(m => m.LockedBy!).Distinct().ToListAsync();
            return [.. live.Concat(mail).Where(n => n != "").Distinct().Order()];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return []; // the database check above already says what is wrong
        }
    }

    private void CheckSecrets(DatabaseOptions database, IConfiguration config)
    {
        var weak = new List<string>();
        if (database.IsPostgres)
        {
            var pg = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
            if (DefaultSecrets.Contains(pg.Password ?? "")) weak.Add("Database:ConnectionString (password)");
        }
        if (config.GetValue<bool>("Oidc:Enabled") && DefaultSecrets.Contains(config["Oidc:ClientSecret"] ?? "")) weak.Add("Oidc:ClientSecret");
        if (!string.IsNullOrEmpty(config["Mail:Smtp:UserName"]) && DefaultSecrets.Contains(config["Mail:Smtp:Password"] ?? "")) weak.Add("Mail:Smtp:Password");
        var certPassword = config["DataProtection:CertificatePassword"];
        if (!string.IsNullOrEmpty(config["DataProtection:CertificatePath"]) && certPassword is not null && DefaultSecrets.Contains(certPassword))
            weak.Add("DataProtection:CertificatePassword");
        Check(weak.Count == 0, weak.Count == 0 ? "No default or example secrets" : $"Default or example secrets in {string.Join(", ", weak)}",
            "Replace them with secrets of your own.");
    }

    private sealed record CheckResult(bool Ready, string What, string Fix);
}
