using CaseHub.TestSupport;

namespace CaseHub.ScaleOut.Tests.Operations;

/// <summary>Runs the built CaseHub.Web.dll with operator arguments, as an administrator would on the server.</summary>
internal static class Cli
{
    public sealed record Result(int Exit, string Output)
    {
        /// <summary>An operator-facing failure: one message, never a .NET stack trace.</summary>
        public void AssertNoStackTrace()
        {
            Assert.DoesNotContain("Unhandled exception", Output);
            Assert.DoesNotContain("   at ", Output);
        }
    }

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var environment = new Dictionary<string, string>(settings);
        // A database nobody uses: if an override on the command line were ignored, the command would fail loudly
        // instead of touching the developer's own data/casehub.db.
        environment.TryAdd("Database:ConnectionString", $"Data Source={Path.Combine(RepoPaths.NewTempDir("cli-unused"), "missing", "never.db")}");
        await using var node = new CaseHubNode("cli", environment);
        node.Start(args);
        var exit = await node.WaitForExitAsync(TimeSpan.FromSeconds(120));
        return new Result(exit, node.Output);
    }

    public static string Sqlite(string file) => $"Data Source={file}";
}
