using CaseHub.Core.Common;

namespace CaseHub.Core.Notes;

/// <summary>What a user may do with a notes document.</summary>
public sealed record NotesAccess(bool CanWrite);

/// <summary>
/// Decides who reads and writes a notes document. Each feature that owns documents (rooms, immersion debriefs…)
/// registers one for its key prefix; the hub asks on every call, so a removed member loses access at once.
/// </summary>
public interface INotesAccessPolicy
{
    /// <summary>The key prefix this policy owns, e.g. "room:".</summary>
    string Prefix { get; }

    /// <summary>The access, or null when the user may not read the document (the caller answers "not found").</summary>
    Task<NotesAccess?> CheckAsync(string docKey, Guid userId, CancellationToken ct = default);
}

/// <summary>Finds the policy for a key. Unknown prefixes are refused: no document is reachable by default.</summary>
public sealed class NotesAuthorizer(IEnumerable<INotesAccessPolicy> policies)
{
    public async Task<NotesAccess> RequireReadAsync(string? docKey, Guid userId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(docKey) || docKey.Length > 200) throw DomainException.NotFound();
        var policy = policies.FirstOrDefault(p => docKey.StartsWith(p.Prefix, StringComparison.Ordinal)) ?? throw DomainException.NotFound();
        return await policy.CheckAsync(docKey, userId, ct) ?? throw DomainException.NotFound();
    }

    public async Task RequireWriteAsync(string? docKey, Guid userId, CancellationToken ct = default)
    {
        if (!(await RequireReadAsync(docKey, userId, ct)).CanWrite) throw new DomainException("Notes.Error.ReadOnly") { IsForbidden = true };
    }
}
