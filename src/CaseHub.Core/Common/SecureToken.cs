using System.Security.Cryptography;
using System.Text;

namespace CaseHub.Core.Common;

/// <summary>
/// Random tokens for public links (magic links, invitations, booking management, calendar feeds).
/// 256 bits of entropy, URL-safe; only the SHA-256 hash is stored, so a database leak does not leak working links.
/// </summary>
public static class SecureToken
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Cheap shape check before any database lookup: rejects garbage without touching storage.</summary>
    public static bool LooksValid(string? token)
        => token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
