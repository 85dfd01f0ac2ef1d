using CaseHub.TestSupport;

namespace CaseHub.ScaleOut.Tests;

/// <summary>A node whose database or Redis cannot be reached refuses to start and says which setting to check.</summary>
public class StartupErrorTests
{
    private static async Task<string> FailedStartAsync(Dictionary<string, string> settings)
    {
        settings["App:DemoMode"] = "false";
        await using var node = new CaseHubNode("node-bad", settings);
        node.Start();
        var exit = await node.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.NotEqual(0, exit);
        return node.Output;
    }

    [Fact]
    public async Task An_unreachable_Redis_stops_the_node_with_a_message_naming_the_setting()
    {
        var output = await FailedStartAsync(new()
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(RepoPaths.NewTempDir("bad-redis"), "casehub.db")}",
            ["Redis:ConnectionString"] = $"127.0.0.1:{NodeProcess.FreePort()}",
        });
        Assert.Contains("CaseHub cannot reach Redis. Check the setting Redis:ConnectionString", output);
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_stops_the_node_with_a_message_naming_the_setting()
    {
        var output = await FailedStartAsync(new()
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = $"Host=127.0.0.1;Port={NodeProcess.FreePort()};Database=casehub;Username=casehub;Password=x;Timeout=3",
        });
        Assert.Contains("CaseHub cannot open its database (Postgres). Check the setting Database:ConnectionString", output);
    }
}
