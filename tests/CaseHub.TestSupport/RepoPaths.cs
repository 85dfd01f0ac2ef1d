namespace CaseHub.TestSupport;

public static class RepoPaths
{
    /// <summary>The repository root (the folder holding CaseHub.sln).</summary>
    public static string Root { get; } = FindRoot();

    public static string Tools => Path.Combine(Root, "tests", "tools");

    /// <summary>Where tests write files worth keeping (screenshots, mails): test-output/ at the root, or $CASEHUB_TEST_OUTPUT.</summary>
    public static string Output(string sub)
    {
        var dir = Path.Combine(Environment.GetEnvironmentVariable("CASEHUB_TEST_OUTPUT") ?? Path.Combine(Root, "test-output"), sub);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string NewTempDir(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), "casehub-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CaseHub.sln"))) return dir.FullName;
        throw new InvalidOperationException("CaseHub.sln not found above " + AppContext.BaseDirectory);
    }
}
