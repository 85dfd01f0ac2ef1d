namespace CaseHub.Core.Rooms;

/// <summary>Used when no notes feature is registered: meetings close with empty notes.</summary>
internal sealed class NoRoomNotes : IRoomNotes
{
    public Task<string> GetTextAsync(string docKey, CancellationToken ct = default) => Task.FromResult("");
}
