using System.Reflection;

namespace CaseHub.Core.Releases;

/// <summary>
/// The release number of this build: one number, set once in Directory.Build.props (&lt;Version&gt;), read from the
/// assembly so /healthz, the footer, <c>--version</c> and the database's version history all say the same thing.
/// </summary>
public static class AppVersion
{
    /// <summary>e.g. "0.1.0" (the informational version without the "+commit" suffix the SDK appends).</summary>
    public static string Current { get; } = Read().Version;

    /// <summary>The source commit the build came from when the SDK knew it (a git checkout), else null.</summary>
    public static string? Commit { get; } = Read().Commit;

    private static (string Version, string? Commit) Read()
    {
        var info = typeof(AppVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(AppVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var plus = info.IndexOf('+');
        return plus < 0 ? (info, null) : (info[..plus], info[(plus + 1)..]);
    }
}
