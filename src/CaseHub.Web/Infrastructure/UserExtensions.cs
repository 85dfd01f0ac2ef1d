using System.Security.Claims;

namespace CaseHub.Web.Infrastructure;

public static class UserExtensions
{
    /// <summary>The signed-in user's id (Identity stores it as the NameIdentifier claim).</summary>
    public static Guid UserId(this ClaimsPrincipal user)
        => Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    public static bool IsSignedIn(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;
}
