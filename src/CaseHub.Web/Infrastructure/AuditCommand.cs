using CaseHub.Core.Audit;
using CaseHub.Core.Data;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// `dotnet run --project src/CaseHub.Web -- --verify-audit` (or `dotnet CaseHub.Web.dll --verify-audit`): checks the
/// audit chain with the app's configuration and exits 0 when intact, 2 when broken. Seals pending entries first.
/// </summary>
public static class AuditCommand
{
    public const string Argument = "--verify-audit";

    public static async Task<int> RunAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        while (await AuditChain.SealAsync(db) > 0) { }
        var result = await AuditChain.VerifyAsync(db);
        Console.WriteLine(result.Intact
            ? $"Audit chain intact: {result.Sealed} sealed entries, {result.Unsealed} waiting."
            : $"Audit chain BROKEN at entry {result.FirstBrokenSeq}: {result.Problem}.");
        return result.Intact ? 0 : 2;
    }
}
