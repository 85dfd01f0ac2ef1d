using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace CaseHub.Core.Tests.Data;

/// <summary>
/// From release 0.1.0 on, installed databases are upgraded in place: a released migration is what those databases
/// went through, so it may never change or disappear (ops/released-migrations.txt lists them with their hashes; a
/// new release appends its own with ops/freeze-migrations.sh). New migrations are only added after them.
/// </summary>
public partial class ReleasedMigrationsTests
{
    private static readonly string ListFile = Path.Combine(TestPaths.Root, "ops", "released-migrations.txt");

    private static List<(string Release, string Hash, string File)> Released() =>
        File.ReadAllLines(ListFile)
            .Where(l => l.Trim().Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => (p[0], p[1], p[2]))
            .ToList();

    /// <summary>The file's bytes without carriage returns (as ops/freeze-migrations.sh hashes them: a Windows checkout matches).</summary>
    private static string Sha256OfText(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path).Where(b => b != (byte)'\r').ToArray()));

    [Fact]
    public void Every_released_migration_file_is_still_there_unchanged()
    {
        var released = Released();
        Assert.Contains(released, r => r.Release == "0.1.0");
        var problems = new List<string>();
        foreach (var (release, hash, file) in released)
        {
            var path = Path.Combine(TestPaths.Root, file);
            if (!File.Exists(path)) problems.Add($"{file} (released in {release}) was deleted");
            else if (Sha256OfText(path) != hash) problems.Add($"{file} (released in {release}) was changed");
        }
        Assert.True(problems.Count == 0,
            "Released migrations are what installed databases went through: restore them from git and add a new migration " +
            "with ops/add-migration.sh instead.\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public void New_migrations_come_after_the_released_ones_and_exist_for_both_providers(string provider)
    {
        var folder = Path.Combine(TestPaths.Root, "src", $"CaseHub.Migrations.{provider}", "Migrations");
        var ids = Directory.GetFiles(folder, "*.cs").Select(Path.GetFileName).OfType<string>()
            .Select(f => MigrationId().Match(f)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().Order().ToList();
        var releasedIds = Released().Where(r => r.File.Contains($"CaseHub.Migrations.{provider}/"))
            .Select(r => MigrationId().Match(Path.GetFileName(r.File)).Groups[1].Value).ToHashSet();
        var newestReleased = releasedIds.Max()!;
        var backdated = ids.Where(id => !releasedIds.Contains(id) && string.CompareOrdinal(id, newestReleased) < 0).ToList();
        Assert.True(backdated.Count == 0,
            $"These {provider} migrations sort before the last released one ({newestReleased}), so upgraded databases would " +
            $"skip or reorder them: {string.Join(", ", backdated)}");

        var other = provider == "Sqlite" ? "Postgres" : "Sqlite";
        var names = ids.Select(Name).ToList();
        var otherNames = Directory.GetFiles(Path.Combine(TestPaths.Root, "src", $"CaseHub.Migrations.{other}", "Migrations"), "*.cs")
            .Select(Path.GetFileName).OfType<string>().Select(f => MigrationId().Match(f)).Where(m => m.Success)
            .Select(m => Name(m.Groups[1].Value)).ToHashSet();
        Assert.True(names.All(otherNames.Contains),
            $"Every migration exists for both providers (ops/add-migration.sh adds both): {provider} has " +
            string.Join(", ", names.Where(n => !otherNames.Contains(n))) + $" that {other} lacks");
    }

    private static string Name(string id) => id[(id.IndexOf('_') + 1)..];

    [GeneratedRegex(@"^(\d{14}_[A-Za-z0-9]+)(\.Designer)?\.cs$")]
    private static partial Regex MigrationId();
}
