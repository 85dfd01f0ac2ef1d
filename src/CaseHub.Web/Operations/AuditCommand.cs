using CaseHub.Core.Audit;
using CaseHub.Core.Data;
using CaseHub.Core.Releases;
using CaseHub.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Operations;

/// <summary>
/// `dotnet CaseHub.Web.dll --verify-audit`: checks the audit chain with the app's configuration and exits 0 when
/// intact, 2 when broken. Seals pending entries first.
/// </summary>
public static class AuditCommand
{
    public static async Task<int> RunAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        AuditChain.Verification result;
        try
        {
            var schema = await scope.ServiceProvider.GetRequiredService<SchemaGuard>().ReadAsync();
            if (schema.Applied.Count == 0)
                throw new InvalidOperationException("There is no CaseHub database there (it cannot be reached, or nothing was ever migrated into it).");
            schema.ThrowIfNewer();
            while (await AuditChain.SealAsync(db) > 0) { }
            result = await AuditChain.VerifyAsync(db);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not Core.Common.StartupException)
        {
            throw StartupTasks.DatabaseUnreachable(app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value, ex);
        }
        Console.WriteLine(result.Intact
            ? $"Audit chain intact: {result.Sealed} sealed entries, {result.Unsealed} waiting."
            : $"Audit chain BROKEN at entry {result.FirstBrokenSeq}: {result.Problem}.");
        return result.Intact ? 0 : 2;
    }
}
