using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Releases;
using CaseHub.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Operations;

/// <summary>
/// The operator's commands on a built (not started) app: same configuration as a start, nothing served, no
/// background work. Each returns the process exit code; a reason it cannot run is a <see cref="StartupException"/>.
/// </summary>
public static class OperatorCommands
{
    public static string VersionText => $"CaseHub {AppVersion.Current}" + (AppVersion.Commit is { } c ? $" ({c[..Math.Min(12, c.Length)]})" : "");

    public static async Task<int> RunAsync(CommandLine command, WebApplication app) => command.Mode switch
    {
        OperatorMode.Check => await new ProductionCheck(app).RunAsync(Console.Out),
        OperatorMode.VerifyAudit => await AuditCommand.RunAsync(app),
        OperatorMode.Backup => Backup(app, command.Value!),
        OperatorMode.Restore => Restore(app, command.Value!),
        OperatorMode.InviteAdministrator => await InviteAdministratorAsync(app, command.Value!),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.Mode, null),
    };

    /// <summary>A consistent copy of the running SQLite database (and the key certificate CaseHub made beside it).</summary>
    private static int Backup(WebApplication app, string file)
    {
        var database = Database(app);
        if (database.IsPostgres)
            throw new StartupException("This installation uses PostgreSQL: back it up with pg_dump (see docs/operations.md, \"Backup and restore\").");
        var result = SqliteBackup.Backup(database.ConnectionString, file);
        var keys = KeyProtectionOptions.Plan(app.Configuration, app.Environment.ContentRootPath);
        if (keys is { Kind: KeyProtectionKind.Generated, CertificatePath: { } cert } && File.Exists(cert))
        {
            File.Copy(cert, KeysBesides(result.File));
            Console.WriteLine($"Key certificate copied to {KeysBesides(result.File)} (keep it apart from the database copies).");
        }
        Console.WriteLine($"Backup written to {result.File} ({result.Bytes / 1024} KiB), CaseHub {AppVersion.Current}.");
        return 0;
    }

    /// <summary>Puts a backup into an empty data folder; the next start applies any newer migrations.</summary>
    private static int Restore(WebApplication app, string file)
    {
        var database = Database(app);
        if (database.IsPostgres)
            throw new StartupException("This installation uses PostgreSQL: restore it with pg_restore (see docs/operations.md, \"Backup and restore\").");
        using var scope = app.Services.CreateScope();
        var known = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().Database.GetMigrations().ToList();
        var result = SqliteBackup.Restore(file, database.ConnectionString, known);
        var keys = KeyProtectionOptions.Plan(app.Configuration, app.Environment.ContentRootPath);
        var savedKeys = KeysBesides(Path.GetFullPath(file));
        if (keys is { Kind: KeyProtectionKind.Generated, CertificatePath: { } cert } && File.Exists(savedKeys) && !File.Exists(cert))
            File.Copy(savedKeys, cert);
        Console.WriteLine($"Restored {result.File} (made by CaseHub {result.MadeByVersion ?? "?"}, last migration {result.LastMigration ?? "none"}). " +
            $"Start CaseHub {AppVersion.Current} to use it" + (known.LastOrDefault() != result.LastMigration ? "; it will apply the newer migrations." : "."));
        return 0;
    }

    /// <summary>
    /// The first administrator of an installation without demo data (and a way back in when none is left): migrates the
    /// database, then queues the usual invitation mail (a single-use link valid 7 days), sent once CaseHub runs.
    /// </summary>
    private static async Task<int> InviteAdministratorAsync(WebApplication app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        try
        {
            await sp.GetRequiredService<SchemaGuard>().MigrateAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not StartupException)
        {
            throw StartupTasks.DatabaseUnreachable(Database(app), ex);
        }
        await sp.GetRequiredService<Core.Demo.DemoSeeder>().EnsureRolesAsync();
        try
        {
            var name = email.Split('@')[0];
            var user = await sp.GetRequiredService<Core.Accounts.AccountService>().InviteAsync(new Core.Accounts.InviteRequest(
                email, name.Length > 0 ? name : email, Core.Localization.Languages.Default, null, null, [Core.Accounts.Roles.Administrator]));
            Console.WriteLine($"Invitation for administrator {user.Email} queued: the mail with the sign-in link leaves when CaseHub runs " +
                "(valid 7 days). They choose their password, name and language there.");
            return 0;
        }
        catch (Core.Common.DomainException ex)
        {
            throw new StartupException(sp.GetRequiredService<Core.Localization.TextCatalog>().Format(ex.TextKey, "en", ex.Args));
        }
    }

    private static string KeysBesides(string backupFile) => backupFile + "." + KeyProtectionOptions.GeneratedFileName;

    private static DatabaseOptions Database(WebApplication app) => app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;

    /// <summary>The one-line message for a failure an operator can fix; null for a bug (which keeps its stack trace).</summary>
    public static string? Describe(Exception ex) => ex switch
    {
        StartupException s => s.Message,
        OptionsValidationException o => $"CaseHub's configuration is not valid: {string.Join(" ", o.Failures)}",
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerException!),
        _ => null,
    };
}
