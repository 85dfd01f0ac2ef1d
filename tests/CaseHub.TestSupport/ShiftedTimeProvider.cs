namespace CaseHub.TestSupport;

/// <summary>
/// The system clock, shifted so that it reads <paramref name="startAt"/> when created, then runs at normal speed:
/// an app started on an old database (an upgrade fixture) sees the time it was made, so date-driven jobs act as they
/// would have then. Timers and timestamps are the system's.
/// </summary>
public sealed class ShiftedTimeProvider(DateTimeOffset startAt) : TimeProvider
{
    public TimeSpan Offset { get; } = startAt - TimeProvider.System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => TimeProvider.System.LocalTimeZone;
}
