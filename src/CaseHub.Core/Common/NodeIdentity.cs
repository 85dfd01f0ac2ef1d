namespace CaseHub.Core.Common;

/// <summary>Name of this process among the nodes sharing one database (claims, locks, presence).</summary>
public sealed record NodeIdentity(string Name)
{
    public static NodeIdentity ForThisProcess() => new($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
}
