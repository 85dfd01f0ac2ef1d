namespace CaseHub.Unit.Tests;

internal static class TestPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CaseHub.sln"))) return d.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
