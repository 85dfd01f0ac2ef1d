namespace CaseHub.Core.Common;

/// <summary>Name of this process among the nodes sharing one database (claims, locks, presence).</summary>
public sealed record NodeIdentity(string Name)
{
    /// <summary>A configured name (App:NodeName, shown in /healthz and logs) made unique per process start.</summary>
    public static NodeIdentity ForThisProcess(string? configuredName = null) =>
        new($"{(string.IsNullOrWhiteSpace(configuredName) ? Environment.MachineName : configuredName.Trim())}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
}
