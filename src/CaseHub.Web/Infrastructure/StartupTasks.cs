using CaseHub.Core.Common;
using CaseHub.Core.Data;
using CaseHub.Core.Demo;
using CaseHub.Core.Releases;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Infrastructure;

/// <summary>Before serving: create the data folder, migrate, create roles, seed demo data on first start.</summary>
public static partial class StartupTasks
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var dbOptions = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var appOptions = app.Services.GetRequiredService<IOptions<AppOptions>>().Value;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CaseHub.Startup");

        if (!dbOptions.IsPostgres)
        {
            var file = new SqliteConnectionStringBuilder(dbOptions.ConnectionString).DataSource;
            if (!string.IsNullOrEmpty(file) && file != ":memory:")
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var schema = scope.ServiceProvider.GetRequiredService<SchemaGuard>();
        try
        {
            if (dbOptions.MigrateOnStart) await schema.MigrateAsync();
            else (await schema.ReadAsync()).ThrowIfNewer();
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not StartupException)
        {
            throw DatabaseUnreachable(dbOptions, ex);
        }

        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        if (!appOptions.DemoMode)
        {
            await seeder.EnsureRolesAsync();
            return;
        }
        var created = await seeder.SeedDemoAsync();
        // Demo mode only: the passwords of synthetic demo accounts, so a first run is usable at once.
        Console.WriteLine();
        Console.WriteLine(created ? "CaseHub demo data created. Demo accounts:" : "CaseHub demo accounts:");
        foreach (var u in DemoData.Users)
            Console.WriteLine($"  {string.Join(", ", u.Roles),-16} {u.Email,-34} password: {DemoData.Password}");
        Console.WriteLine($"  Open {appOptions.PublicBaseUrl}");
        Console.WriteLine();
        LogDemoMode(log);
    }

    /// <summary>The one-line reason a database cannot be used, naming the setting to check.</summary>
    public static StartupException DatabaseUnreachable(DatabaseOptions options, Exception ex)
        => new($"CaseHub cannot open its database ({options.Provider}). Check the setting Database:ConnectionString. {ex.GetBaseException().Message}", ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo mode is on (App:DemoMode). Turn it off in production.")]
    private static partial void LogDemoMode(ILogger logger);
}
