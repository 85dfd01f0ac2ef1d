namespace CaseHub.Core.Accounts;

/// <summary>A single-use link token bound to a user (magic sign-in link, invitation). Only the hash is stored.</summary>
public class AccountToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public AccountTokenPurpose Purpose { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

public enum AccountTokenPurpose
{
    MagicLink = 0,
    Invitation = 1,
}
