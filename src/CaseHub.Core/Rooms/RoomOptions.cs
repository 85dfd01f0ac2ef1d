using System.ComponentModel.DataAnnotations;

namespace CaseHub.Core.Rooms;

public sealed class RoomOptions
{
    public const string Section = "Rooms";

    /// <summary>How long the chair's connection may be gone before a co-chair or participant takes over.</summary>
    [Range(1, 3600)] public int ChairHandoverSeconds { get; set; } = 30;
    /// <summary>How often the chair watch runs.</summary>
    [Range(0.1, 60)] public double WatchIntervalSeconds { get; set; } = 2;
    /// <summary>Each node refreshes its live connections this often…</summary>
    [Range(1, 600)] public int HeartbeatSeconds { get; set; } = 15;
    /// <summary>…and a connection not refreshed for this long (its node died) no longer counts as present.</summary>
    [Range(5, 3600)] public int StaleConnectionSeconds { get; set; } = 60;

    /// <summary>Live commands one connection may send at once, and how many it regains every 5 seconds (notes typing has ten times more).</summary>
    [Range(1, 10000)] public int CommandBurst { get; set; } = 30;
    [Range(1, 10000)] public int CommandsPerFiveSeconds { get; set; } = 15;

    /// <summary>How often each node checks that its live connections' sign-ins are still valid (revoked: dropped).</summary>
    [Range(0.2, 300)] public double SessionCheckSeconds { get; set; } = 10;
}
